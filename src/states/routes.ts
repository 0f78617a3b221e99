import type { RequestHandler } from 'express';
import { ProblemError } from '../http/problem.ts';
import type { StateRepository } from './repository.ts';

/** GET /v1/states and GET /v1/states/{code}. */
export function stateHandlers(states: StateRepository): { listStates: RequestHandler; getState: RequestHandler } {
  return {
    async listStates(_req, res) {
      res.json({ states: await states.list() });
    },
    async getState(req, res) {
      const code = String(req.params.code).toUpperCase();
      const state = /^[A-Z]{2}$/.test(code) ? await states.find(code) : undefined;
      if (!state) throw new ProblemError('unknown-state', 'There is no state or territory with that code.');
      res.json(state);
    },
  };
}
