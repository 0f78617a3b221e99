import type { RequestHandler } from 'express';
import { type Language, negotiatedLanguage } from './languages.ts';
import type { LookupRequest, LookupResult } from './schema.ts';
import { type AnswerListener, type Caller, type LookupDeps, lookupRegistration } from './service.ts';

/**
 * The public lookup, built with the listeners that hear every answer (the metric,
 * the audit, the not-found guard). POST /v1/lookup and the MCP tool both answer
 * through it, so neither can skip what the other does.
 */
export function createPublicLookup(deps: LookupDeps, onAnswered: readonly AnswerListener[]) {
  return {
    async answer(request: LookupRequest, language: Language, address: string | undefined): Promise<LookupResult> {
      const { result, normalisedInputs } = await lookupRegistration(deps, request, language);
      const caller: Caller = { kind: 'public', address };
      for (const listener of onAnswered) listener({ result, normalisedInputs, caller });
      return result;
    },
  };
}

export type PublicLookup = ReturnType<typeof createPublicLookup>;

/** POST /v1/lookup, once its body is parsed and valid (res.locals.body). */
export function lookupHandler(lookup: PublicLookup): RequestHandler {
  return async (req, res) => {
    const request = res.locals.body as LookupRequest;
    res.json(await lookup.answer(request, request.language ?? negotiatedLanguage(req), req.ip));
  };
}
