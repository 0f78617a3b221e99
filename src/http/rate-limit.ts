import type { Request, RequestHandler, Response } from 'express';
import { type ClientRateLimitInfo, MemoryStore, type Options, rateLimit, type RateLimitInfo, type Store } from 'express-rate-limit';
import { RedisStore, type SendCommandFn } from 'rate-limit-redis';
import { clientKey, networkOf } from './client-address.ts';
import { type ProblemKind, ProblemError } from './problem.ts';

const MINUTE_MS = 60_000;

/** The network a limit counts together: an IPv4 /24 or an IPv6 /48. */
const limitNetwork = (address: string | undefined): string => networkOf(address, { ipv4: 24, ipv6: 48 });

/**
 * IETF draft-8 RateLimit and RateLimit-Policy headers, one entry per policy. The
 * library's own add a hash of the client's address as the partition key (`pk=`);
 * a short hash of an IPv4 address is reversed by trying them all, so these carry none.
 */
function setRateLimitHeaders(res: Response, name: string, info: Pick<RateLimitInfo, 'limit' | 'remaining' | 'resetTime'>, windowMs: number): number {
  const resetSeconds = Math.max(1, Math.ceil(((info.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
  if (!res.headersSent) {
    res.append('RateLimit', `"${name}";r=${info.remaining};t=${resetSeconds}`);
    res.append('RateLimit-Policy', `"${name}";q=${info.limit};w=${Math.ceil(windowMs / 1000)}`);
  }
  return resetSeconds;
}

/**
 * A limit per minute, keyed by `key`, refused with its own problem kind, Retry-After
 * and draft-8 headers. X-Forwarded-For counts only as TRUST_PROXY says (req.ip).
 */
function perMinuteLimit(options: {
  name: string;
  limit: Options['limit'];
  key: (req: Request, res: Response) => string;
  kind: ProblemKind;
  detail: string;
  store?: Store | undefined;
}): RequestHandler {
  const property = `rateLimit_${options.name}`;
  const headers: RequestHandler = (req, res, next) => {
    const info = (req as unknown as Record<string, RateLimitInfo | undefined>)[property];
    if (info) setRateLimitHeaders(res, options.name, info, MINUTE_MS);
    next();
  };
  const limiter = rateLimit({
    windowMs: MINUTE_MS,
    limit: options.limit,
    identifier: options.name,
    requestPropertyName: property,
    keyGenerator: options.key,
    standardHeaders: false,
    legacyHeaders: false,
    validate: { xForwardedForHeader: false, keyGeneratorIpFallback: false },
    ...(options.store ? { store: options.store } : {}),
    // The shared store is wrapped to fail local (FailLocalStore): this only covers a fault of the local one.
    passOnStoreError: true,
    handler: (req, res, next) => {
      const info = (req as unknown as Record<string, RateLimitInfo>)[property]!;
      const seconds = setRateLimitHeaders(res, options.name, info, MINUTE_MS);
      next(new ProblemError(options.kind, options.detail, { headers: { 'Retry-After': String(seconds) } }));
    },
  });
  return (req, res, next) => {
    void limiter(req, res, (error?: unknown) => (error ? next(error) : headers(req, res, next)));
  };
}

/** Public lookups per client address per minute (RATE_LIMIT_PER_MINUTE): the IPv4 address, or the IPv6 /56. */
export function addressRateLimit(limitPerMinute: number, store?: Store): RequestHandler {
  return perMinuteLimit({
    name: 'address',
    limit: limitPerMinute,
    key: (req) => clientKey(req.ip),
    kind: 'address-rate-limit',
    detail: 'Too many lookups from your address. Wait a minute and try again.',
    store,
  });
}

/** Public lookups per network per minute (NETWORK_RATE_LIMIT_PER_MINUTE): every address of an IPv4 /24 or IPv6 /48 together. */
export function networkRateLimit(limitPerMinute: number, store?: Store): RequestHandler {
  return perMinuteLimit({
    name: 'network',
    limit: limitPerMinute,
    key: (req) => limitNetwork(req.ip),
    kind: 'network-rate-limit',
    detail: 'Too many lookups from your network. Wait a minute and try again.',
    store,
  });
}

/**
 * A budget per minute that a request spends by its cost, not by one: a key's
 * lookups, where a batch of 1,000 costs 1,000. A request that costs more than
 * what is left of the minute is refused whole, before any of it is counted.
 */
export function lookupBudget(options: {
  limit: (res: Response) => number;
  key: (res: Response) => string;
  cost: (res: Response) => number;
  store?: Store | undefined;
}): RequestHandler {
  const store = options.store ?? new MemoryStore();
  const ready = Promise.resolve(store.init?.({ windowMs: MINUTE_MS } as Options)).catch(() => {});
  return async (_req, res, next) => {
    await ready;
    const key = options.key(res);
    const limit = options.limit(res);
    const cost = options.cost(res);
    const live = await currentCount(store, key);
    const spent = live?.totalHits ?? 0;
    if (spent + cost > limit) {
      const info = { limit, remaining: Math.max(0, limit - spent), resetTime: live?.resetTime };
      const seconds = setRateLimitHeaders(res, 'key', info, MINUTE_MS);
      throw new ProblemError(
        'key-rate-limit',
        cost > 1
          ? `This batch of ${cost} lookups is more than this API key has left this minute (${info.remaining}). Wait and try again.`
          : "This API key's lookups per minute are used up. Wait and try again.",
        { headers: { 'Retry-After': String(seconds) } },
      );
    }
    // Sent together: a shared store pipelines them.
    const counts = await Promise.all(Array.from({ length: cost }, () => Promise.resolve(store.increment(key)).catch(() => undefined)));
    const total = Math.max(spent + cost, ...counts.map((c) => c?.totalHits ?? 0));
    const resetTime = counts.find((c) => c?.resetTime)?.resetTime;
    setRateLimitHeaders(res, 'key', { limit, remaining: Math.max(0, limit - total), resetTime }, MINUTE_MS);
    next();
  };
}

/** A key's count in the store's current window; an expired count, or a store that cannot answer, is none. */
async function currentCount(store: Store, key: string): Promise<ClientRateLimitInfo | undefined> {
  const counted = await Promise.resolve(store.get?.(key)).catch(() => undefined);
  return counted && (!counted.resetTime || counted.resetTime.getTime() > Date.now()) ? counted : undefined;
}

/** The shared store for N instances: every limiter counts in one Redis, under its own prefix. */
export function redisRateLimitStore(sendCommand: SendCommandFn, prefix: string): Store {
  return new RedisStore({ sendCommand, prefix: `${prefix}rl:` });
}

/**
 * The enumeration guard: a client network (/24, /48) that collects `limit` not_found
 * answers within `windowMinutes` is refused with 429 until that window has passed,
 * the way census-check systems slow down someone trying names. Only not_found
 * answers count (`notFound`, a listener of the lookup's answers); keyed clients
 * are not counted.
 *
 * Check and count are one step within a process: each lookup takes a place among
 * its network's lookups in flight before it reads the stored count, and is
 * refused when the count plus its place passes the limit, so lookups sent all at
 * once cannot all pass a count that none of them has yet raised.
 */
export function enumerationGuard(
  limit: number,
  windowMinutes: number,
  store: Store = new MemoryStore(),
): { check: RequestHandler; notFound(address: string | undefined): void } {
  const windowMs = windowMinutes * MINUTE_MS;
  Promise.resolve()
    .then(() => store.init?.({ windowMs } as Options))
    .catch(() => {});
  const inFlight = new Map<string, number>();
  const refuse = (resetTime: Date | undefined) => {
    const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : windowMinutes * 60;
    return new ProblemError(
      'not-found-guard',
      `Too many lookups from your network found no one. Try again in ${windowMinutes} minutes, or check with your state.`,
      { headers: { 'Retry-After': String(seconds) } },
    );
  };
  return {
    async check(req, res, next) {
      const network = limitNetwork(req.ip);
      const place = (inFlight.get(network) ?? 0) + 1;
      inFlight.set(network, place);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (inFlight.get(network) ?? 1) - 1;
        if (left > 0) inFlight.set(network, left);
        else inFlight.delete(network);
      };
      res.once('close', release);
      const live = await currentCount(store, network);
      if ((live?.totalHits ?? 0) + place > limit) {
        release();
        throw refuse(live?.resetTime);
      }
      next();
    },
    notFound(address) {
      Promise.resolve()
        .then(() => store.increment(limitNetwork(address)))
        .catch(() => {});
    },
  };
}
