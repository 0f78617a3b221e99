import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { ProblemError } from '../http/problem.ts';
import type { ApiKey, KeyRepository, KeyScope } from './keys.ts';

/** The key of a keyed request, set by requireKey. */
export function apiKeyOf(locals: Record<string, unknown>): ApiKey {
  return locals.apiKey as ApiKey;
}

/**
 * Authorization: Bearer <key>. 401 for a missing, unknown or revoked key (read on
 * every request: a revocation is immediate), 403 for a key without the scope or
 * called from an origin its allowlist does not name.
 */
export function requireKey(keys: KeyRepository, scope: KeyScope): RequestHandler {
  return async (req, res, next) => {
    const secret = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!secret) {
      throw new ProblemError('missing-key', 'This path needs an API key: Authorization: Bearer <key>.', { headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    const key = await keys.findActive(secret);
    if (!key) {
      throw new ProblemError('invalid-key', 'The API key is not valid, or has been revoked.', {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    }
    if (!key.scopes.includes(scope)) throw new ProblemError('key-scope', `This API key does not have the "${scope}" scope.`);
    const origin = req.get('origin');
    if (origin !== undefined) {
      if (!key.allowedOrigins.includes(origin)) throw new ProblemError('key-origin', 'This API key may not be used from this origin.');
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    res.locals.apiKey = key;
    next();
  };
}

/** Each key has its own limit per minute, counted under its id (shared in Redis when configured). */
export function keyedRateLimit(store?: Store) {
  return rateLimit({
    windowMs: 60_000,
    limit: (_req, res) => apiKeyOf(res.locals).rateLimitPerMinute,
    keyGenerator: (_req, res) => `key:${apiKeyOf(res.locals).id}`,
    identifier: 'keyed',
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    ...(store ? { store } : {}),
    handler: (_req, _res, next) => next(new ProblemError('key-rate-limit', "This API key's limit per minute is used up. Wait and try again.")),
  });
}
