import type { RequestHandler } from 'express';
import { ProblemError, RETRY_AFTER_UNAVAILABLE_SECONDS } from './problem.ts';

/** Readiness: true when the database answers and no migration is pending. */
export type ReadinessCheck = () => Promise<boolean>;

/** GET /healthz and GET /readyz. */
export function healthHandlers(isReady: ReadinessCheck): { checkLiveness: RequestHandler; checkReadiness: RequestHandler } {
  return {
    checkLiveness(_req, res) {
      res.json({ status: 'ok' });
    },
    async checkReadiness(_req, res) {
      const ready = await isReady().catch(() => false);
      if (!ready) {
        throw new ProblemError('not-ready', 'Not ready: the database is unreachable or migrations are pending.', {
          headers: { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
        });
      }
      res.json({ status: 'ready' });
    },
  };
}
