import { rateLimit, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
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
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For is ignored unless TRUST_PROXY says otherwise; that is deliberate.
    validate: { xForwardedForHeader: false },
    ...(store ? { store } : {}),
    // A shared store that cannot be reached lets requests through (fail open):
    // refusing every voter in a state is worse than a short lapse of the limit.
    passOnStoreError: true,
    handler: (_req, _res, next) => {
      next(new ProblemError(429, 'Too many lookups from your network. Wait a minute and try again.'));
    },
  });
}

/** The shared store for N instances: every limiter counts in one Redis, under one prefix. */
export function redisRateLimitStore(sendCommand: (...args: string[]) => Promise<unknown>, prefix: string): Store {
  return new RedisStore({ sendCommand: sendCommand as never, prefix: `${prefix}rl:` });
}
