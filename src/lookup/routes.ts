import express, { type Request, type RequestHandler, Router } from 'express';
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

export function lookupRouter(deps: LookupDeps, limits: RequestHandler[], onAnswer: AnswerHook = () => {}): Router {
  const router = Router();
  router
    .route('/v1/lookup')
    .post(noStore, ...limits, express.json({ limit: LOOKUP_BODY_LIMIT }), validateBody(lookupRequestSchema), async (req, res) => {
      const request = res.locals.body as LookupRequest;
      const language: Language = request.language ?? (req.acceptsLanguages('en', 'es') || 'en') as Language;
      const result = await lookupRegistration(deps, request, language);
      res.locals.lookupStatus = result.status;
      onAnswer(result, request, req);
      res.json(result);
    })
    .all(methodNotAllowed('POST'));
  return router;
}
