import { Router } from 'express';
import { methodNotAllowed } from '../http/methods.ts';
import { ProblemError } from '../http/problem.ts';
import type { StateRepository } from './repository.ts';

export function statesRouter(states: StateRepository): Router {
  const router = Router();
  router
    .route('/v1/states')
    .get(async (_req, res) => {
      res.json({ states: await states.list() });
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/v1/states/:code')
    .get(async (req, res) => {
      const code = String(req.params.code).toUpperCase();
      const state = /^[A-Z]{2}$/.test(code) ? await states.find(code) : undefined;
      if (!state) throw new ProblemError(404, 'There is no state or territory with that code.');
      res.json(state);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
