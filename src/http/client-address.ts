import ipaddr from 'ipaddr.js';

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

function parsed(address: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!address || !ipaddr.isValid(address)) return null;
  return ipaddr.process(address);
}

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
  if (ipv4 !== null) return ipaddr.IPv4.isValidFourPartDecimal(ipv4) ? ipv4 : UNKNOWN_CLIENT;
  return networkOf(address, { ipv4: 32, ipv6: 56 });
}

/** The client as the audit keeps it: the network of its address (/24 for IPv4, /56 for IPv6), never the address. */
export function clientNetwork(address: string | undefined): string {
  return networkOf(address, { ipv4: 24, ipv6: 56 });
}
