import express, { type Express, type Request, type RequestHandler } from 'express';
import { methodNotAllowed } from '../http/methods.ts';
import { validateBody } from '../http/validate.ts';
import type { Language } from './messages.ts';
import { type LookupRequest, lookupRequestSchema, type LookupResult } from './schema.ts';
import { type LookupDeps, lookupRegistration } from './service.ts';

export const LOOKUP_BODY_LIMIT = '4kb';

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export type AnswerHook = (result: LookupResult, request: LookupRequest, req: Request) => void;

/**
 * POST /v1/lookup, on the app itself rather than in a router of its own: it is
 * nearly every request, and each router a request passes through costs it a path
 * match and a dispatch of its own.
 */
export function addLookupRoute(app: Express, deps: LookupDeps, limits: RequestHandler[], onAnswer: AnswerHook = () => {}): void {
  app
    .route('/v1/lookup')
    .post(noStore, ...limits, express.json({ limit: LOOKUP_BODY_LIMIT }), validateBody(lookupRequestSchema), async (req, res) => {
      const request = res.locals.body as LookupRequest;
      const language: Language = request.language ?? (req.acceptsLanguages('en', 'es') || 'en') as Language;
      const result = await lookupRegistration(deps, request, language);
      onAnswer(result, request, req);
      res.json(result);
    })
    .all(methodNotAllowed('POST'));
}
