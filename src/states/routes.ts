import type { Request, RequestHandler, Response } from 'express';
import { ProblemError } from '../http/problem.ts';
import { localizedStateInfo, requestedStateLanguage } from './languages.ts';
import type { StateRepository } from './repository.ts';
import { STATE_LANGUAGE_CODES, type StateLanguage } from './schema.ts';

function languageOf(req: Request, res: Response): StateLanguage {
  const language = requestedStateLanguage(req);
  res.vary('Accept-Language');
  if (typeof language !== 'string') {
    throw new ProblemError('invalid-request', 'The request does not follow the rules of this API.', {
      errors: [{ field: 'language', message: `must be one of ${STATE_LANGUAGE_CODES.join(', ')}` }],
    });
  }
  return language;
}

/** GET /v1/states and GET /v1/states/{code}, in the language asked for where vote.gov gives the facts in it. */
export function stateHandlers(states: StateRepository): { listStates: RequestHandler; getState: RequestHandler } {
  return {
    async listStates(req, res) {
      const language = languageOf(req, res);
      res.json({ states: (await states.list()).map((state) => localizedStateInfo(state, language)) });
    },
    async getState(req, res) {
      const language = languageOf(req, res);
      const code = String(req.params.code).toUpperCase();
      const state = /^[A-Z]{2}$/.test(code) ? await states.find(code) : undefined;
      if (!state) throw new ProblemError('unknown-state', 'There is no state or territory with that code.');
      res.json(localizedStateInfo(state, language));
    },
  };
}
