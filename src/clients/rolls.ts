import { type RequestHandler, Router } from 'express';
import { methodNotAllowed } from '../http/methods.ts';
import type { createRollRepository } from '../roll/repository.ts';
import { requireKey } from './auth.ts';
import type { KeyRepository } from './keys.ts';

/** GET /v1/rolls: every live roll, its as-of date, voters by status and when it was imported. */
export function rollsRouter(rolls: ReturnType<typeof createRollRepository>, keys: KeyRepository, keyedLimit: RequestHandler): Router {
  const router = Router();
  router
    .route('/v1/rolls')
    .get(requireKey(keys, 'rolls'), keyedLimit, async (_req, res) => {
      res.json({ rolls: await rolls.live() });
    })
    .all(methodNotAllowed('GET'));
  return router;
}
