import type { RequestHandler } from 'express';
import type { createRollRepository } from '../roll/index.ts';

/** GET /v1/rolls: every live roll, its as-of date, voters by status and when it was imported. */
export function rollsHandler(rolls: ReturnType<typeof createRollRepository>): RequestHandler {
  return async (_req, res) => {
    res.json({ rolls: await rolls.live() });
  };
}
