import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { BATCH_CSV_COLUMNS, batchRequestSchema, batchResponseSchema } from './clients/index.ts';
import type { POLICY } from './config.ts';
import type { ProblemKind } from './http/problem.ts';
import { languageListSchema, lookupRequestSchema, lookupResultSchema } from './lookup/index.ts';
import { liveRollSchema } from './roll/index.ts';
import { stateInfoSchema, stateLanguageSchema, stateListSchema } from './states/index.ts';

/**
 * Every path the service answers: its method, who may call it, the limits in
 * front of it and what it answers. The router (405 with `Allow` included) and
 * openapi.yaml's paths are both generated from this table; app.ts binds each
 * operation to its handlers.
 */
export interface RouteDeclaration {
  method: 'get' | 'post';
  /** In OpenAPI form: `/v1/states/{code}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** public: anyone; key: `Authorization: Bearer <key>` with this scope. */
  access: { kind: 'public' } | { kind: 'key'; scope: 'batch' | 'rolls' } | { kind: 'metrics-token' };
  /** The limits in front of the handler, in order. */
  limits: readonly ('address' | 'network' | 'not-found-guard' | 'proof-of-work' | 'key')[];
  /**
   * The JSON body it reads, with its size limit; absent, it reads none. `csv`: it
   * also takes `text/csv`, each row an item of this array property (src/http/csv-body.ts).
   */
  body?: { limit: keyof typeof POLICY.bodyLimits; schema: z.ZodType; csv?: string };
  request?: RouteConfig['request'];
  success: ResponseConfig;
  /** Refusals this path gives beyond the ones every path can (405, 500). */
  problems: readonly ProblemKind[];
  /** Served, but not part of the API document (pages and their assets). */
  page?: boolean;
}

const json = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: { 'application/json': { schema } } });
const noStore = { 'Cache-Control': { description: 'no-store', schema: { type: 'string' as const } } };
const BODY_PROBLEMS = ['invalid-json', 'invalid-request', 'unreadable-body', 'body-too-large', 'unsupported-media-type'] as const;
const KEY_PROBLEMS = ['missing-key', 'invalid-key', 'key-scope', 'key-origin', 'key-rate-limit', 'key-check-limit'] as const;
const DATABASE = ['database-unavailable'] as const;
const STATE_LANGUAGE_QUERY = z.object({
  language: stateLanguageSchema.optional().meta({
    description: "The language of the state's facts, where vote.gov gives them in it (each answer's `language` says); absent, `Accept-Language` chooses",
  }),
});
const STATE_LANGUAGE_HEADER = z.object({
  'Accept-Language': z.string().optional().meta({ description: 'Chooses the language when `language` is absent' }),
});

/** A script host pages load: at its plain URL, and at an immutable versioned one for a Subresource Integrity snippet (README). */
function hostScript<const Plain extends string, const Versioned extends string>(name: 'widget' | 'embed', plain: Plain, versioned: Versioned, summary: string) {
  const javascript = (description: string) => ({ description, content: { 'text/javascript': { schema: z.string() } } });
  return [
    {
      method: 'get',
      path: `/${name}.js`,
      operationId: plain,
      summary,
      access: { kind: 'public' },
      limits: [],
      success: javascript('JavaScript'),
      problems: [],
    },
    {
      method: 'get',
      path: `/${name}.{version}.js`,
      operationId: versioned,
      summary: `${summary}, at an immutable URL`,
      access: { kind: 'public' },
      limits: [],
      request: { params: z.object({ version: z.string().meta({ description: "The start of the script's SHA-256, as the README's snippet gives it" }) }) },
      success: javascript('JavaScript, cacheable for a year'),
      problems: ['not-found'],
    },
  ] as const;
}

