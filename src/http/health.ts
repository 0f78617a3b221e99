import { Router } from 'express';
import { methodNotAllowed } from './methods.ts';
import { ProblemError, RETRY_AFTER_UNAVAILABLE_SECONDS } from './problem.ts';

/** Readiness: true when the database answers and no migration is pending. */
export type ReadinessCheck = () => Promise<boolean>;

export function healthRouter(isReady: ReadinessCheck): Router {
  const router = Router();
  router
    .route('/healthz')
    .get((_req, res) => {
      res.json({ status: 'ok' });
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/readyz')
    .get(async (_req, res) => {
      const ready = await isReady().catch(() => false);
      if (!ready) {
        throw new ProblemError(503, 'Not ready: the database is unreachable or migrations are pending.', {
          headers: { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
        });
      }
      res.json({ status: 'ready' });
    })
    .all(methodNotAllowed('GET'));
  return router;
}
