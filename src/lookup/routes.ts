import type { RequestHandler } from 'express';
import { negotiatedLanguage } from './languages.ts';
import type { LookupRequest } from './schema.ts';
import { type AnswerListener, type LookupDeps, lookupRegistration } from './service.ts';

/** POST /v1/lookup, once its body is parsed and valid (res.locals.body); each listener hears every answer. */
export function lookupHandler(deps: LookupDeps, onAnswered: readonly AnswerListener[]): RequestHandler {
  return async (req, res) => {
    const request = res.locals.body as LookupRequest;
    const language = request.language ?? negotiatedLanguage(req);
    const { result, normalisedInputs } = await lookupRegistration(deps, request, language);
    const answered = { result, normalisedInputs, caller: { kind: 'public', address: req.ip } } as const;
    for (const listener of onAnswered) listener(answered);
    res.json(result);
  };
}
