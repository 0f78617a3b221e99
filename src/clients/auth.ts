import type { RequestHandler } from 'express';
import type { Store } from 'express-rate-limit';
import { POLICY } from '../config.ts';
import { clientKey } from '../http/client-address.ts';
import { lookupBudget } from '../http/rate-limit.ts';
import { ProblemError } from '../http/problem.ts';
import type { ApiKey, KeyRepository, KeyScope } from './keys.ts';

/** The key of a keyed request, set by requireKey. */
export function apiKeyOf(locals: Record<string, unknown>): ApiKey {
  return locals.apiKey as ApiKey;
}

const UNKNOWN_KEYS_REMEMBERED = 10_000;

/**
 * Failed key checks, in this process: per client address, how many in the current
 * minute (refused with 429 past POLICY.failedKeyChecksPerMinute, before any database
 * query), and the secrets recently found unknown or revoked (answered 401 without
 * asking the database again, for POLICY.unknownKeyCacheMs). A key that works is never
 * remembered here, so a revocation still takes effect on the next request.
 */
export function createKeyCheckGuard() {
  const failures = new Map<string, { count: number; resetAt: number }>();
  const unknown = new Map<string, number>();
  return {
    /** Seconds to wait when this address has failed too often, else 0. */
    refusedFor(address: string): number {
      const entry = failures.get(address);
      if (!entry || entry.resetAt <= Date.now()) return 0;
      return entry.count >= POLICY.failedKeyChecksPerMinute ? Math.ceil((entry.resetAt - Date.now()) / 1000) : 0;
    },
    failed(address: string): void {
      const now = Date.now();
      const entry = failures.get(address);
      if (!entry || entry.resetAt <= now) failures.set(address, { count: 1, resetAt: now + 60_000 });
      else entry.count += 1;
      if (failures.size > UNKNOWN_KEYS_REMEMBERED) for (const [k, v] of failures) if (v.resetAt <= now) failures.delete(k);
    },
    isKnownUnknown(secret: string): boolean {
      const until = unknown.get(secret);
      if (until === undefined) return false;
      if (until > Date.now()) return true;
      unknown.delete(secret);
      return false;
    },
    rememberUnknown(secret: string): void {
      if (unknown.size >= UNKNOWN_KEYS_REMEMBERED) unknown.delete(unknown.keys().next().value!);
      unknown.set(secret, Date.now() + POLICY.unknownKeyCacheMs);
    },
  };
}

export type KeyCheckGuard = ReturnType<typeof createKeyCheckGuard>;

/**
 * Authorization: Bearer <key>. 401 for a missing, unknown or revoked key (read on
 * every request: a revocation is immediate), 403 for a key without the scope or
 * called from an origin its allowlist does not name; 429 for an address whose key
 * checks keep failing.
 */
export function requireKey(keys: KeyRepository, scope: KeyScope, guard: KeyCheckGuard): RequestHandler {
  return async (req, res, next) => {
    const address = clientKey(req.ip);
    const wait = guard.refusedFor(address);
    if (wait > 0) {
      throw new ProblemError('key-check-limit', 'Too many failed API key checks from your address. Wait a minute and try again.', {
        headers: { 'Retry-After': String(wait) },
      });
    }
    const secret = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!secret) {
      guard.failed(address);
      throw new ProblemError('missing-key', 'This path needs an API key: Authorization: Bearer <key>.', { headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    const key = guard.isKnownUnknown(secret) ? undefined : await keys.findActive(secret);
    if (!key) {
      guard.failed(address);
      guard.rememberUnknown(secret);
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

/**
 * Each key has its own lookups per minute, counted under its id (shared in Redis when
 * configured): a batch costs one per lookup in it, and is refused whole when it costs
 * more than the key has left.
 */
export function keyedLookupBudget(store?: Store): RequestHandler {
  return lookupBudget({
    limit: (res) => apiKeyOf(res.locals).rateLimitPerMinute,
    key: (res) => `key:${apiKeyOf(res.locals).id}`,
    cost: (res) => {
      const body = res.locals.body as { lookups?: unknown[] } | undefined;
      return Array.isArray(body?.lookups) ? body.lookups.length : 1;
    },
    store,
  });
}
