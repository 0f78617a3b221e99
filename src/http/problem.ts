import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** An error that is already an answer: status, a detail safe to show, and headers. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'about:blank' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }).meta({ id: 'FieldError' }))
      .optional()
      .meta({ description: 'For a 400: each field that failed and why' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof problemSchema>;

export const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

// body-parser reports its failures with a `type`; none of their messages is shown,
// since some quote the input.
function fromBodyParser(error: { type?: unknown; status?: unknown }): ProblemError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ProblemError(400, 'The body is not valid JSON.', { errors: [{ field: 'body', message: 'not valid JSON' }] });
    case 'entity.too.large':
      return new ProblemError(413, 'The body is larger than this path accepts (4 KiB for a lookup, 1 MiB for a batch).');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ProblemError(415, 'The body must be UTF-8 JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new ProblemError(400, 'The body could not be read.');
    default:
      return undefined;
  }
}

function toProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (isDatabaseUnavailable(error)) {
    return new ProblemError(503, 'The voter roll database is unavailable. Try again shortly.', {
      headers: { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
    });
  }
  if (typeof error === 'object' && error !== null) return fromBodyParser(error);
  return undefined;
}

export function problemBody(problem: ProblemError): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    ...(problem.options.errors ? { errors: problem.options.errors } : {}),
  };
}

/**
 * The one error handler: every failure leaves as problem+json. Unknown errors are
 * logged by type and stack only (driver messages can quote values) and answered
 * with a generic 500.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let problem = toProblem(error);
    if (!problem) {
      const err = error instanceof Error ? error : new Error('non-error thrown');
      logger.error(
        { reqId: req.id, errorType: err.name, errorCode: (err as { code?: unknown }).code, stack: err.stack?.split('\n').slice(1).join('\n') },
        'unexpected error',
      );
      problem = new ProblemError(500, 'Something went wrong on our side. Try again later.');
    } else if (problem.status === 503) {
      logger.warn({ reqId: req.id, errorType: (error as Error).name, errorCode: (error as { code?: unknown }).code }, 'database unavailable');
    }
    for (const [name, value] of Object.entries(problem.options.headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').json(problemBody(problem));
  };
}
