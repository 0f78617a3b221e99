import type { RequestHandler } from 'express';
import ipaddr from 'ipaddr.js';
import type { Logger } from 'pino';

/**
 * Client addresses as the limiters and the audit see them. ipaddr.js does the
 * address arithmetic; the one shortcut is a plain or IPv4-mapped IPv4 address,
 * which is by far the common case and needs no parse to be recognised.
 */

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The bucket every address that cannot be known or parsed shares: never one of its own. */
const UNKNOWN_CLIENT = 'unknown';

/** The IPv4 address of a client, also when a dual-stack socket reports it as ::ffff:a.b.c.d; else null. */
export function ipv4Of(ip: string): string | null {
  if (!ip.includes(':')) return ip;
  return MAPPED_IPV4.exec(ip)?.[1] ?? null;
}

/**
 * An address as a trusted proxy may write it: `[2001:db8::1]:443`, `203.0.113.7:5678`,
 * `::ffff:203.0.113.7`. Brackets and a port are taken off and what is left must parse
 * as an address; anything else is null, and shares the one UNKNOWN_CLIENT bucket.
 */
function parsed(raw: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!raw) return null;
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  // ipaddr.js also reads shorthand such as 1.2.3 or 0x7f.1: a proxy writes four decimal parts.
  if (!address.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(address)) return null;
  return ipaddr.isValid(address) ? ipaddr.process(address) : null;
}

/** True when a client address can be told: false for what a proxy wrote that is not an address. */
export const isParseableAddress = (raw: string | undefined): boolean => parsed(raw) !== null;

/** The network an address belongs to, as `address/bits`: IPv4 addresses by `ipv4Bits`, IPv6 ones by `ipv6Bits`. */
export function networkOf(address: string | undefined, bits: { ipv4: number; ipv6: number }): string {
  const ip = parsed(address);
  if (!ip) return UNKNOWN_CLIENT;
  const prefix = ip.kind() === 'ipv4' ? bits.ipv4 : bits.ipv6;
  const network =
    ip.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${ip.toString()}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${ip.toString()}/${prefix}`);
  return `${network.toString()}/${prefix}`;
}

/** The per-address limiter's key: the IPv4 address, or the /56 network of an IPv6 one (one household's allocation). */
export function clientKey(address: string | undefined): string {
  if (!address) return UNKNOWN_CLIENT;
  const ipv4 = ipv4Of(address);
  if (ipv4 !== null && ipaddr.IPv4.isValidFourPartDecimal(ipv4)) return ipv4;
  const ip = parsed(address);
  if (!ip) return UNKNOWN_CLIENT;
  return ip.kind() === 'ipv4' ? ip.toString() : networkOf(address, { ipv4: 32, ipv6: 56 });
}

/** The client as the audit keeps it: the network of its address (/24 for IPv4, /56 for IPv6), never the address. */
export function clientNetwork(address: string | undefined): string {
  return networkOf(address, { ipv4: 24, ipv6: 56 });
}

/**
 * Behind a trusted proxy: a forwarded value that is not an address is counted in the
 * one shared bucket, and said in a warning (at most once a minute; never the value).
 */
export function warnOnUnparseableAddress(logger: Pick<Logger, 'warn'>): RequestHandler {
  let lastWarned = -Infinity;
  return (req, _res, next) => {
    if (!isParseableAddress(req.ip) && Date.now() - lastWarned > 60_000) {
      lastWarned = Date.now();
      logger.warn('a trusted proxy forwarded a client address that is not an address: such clients share one rate-limit bucket');
    }
    next();
  };
}
