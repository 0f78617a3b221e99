import type { RequestHandler } from 'express';
import { type ClientRateLimitInfo, MemoryStore, type Options, rateLimit, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { clientKey } from './client-address.ts';
import { ProblemError } from './problem.ts';

/**
 * Public lookups per client IP per minute, with IETF draft-8 RateLimit headers
 * and Retry-After. The key is req.ip, which honours TRUST_PROXY and nothing else;
 * IPv6 clients are grouped by /56 as the library does by default.
 */
export function lookupRateLimit(limitPerMinute: number, store?: Store) {
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    identifier: 'lookup',
    keyGenerator: (req) => clientKey(req.ip),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For is ignored unless TRUST_PROXY says otherwise; that is deliberate.
    // clientKey groups IPv6 clients with the library's own ipKeyGenerator.
    validate: { xForwardedForHeader: false, keyGeneratorIpFallback: false },
    ...(store ? { store } : {}),
    // A shared store that cannot be reached lets requests through (fail open):
    // refusing every voter in a state is worse than a short lapse of the limit.
    passOnStoreError: true,
    handler: (_req, _res, next) => {
      next(new ProblemError('address-rate-limit', 'Too many lookups from your address. Wait a minute and try again.'));
    },
  });
}

/** The shared store for N instances: every limiter counts in one Redis, under one prefix. */
export function redisRateLimitStore(sendCommand: (...args: string[]) => Promise<unknown>, prefix: string): Store {
  return new RedisStore({ sendCommand: sendCommand as never, prefix: `${prefix}rl:` });
}

/**
 * The enumeration guard: a client network that collects `limit` not_found answers
 * within `windowMinutes` is refused with 429 until that window has passed, the way
 * census-check systems slow down someone trying names. Only not_found answers
 * count; keyed clients use other paths and are not counted.
 *
 * It counts in an express-rate-limit store (memory, or the shared Redis one), but
 * reads the count before the lookup and adds to it only when the lookup answers
 * not_found (`notFound`, a listener of the lookup's answers), where the library's limiter would
 * count every request and take most counts back: two store writes, a listener
 * and a digest per lookup for what one in many needs.
 */
export function enumerationGuard(
  limit: number,
  windowMinutes: number,
  store: Store = new MemoryStore(),
): { check: RequestHandler; notFound(address: string | undefined): void } {
  const windowMs = windowMinutes * 60_000;
  // A shared store that cannot be reached at start is retried on each use (fail open meanwhile).
  Promise.resolve()
    .then(() => store.init?.({ windowMs } as Options))
    .catch(() => {});
  const refuse = (resetTime: Date | undefined) => {
    const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : windowMinutes * 60;
    return new ProblemError(
      'not-found-guard',
      `Too many lookups from your network found no one. Try again in ${windowMinutes} minutes, or check with your state.`,
      {
        headers: { 'Retry-After': String(seconds) },
      },
    );
  };
  return {
    async check(req, _res, next) {
      let counted: ClientRateLimitInfo | undefined;
      try {
        counted = await store.get?.(clientKey(req.ip));
      } catch {
        counted = undefined; // a store that cannot be reached lets the lookup through, as the limiter does
      }
      if (counted && counted.totalHits >= limit && (!counted.resetTime || counted.resetTime.getTime() > Date.now())) {
        throw refuse(counted.resetTime);
      }
      next();
    },
    notFound(address) {
      Promise.resolve()
        .then(() => store.increment(clientKey(address)))
        .catch(() => {});
    },
  };
}
