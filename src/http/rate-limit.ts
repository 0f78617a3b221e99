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

/**
 * The enumeration guard: a client network that collects `limit` not_found answers
 * within `windowMinutes` is refused with 429 until that window has passed, the way
 * census-check systems slow down someone trying names. Only not_found answers
 * count; keyed clients use other paths and are not counted.
 */
export function enumerationGuard(limit: number, windowMinutes: number, store?: Store) {
  return rateLimit({
    windowMs: windowMinutes * 60_000,
    limit,
    identifier: 'not-found',
    standardHeaders: false,
    legacyHeaders: false,
    validate: { xForwardedForHeader: false },
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.locals.lookupStatus !== 'not_found',
    passOnStoreError: true,
    ...(store ? { store } : {}),
    handler: (req, _res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : windowMinutes * 60;
      next(
        new ProblemError(429, `Too many lookups from your network found no one. Try again in ${windowMinutes} minutes, or check with your state.`, {
          headers: { 'Retry-After': String(seconds) },
        }),
      );
    },
  });
}
