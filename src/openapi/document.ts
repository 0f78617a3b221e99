import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { stringify } from 'yaml';
import { z } from 'zod';
import { PROBLEM_KINDS, type ProblemKind, type ProblemKindDeclaration, problemSchema, problemTypeUri } from '../http/problem.ts';
import { ROUTES } from '../routes.ts';

/**
 * openapi.yaml is generated from the route table and the zod schemas the service
 * validates with (`npm run openapi`); a test fails when the committed file drifts.
 */

const HEADERS = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' as const } },
  RateLimit: { description: 'IETF draft-8 RateLimit header', schema: { type: 'string' as const } },
  'RateLimit-Policy': { description: 'IETF draft-8 RateLimit-Policy header', schema: { type: 'string' as const } },
  Allow: { description: 'The methods this path accepts', schema: { type: 'string' as const } },
  'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' as const } },
};

const DECLARED: Readonly<Record<ProblemKind, ProblemKindDeclaration>> = PROBLEM_KINDS;

/** Problems every operation can give, whatever its table entry says. */
const EVERY_OPERATION: readonly ProblemKind[] = ['method-not-allowed', 'internal'];

/** One response per status, listing each problem type it can carry (and their headers). */
function problemResponses(kinds: readonly ProblemKind[]): Record<number, ResponseConfig> {
  const byStatus = new Map<number, ProblemKind[]>();
  for (const kind of [...kinds, ...EVERY_OPERATION]) {
    const status = DECLARED[kind].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), kind]);
  }
  const responses: Record<number, ResponseConfig> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headerNames = new Set<keyof typeof HEADERS>(list.flatMap((kind) => DECLARED[kind].headers ?? []));
    if (headerNames.has('RateLimit')) headerNames.add('RateLimit-Policy');
    const headers = Object.fromEntries([...headerNames].map((name) => [name, HEADERS[name]]));
    responses[status] = {
      description: list.map((kind) => `\`${problemTypeUri(kind)}\`: ${DECLARED[kind].description}`).join(' '),
      ...(headerNames.size > 0 ? { headers } : {}),
      content: {
        'application/problem+json': {
          schema: problemSchema.and(z.object({ type: z.enum(list.map(problemTypeUri) as [string, ...string[]]) })),
        },
      },
    };
  }
  return responses;
}

function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A county clerk key from `npm run keys -- create`',
  });
  const metricsToken = registry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: "The operator's METRICS_TOKEN",
  });
  const security = { public: [], key: [{ [bearer.name]: [] }], 'metrics-token': [{ [metricsToken.name]: [] }] };
  for (const route of ROUTES) {
    if ('page' in route) continue;
    const request = 'request' in route ? route.request : {};
    registry.registerPath({
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      ...('description' in route ? { description: route.description } : {}),
      security: security[route.access.kind],
      request: {
        ...request,
        ...('body' in route
          ? {
              body: {
                required: true,
                content: {
                  'application/json': { schema: route.body.schema },
                  ...('csv' in route.body
                    ? {
                        'text/csv': {
                          schema: {
                            type: 'string' as const,
                            description: `A header row naming the fields of each item (the same names as in JSON, plus \`ref\`), then one row per item of \`${route.body.csv}\`; an empty cell leaves its field out`,
                          },
                        },
                      }
                    : {}),
                },
              },
            }
          : {}),
      },
      responses: { 200: route.success, ...problemResponses(route.problems) },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'voter-lookup',
      version: '1.0.0',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'Am I registered to vote, and if not, where do I register? Answers from a mirror of the public state voter rolls. ' +
        'Every error is RFC 9457 application/problem+json, its `type` one of `/problems/<kind>` (each listed where it can occur).',
    },
    servers: [{ url: '/' }],
  });
}

export function openApiYaml(): string {
  return stringify(buildOpenApiDocument(), { aliasDuplicateObjects: false, lineWidth: 0 });
}
