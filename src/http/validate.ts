import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { type FieldError, ProblemError } from './problem.ts';

/** An unknown property is named by its position, never its name: a property may be named "Jane Doe 1985-03-14". */
function unknownProperties(path: string, keys: readonly string[], value: unknown): FieldError[] {
  let container: unknown = value;
  for (const step of path === 'body' ? [] : path.split('.')) container = (container as Record<string, unknown> | undefined)?.[step];
  const order = container && typeof container === 'object' ? Object.keys(container) : [];
  return keys.map((key) => ({
    field: `${path === 'body' ? '' : `${path}.`}property ${order.indexOf(key) + 1}`,
    message: 'unknown property: this API accepts only the fields it documents',
  }));
}

/** One entry per failing field; an unknown property as its position in the object (the first is 1). */
export function fieldErrors(error: z.ZodError, value: unknown): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const field = issue.path.map(String).join('.') || 'body';
    if (issue.code === 'unrecognized_keys') return unknownProperties(field, issue.keys, value);
    return [{ field, message: issue.message }];
  });
}

/**
 * Before the body parsers: only `application/json` (or, where a path takes it,
 * `text/csv`) in UTF-8 (the JSON parser itself would decode UTF-16 and other
 * charsets, which the contract does not accept).
 */
export function requireBodyType(csv: boolean): RequestHandler {
  return (req, _res, next) => {
    if (!req.is('application/json') && !(csv && req.is('text/csv'))) {
      throw new ProblemError('unsupported-media-type', csv ? 'Send the body as application/json or text/csv.' : 'Send the body as application/json.');
    }
    requireUtf8(req);
    next();
  };
}

function requireUtf8(req: Request): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ProblemError('unsupported-media-type', 'The body must be UTF-8.');
  }
}

/** Express 5's req.body stays as sent; the parsed value goes to res.locals.body. */
export function validateBody(schema: z.ZodType): RequestHandler {
  return (req, res, next) => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      throw new ProblemError('invalid-request', 'The request does not follow the rules of this API.', { errors: fieldErrors(parsed.error, req.body) });
    }
    res.locals.body = parsed.data;
    next();
  };
}
