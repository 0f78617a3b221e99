import { POLICY } from '../config.ts';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { problemBody, ProblemError, problemSchema } from '../http/problem.ts';
import { csvText } from '../http/csv-body.ts';
import { fieldErrors } from '../http/validate.ts';
import { negotiatedLanguage } from '../lookup/index.ts';
import { type AnswerListener, type LookupDeps, lookupForClerk, lookupRequestSchema, lookupResultSchema } from '../lookup/index.ts';
import { apiKeyOf } from './auth.ts';

const PARALLEL_LOOKUPS = 8;

export const batchRequestSchema = z
  .strictObject({
    lookups: z
      .array(z.unknown(), { error: 'lookups must be an array' })
      .min(1, { error: 'lookups must hold at least one lookup' })
      .max(POLICY.batchLookupsMax, { error: `lookups may hold at most ${POLICY.batchLookupsMax} lookups` })
      .meta({ description: `Up to ${POLICY.batchLookupsMax} lookups, each a LookupRequest with a ref; each is validated on its own` }),
  })
  .meta({ id: 'BatchRequest' });

const batchItemSchema = lookupRequestSchema.extend({
  ref: z.string({ error: 'ref must be a string' }).min(1, { error: 'ref is required' }).max(100, { error: 'ref must be at most 100 characters' }),
});

const clerkResultSchema = lookupResultSchema
  .extend({
    ref: z.string(),
    voterId: z.string().nullable().meta({ description: "The state's voter id, when exactly one voter matched" }),
    stateStatus: z.object({ code: z.string(), reason: z.string().nullable() }).nullable().meta({ description: "The state's own status and reason codes" }),
    confidential: z.boolean().meta({ description: 'The record is confidential: never shown to a public lookup' }),
  })
  .meta({ id: 'BatchResult' });

export const batchResponseSchema = z
  .object({
    results: z.array(z.union([clerkResultSchema, z.object({ ref: z.string().nullable(), problem: problemSchema }).meta({ id: 'BatchItemProblem' })])),
  })
  .meta({ id: 'BatchResponse' });

/** The columns of a batch answered as CSV (`Accept: text/csv`): a result's fields flattened, then a refused item's problem. */
export const BATCH_CSV_COLUMNS = [
  'ref',
  'status',
  'registered',
  'state',
  'county',
  'message',
  'language',
  'registerUrl',
  'checkUrl',
  'dataAsOf',
  'match',
  'voterId',
  'stateStatusCode',
  'stateReasonCode',
  'confidential',
  'problemType',
  'problemDetail',
] as const;

type BatchItemResult = z.infer<typeof batchResponseSchema>['results'][number];

function csvRow(item: BatchItemResult): Record<string, unknown> {
  if ('problem' in item) return { ref: item.ref, problemType: item.problem.type, problemDetail: item.problem.detail };
  const { stateStatus, nextSteps: _nextSteps, ...rest } = item;
  return { ...rest, stateStatusCode: stateStatus?.code, stateReasonCode: stateStatus?.reason };
}

/** Runs the lookups a few at a time, keeping their order. */
async function inOrder<T, R>(items: readonly T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/** POST /v1/lookup/batch, once the key is checked and the body parsed (res.locals.body). */
export function batchHandler(deps: LookupDeps, onAnswered: readonly AnswerListener[]): RequestHandler {
  return async (req, res) => {
    const { lookups } = res.locals.body as z.infer<typeof batchRequestSchema>;
    const fallback = negotiatedLanguage(req);
    const results = await inOrder(lookups, PARALLEL_LOOKUPS, async (item) => {
      const parsed = batchItemSchema.safeParse(item);
      if (!parsed.success) {
        const ref = typeof (item as { ref?: unknown })?.ref === 'string' ? (item as { ref: string }).ref : null;
        const problem = new ProblemError('invalid-request', 'This lookup does not follow the rules of this API.', { errors: fieldErrors(parsed.error, item) });
        return { ref, problem: problemBody(problem) };
      }
      const { ref, ...request } = parsed.data;
      const key = apiKeyOf(res.locals);
      const access = { includeConfidential: key.scopes.includes('confidential'), states: key.states };
      if (access.states && !access.states.includes(request.state)) {
        return { ref, problem: problemBody(new ProblemError('key-state', 'This API key does not answer for this state.')) };
      }
      const { result, normalisedInputs } = await lookupForClerk(deps, request, request.language ?? fallback, access);
      const answered = { result, normalisedInputs, caller: { kind: 'key', keyId: key.id } } as const;
      for (const listener of onAnswered) listener(answered);
      return { ref, ...result };
    });
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8').send(csvText(BATCH_CSV_COLUMNS, results.map(csvRow)));
    } else {
      res.json({ results });
    }
  };
}
