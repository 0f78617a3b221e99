import { rateLimit, type Store } from 'express-rate-limit';
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
    handler: (_req, _res, next) => {
      next(new ProblemError(429, 'Too many lookups from your network. Wait a minute and try again.'));
    },
  });
}