export const ROUTES = [
  {
    method: 'post',
    path: '/v1/lookup',
    operationId: 'lookupRegistration',
    summary: 'Am I registered to vote?',
    description:
      'Looks a person up in the mirrored voter roll of a state. Personal data travels only in the body. ' +
      'Public responses never carry address, birth date, party, race, ethnicity, gender, phone, registration number ' +
      'or the reason for a status; confidential records answer not_found.',
    access: { kind: 'public' },
    limits: ['address', 'network', 'not-found-guard', 'proof-of-work'],
    body: { limit: 'lookup', schema: lookupRequestSchema },
    request: {
      headers: z.object({
        'Accept-Language': z.string().optional().meta({ description: 'Chooses the language when `language` is absent' }),
        Altcha: z.string().optional().meta({ description: 'A solved challenge from GET /v1/challenge, when the operator asks for one' }),
      }),
    },
    success: { ...json('The answer. Always `Cache-Control: no-store`.', lookupResultSchema), headers: noStore },
    problems: [...BODY_PROBLEMS, 'origin-not-allowed', 'proof-of-work', 'address-rate-limit', 'network-rate-limit', 'not-found-guard', ...DATABASE],
  },
  {
    method: 'get',
    path: '/v1/challenge',
    operationId: 'getChallenge',
    summary: 'A proof-of-work challenge for one public lookup, when the operator asks for them (ALTCHA_HMAC_KEY); else 404',
    description:
      'Find `number` from 0 to `maxnumber` such that SHA-256(`salt` + `number`) in hex is `challenge`, then send ' +
      '`base64(JSON {algorithm, challenge, number, salt, signature})` in the `Altcha` header of the lookup. Each challenge is spent once.',
    access: { kind: 'public' },
    limits: [],
    success: {
      ...json(
        'An ALTCHA challenge. Always `Cache-Control: no-store`.',
        z.object({ algorithm: z.string(), challenge: z.string(), maxnumber: z.number().int().optional(), salt: z.string(), signature: z.string() }),
      ),
      headers: noStore,
    },
    problems: ['not-found'],
  },
  {
    method: 'post',
    path: '/v1/lookup/batch',
    operationId: 'lookupRegistrationBatch',
    summary: 'Up to 1,000 lookups for a county clerk system (scope: batch)',
    description:
      'Each item is a LookupRequest with a `ref`, validated on its own: a bad item gets a problem and the others are answered. ' +
      "Results add the state's voter id and status codes, and may match confidential records (flagged).",
    access: { kind: 'key', scope: 'batch' },
    limits: ['key'],
    body: { limit: 'batch', schema: batchRequestSchema, csv: 'lookups' },
    success: {
      description: 'One result per item, in order',
      content: {
        'application/json': { schema: batchResponseSchema },
        'text/csv': {
          schema: z.string().meta({
            description: `With \`Accept: text/csv\`: a header row, then one row per item in order, columns ${BATCH_CSV_COLUMNS.join(', ')} (a refused item fills problemType and problemDetail)`,
          }),
        },
      },
      headers: noStore,
    },
    problems: [...BODY_PROBLEMS, 'invalid-csv', ...KEY_PROBLEMS, ...DATABASE],
  },
  {
    method: 'get',
    path: '/v1/rolls',
    operationId: 'listRolls',
    summary: 'Every loaded roll: its as-of date, voters by status, when it was imported (scope: rolls)',
    access: { kind: 'key', scope: 'rolls' },
    limits: ['key'],
    success: json('The live roll of each state that has one', z.object({ rolls: z.array(liveRollSchema) })),
    problems: [...KEY_PROBLEMS, ...DATABASE],
  },
  {
    method: 'post',
    path: '/mcp',
    operationId: 'mcp',
    summary: 'A Model Context Protocol server for chatbots (Streamable HTTP, stateless, JSON responses)',
    description:
      'Tools `check_voter_registration` (the fields of POST /v1/lookup; structuredContent is its answer, the text content its message) and ' +
      '`get_state_registration_info` (argument `state`; the StateInfo). The same validation, limits, not-found guard and audit as POST /v1/lookup.',
    access: { kind: 'public' },
    limits: ['address', 'network', 'not-found-guard', 'proof-of-work'],
    body: { limit: 'mcp', schema: z.looseObject({ jsonrpc: z.literal('2.0') }).meta({ id: 'JsonRpcMessage', description: 'A JSON-RPC 2.0 message of MCP' }) },
    success: { ...json('A JSON-RPC 2.0 response (or 202 for a notification)', z.looseObject({ jsonrpc: z.literal('2.0') })), headers: noStore },
    problems: [...BODY_PROBLEMS, 'origin-not-allowed', 'proof-of-work', 'address-rate-limit', 'network-rate-limit', 'not-found-guard', ...DATABASE],
  },
  {
    method: 'get',
    path: '/v1/languages',
    operationId: 'listLanguages',
    summary: 'Every language a lookup answers in (`message`) and the widget speaks',
    access: { kind: 'public' },
    limits: [],
    success: json('The languages, and whether each is original text or the project’s own translation', languageListSchema),
    problems: [],
  },
  {
    method: 'get',
    path: '/v1/states',
    operationId: 'listStates',
    summary: 'Registration facts for all 56 jurisdictions',
    access: { kind: 'public' },
    limits: [],
    request: { query: STATE_LANGUAGE_QUERY, headers: STATE_LANGUAGE_HEADER },
    success: json('Every state and territory', stateListSchema),
    problems: ['invalid-request', ...DATABASE],
  },
  {
    method: 'get',
    path: '/v1/states/{code}',
    operationId: 'getState',
    summary: 'Registration facts for one jurisdiction',
    access: { kind: 'public' },
    limits: [],
    request: {
      params: z.object({ code: z.string().meta({ description: 'USPS code, any case', example: 'nc' }) }),
      query: STATE_LANGUAGE_QUERY,
      headers: STATE_LANGUAGE_HEADER,
    },
    success: json('The state', stateInfoSchema),
    problems: ['unknown-state', 'invalid-request', ...DATABASE],
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'checkLiveness',
    summary: 'Liveness: 200 while the process runs',
    access: { kind: 'public' },
    limits: [],
    success: json('Alive', z.object({ status: z.literal('ok') })),
    problems: [],
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'checkReadiness',
    summary: 'Readiness: the database answers and migrations are current',
    access: { kind: 'public' },
    limits: [],
    success: json('Ready', z.object({ status: z.literal('ready') })),
    problems: ['not-ready'],
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (labels never hold a value a person sent); only with `Authorization: Bearer $METRICS_TOKEN`, else 404',
    access: { kind: 'metrics-token' },
    limits: [],
    success: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
    problems: ['not-found'],
  },
  {
    method: 'get',
    path: '/openapi.yaml',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    access: { kind: 'public' },
    limits: [],
    success: { description: 'OpenAPI 3.1', content: { 'application/yaml': { schema: z.string() } } },
    problems: [],
  },
  ...hostScript('widget', 'getWidget', 'getVersionedWidget', 'The embeddable widget script'),
  ...hostScript(
    'embed',
    'getEmbedLoader',
    'getVersionedEmbedLoader',
    'The one-line embed: puts the widget on a host page in an iframe of /embed, sized to fit',
  ),
  {
    method: 'get',
    path: '/embed.css',
    operationId: 'getEmbedStylesheet',
    summary: "The widget's look in /embed and in the <voter-lookup> element's Shadow DOM (loadable from any origin)",
    access: { kind: 'public' },
    limits: [],
    success: { description: 'CSS', content: { 'text/css': { schema: z.string() } } },
    problems: [],
    page: true,
  },
  {
    method: 'get',
    path: '/embed-frame.js',
    operationId: 'getEmbedFrameScript',
    summary: "Inside /embed: tells the framing page the widget's height",
    access: { kind: 'public' },
    limits: [],
    success: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string() } } },
    problems: [],
  },
  {
    method: 'get',
    path: '/llms.txt',
    operationId: 'getLlmsTxt',
    summary: 'The service described for agents (llms.txt)',
    access: { kind: 'public' },
    limits: [],
    success: { description: 'Markdown', content: { 'text/plain': { schema: z.string() } } },
    problems: [],
  },
  {
    method: 'get',
    path: '/',
    operationId: 'getDemoPage',
    summary: 'A page that embeds the widget',
    access: { kind: 'public' },
    limits: [],
    success: { description: 'HTML', content: { 'text/html': { schema: z.string() } } },
    problems: [],
    page: true,
  },
  {
    method: 'get',
    path: '/embed',
    operationId: 'getEmbedPage',
    summary: 'The widget on a page of its own, for an iframe on any site (`?state=NC&lang=es`)',
    access: { kind: 'public' },
    limits: [],
    success: { description: 'HTML', content: { 'text/html': { schema: z.string() } } },
    problems: [],
    page: true,
  },
] as const satisfies readonly RouteDeclaration[];

export type OperationId = (typeof ROUTES)[number]['operationId'];

/** `/v1/states/{code}` in Express's form: `/v1/states/:code`. */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** The methods each path answers, for 405's `Allow` (GET brings HEAD). */
export function allowedMethods(routes: readonly RouteDeclaration[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const route of routes) {
    const methods = byPath.get(route.path) ?? [];
    methods.push(route.method.toUpperCase());
    if (route.method === 'get') methods.push('HEAD');
    byPath.set(route.path, methods);
  }
  return byPath;
}
