import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { stringify } from 'yaml';
import { z } from 'zod';
import { batchRequestSchema, batchResponseSchema } from '../clients/batch.ts';
import { problemSchema } from '../http/problem.ts';
import { liveRollSchema } from '../roll/repository.ts';
import { lookupRequestSchema, lookupResultSchema } from '../lookup/schema.ts';
import { stateInfoSchema, stateListSchema } from '../states/schema.ts';

/**
 * openapi.yaml is generated from the zod schemas the service validates with
 * (`npm run openapi`); a test fails when the committed file drifts from them.
 */

const problem = (description: string, headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: problemSchema } },
});

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' as const } } };
const rateLimitHeaders = {
  ...retryAfter,
  RateLimit: { description: 'IETF draft-8 RateLimit header', schema: { type: 'string' as const } },
  'RateLimit-Policy': { description: 'IETF draft-8 RateLimit-Policy header', schema: { type: 'string' as const } },
};
const allow = { Allow: { description: 'The methods this path accepts', schema: { type: 'string' as const } } };

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();

  registry.registerPath({
    method: 'post',
    path: '/v1/lookup',
    summary: 'Am I registered to vote?',
    description:
      'Looks a person up in the mirrored voter roll of a state. Personal data travels only in the body. ' +
      'Public responses never carry address, birth date, party, race, ethnicity, gender, phone, registration number ' +
      'or the reason for a status; confidential records answer not_found.',
    request: {
      headers: z.object({ 'Accept-Language': z.string().optional().meta({ description: 'Chooses en or es when `language` is absent' }) }),
      body: { required: true, content: { 'application/json': { schema: lookupRequestSchema } } },
    },
    responses: {
      200: {
        description: 'The answer. Always `Cache-Control: no-store`.',
        headers: { 'Cache-Control': { description: 'no-store', schema: { type: 'string' } } },
        content: { 'application/json': { schema: lookupResultSchema } },
      },
      400: problem('The body is not valid JSON or breaks a rule; `errors` names each field'),
      405: problem('Only POST is allowed', allow),
      413: problem('The body is larger than 4 KiB'),
      415: problem('The body is not application/json'),
      429: problem('Too many lookups from this client', rateLimitHeaders),
      500: problem('Something unexpected; no details are given'),
      503: problem('The database is unreachable or too slow', retryAfter),
    },
  });

  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A county clerk key from `npm run keys -- create`',
  });
  const keyed = {
    401: problem('No API key, or one that is unknown or revoked'),
    403: problem('The key lacks the scope, or the Origin is not on its allowlist'),
    429: problem("The key's limit per minute is used up", rateLimitHeaders),
  };

  registry.registerPath({
    method: 'post',
    path: '/v1/lookup/batch',
    summary: 'Up to 1,000 lookups for a county clerk system (scope: batch)',
    description:
      'Each item is a LookupRequest with a `ref`, validated on its own: a bad item gets a problem and the others are answered. ' +
      "Results add the state's voter id and status codes, and may match confidential records (flagged).",
    security: [{ [bearer.name]: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: batchRequestSchema } } } },
    responses: {
      200: { description: 'One result per item, in order', content: { 'application/json': { schema: batchResponseSchema } } },
      400: problem('The body is not valid JSON, or `lookups` is missing, empty or longer than 1,000'),
      ...keyed,
      405: problem('Only POST is allowed', allow),
      413: problem('The body is larger than 1 MiB'),
      415: problem('The body is not application/json'),
      500: problem('Something unexpected'),
      503: problem('The database is unreachable or too slow', retryAfter),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/rolls',
    summary: 'Every loaded roll: its as-of date, voters by status, when it was imported (scope: rolls)',
    security: [{ [bearer.name]: [] }],
    responses: {
      200: { description: 'The live roll of each state that has one', content: { 'application/json': { schema: z.object({ rolls: z.array(liveRollSchema) }) } } },
      ...keyed,
      405: problem('Only GET is allowed', allow),
      500: problem('Something unexpected'),
      503: problem('The database is unreachable or too slow', retryAfter),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/states',
    summary: 'Registration facts for all 56 jurisdictions',
    responses: {
      200: { description: 'Every state and territory', content: { 'application/json': { schema: stateListSchema } } },
      405: problem('Only GET is allowed', allow),
      500: problem('Something unexpected'),
      503: problem('The database is unreachable or too slow', retryAfter),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/states/{code}',
    summary: 'Registration facts for one jurisdiction',
    request: { params: z.object({ code: z.string().meta({ description: 'USPS code, any case', example: 'nc' }) }) },
    responses: {
      200: { description: 'The state', content: { 'application/json': { schema: stateInfoSchema } } },
      404: problem('No jurisdiction has that code'),
      405: problem('Only GET is allowed', allow),
      500: problem('Something unexpected'),
      503: problem('The database is unreachable or too slow', retryAfter),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: 200 while the process runs',
    responses: { 200: { description: 'Alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
  });

  registry.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers and migrations are current',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: z.object({ status: z.literal('ready') }) } } },
      503: problem('Not ready: the database is unreachable or migrations are pending', retryAfter),
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'voter-lookup',
      version: '1.0.0',
      description:
        'Am I registered to vote, and if not, where do I register? Answers from a mirror of the public state voter rolls. ' +
        'Every error is RFC 9457 application/problem+json.',
    },
    servers: [{ url: '/' }],
  });
}

export function openApiYaml(): string {
  return stringify(buildOpenApiDocument(), { aliasDuplicateObjects: false, lineWidth: 0 });
}
