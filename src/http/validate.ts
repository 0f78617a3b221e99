import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { type FieldError, ProblemError } from './problem.ts';

/** One entry per failing field; an unknown property is named as its own field. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const field = issue.path.map(String).join('.') || 'body';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: field === 'body' ? key : `${field}.${key}`, message: 'unknown field' }));
    }
    return [{ field, message: issue.message }];
  });
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ProblemError('invalid-request', 'The request does not follow the rules of this API.', { errors: fieldErrors(parsed.error) });
  }
  return parsed.data;
}

/** Express 5's req.body stays as sent; the parsed value goes to res.locals.body. */
export function validateBody(schema: z.ZodType): RequestHandler {
  return (req, res, next) => {
    if (!req.is('application/json')) {
      throw new ProblemError('unsupported-media-type', 'Send the body as application/json.');
    }
    res.locals.body = parseOrThrow(schema, req.body);
    next();
  };
}
