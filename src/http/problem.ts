import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { POLICY } from '../config.ts';
import { isDatabaseUnavailable, isLostPreparedStatement } from '../db/errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

type HeaderName = 'Retry-After' | 'RateLimit' | 'Allow' | 'WWW-Authenticate';

export interface ProblemKindDeclaration {
  status: number;
  title: string;
  /** What it means, for the OpenAPI document. */
  description: string;
  /** The headers every answer of this kind carries. */
  headers?: readonly HeaderName[];
}

/**
 * Every kind of refusal the service gives, declared once: its status, its
 * `type` URI (`/problems/<kind>`), its title and the headers it carries. A
 * widget or chatbot tells them apart by `type`, never by prose; the OpenAPI
 * document's error responses are generated from this list.
 */
export const PROBLEM_KINDS = {
  'invalid-json': { status: 400, title: 'Body is not valid JSON', description: 'The body could not be parsed as JSON.' },
  'invalid-request': {
    status: 400,
    title: 'Request breaks a rule',
    description: 'The body is JSON but breaks a rule of this API; `errors` names each field (an unknown property by its position).',
  },
  'invalid-csv': {
    status: 400,
    title: 'Body is not valid CSV',
    description: 'A `text/csv` body could not be read as CSV (a quote left open, say); `errors` names the row.',
  },
  'unreadable-body': { status: 400, title: 'Body could not be read', description: 'The body ended early or its length did not agree with Content-Length.' },
  'missing-key': { status: 401, title: 'API key required', description: 'This path needs `Authorization: Bearer <key>`.', headers: ['WWW-Authenticate'] },
  'invalid-key': { status: 401, title: 'API key not valid', description: 'The key is unknown or revoked.', headers: ['WWW-Authenticate'] },
  'key-scope': { status: 403, title: 'Key lacks the scope', description: 'The key does not have the scope this path needs.' },
  'key-origin': { status: 403, title: 'Origin not allowed for key', description: "The request's Origin is not on the key's allowlist." },
  'key-state': { status: 403, title: 'State not allowed for key', description: 'The key answers only for the states it was created for (`--states`).' },
  'origin-not-allowed': {
    status: 403,
    title: 'Origin not allowed',
    description: 'This service answers public lookups only from the websites its operator lists (ALLOWED_ORIGINS).',
  },
  'proof-of-work': {
    status: 403,
    title: 'Proof of work required',
    description: 'The operator asks each public lookup to carry a solved, unspent challenge (`GET /v1/challenge`) in the `Altcha` header.',
  },
  'not-found': { status: 404, title: 'Nothing at this path', description: 'No resource has this path.' },
  'unknown-state': { status: 404, title: 'Unknown state', description: 'No state or territory has that USPS code.' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', description: 'The path exists; `Allow` lists its methods.', headers: ['Allow'] },
  'body-too-large': { status: 413, title: 'Body too large', description: 'The body is larger than this path accepts.' },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    description: 'The body must be UTF-8 `application/json` (or `text/csv`, where a path takes it).',
  },
  'address-rate-limit': {
    status: 429,
    title: 'Too many lookups from this address',
    description: "The client address's lookups per minute (RATE_LIMIT_PER_MINUTE) are used up.",
    headers: ['Retry-After', 'RateLimit'],
  },
  'network-rate-limit': {
    status: 429,
    title: 'Too many lookups from this network',
    description: "The client network's lookups per minute (NETWORK_RATE_LIMIT_PER_MINUTE, an IPv4 /24 or IPv6 /48 together) are used up.",
    headers: ['Retry-After', 'RateLimit'],
  },
  'not-found-guard': {
    status: 429,
    title: 'Too many lookups found no one',
    description: "The client network's not_found answers in the window (ENUMERATION_LIMIT) are used up.",
    headers: ['Retry-After'],
  },
  'key-rate-limit': {
    status: 429,
    title: "Key's lookups per minute used up",
    description: "The key's lookups per minute are used up.",
    headers: ['Retry-After', 'RateLimit'],
  },
  'key-check-limit': {
    status: 429,
    title: 'Too many failed key checks',
    description: 'This client address sent too many missing, unknown or revoked keys in the last minute.',
    headers: ['Retry-After'],
  },
  'database-unavailable': {
    status: 503,
    title: 'Database unavailable',
    description: 'The voter roll database is unreachable or too slow; try again after `Retry-After`.',
    headers: ['Retry-After'],
  },
  'not-ready': {
    status: 503,
    title: 'Not ready',
    description: 'The database is unreachable, migrations are pending, or the service is shutting down.',
    headers: ['Retry-After'],
  },
  internal: { status: 500, title: 'Internal error', description: 'Something unexpected; no details are given.' },
} as const satisfies Record<string, ProblemKindDeclaration>;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export const problemTypeUri = (kind: ProblemKind): string => `/problems/${kind}`;

/** An error that is already an answer: its kind, a detail safe to show, and headers. */
export class ProblemError extends Error {
  readonly status: number;
  readonly kind: ProblemKind;
  readonly detail: string;
  readonly options: { errors?: FieldError[]; headers?: Record<string, string> };
  constructor(kind: ProblemKind, detail: string, options: { errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.name = 'ProblemError';
    this.kind = kind;
    this.detail = detail;
    this.options = options;
    this.status = PROBLEM_KINDS[kind].status;
  }
}

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'The kind of refusal: `/problems/<kind>`, one per kind (see the responses)', example: '/problems/invalid-request' }),
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
      return new ProblemError('invalid-json', 'The body is not valid JSON.', { errors: [{ field: 'body', message: 'not valid JSON' }] });
    case 'entity.too.large':
      return new ProblemError(
        'body-too-large',
        `The body is larger than this path accepts (${POLICY.bodyLimits.lookup} for a lookup, ${POLICY.bodyLimits.mcp} for MCP, ${POLICY.bodyLimits.batch} for a batch).`,
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ProblemError('unsupported-media-type', 'The body must be UTF-8 JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new ProblemError('unreadable-body', 'The body could not be read.');
    default:
      return undefined;
  }
}

function toProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (isDatabaseUnavailable(error) || isLostPreparedStatement(error)) {
    return new ProblemError('database-unavailable', 'The voter roll database is unavailable. Try again shortly.', {
      headers: { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
    });
  }
  if (typeof error === 'object' && error !== null) return fromBodyParser(error);
  return undefined;
}

export function problemBody(problem: ProblemError): Problem {
  return {
    type: problemTypeUri(problem.kind),
    title: PROBLEM_KINDS[problem.kind].title,
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
      problem = new ProblemError('internal', 'Something went wrong on our side. Try again later.');
    } else if (isLostPreparedStatement(error)) {
      logger.error(
        { reqId: req.id, errorCode: '26000' },
        'a server session lacked the lookup statement: behind a transaction pooler (PgBouncer in transaction mode) set DATABASE_POOLER=transaction',
      );
    } else if (problem.kind === 'database-unavailable') {
      logger.warn({ reqId: req.id, errorType: (error as Error).name, errorCode: (error as { code?: unknown }).code }, 'database unavailable');
    }
    for (const [name, value] of Object.entries(problem.options.headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').json(problemBody(problem));
  };
}
