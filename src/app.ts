import { readFileSync } from 'node:fs';
import cors from 'cors';
import express, { type Express } from 'express';
import type { Store } from 'express-rate-limit';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import swaggerUi from 'swagger-ui-express';
import { type AuditLog, clientNetwork, inputHmac } from './clients/audit.ts';
import { keyedRateLimit } from './clients/auth.ts';
import { batchRouter } from './clients/batch.ts';
import { createKeyRepository } from './clients/keys.ts';
import { rollsRouter } from './clients/rolls.ts';
import type { TrustProxy } from './config.ts';
import { pendingMigrationCount } from './db/migrate.ts';
import { healthRouter } from './http/health.ts';
import { requestLogging } from './http/logging.ts';
import { createMetrics, type ServiceMetrics } from './http/metrics.ts';
import { methodNotAllowed } from './http/methods.ts';
import { problemHandler, ProblemError } from './http/problem.ts';
import { enumerationGuard, lookupRateLimit, pinClientAddress } from './http/rate-limit.ts';
import { shippedNicknames } from './lookup/nicknames.ts';
import { createVoterRepository } from './lookup/repository.ts';
import { addLookupRoute } from './lookup/routes.ts';
import type { LookupRequest, LookupResult } from './lookup/schema.ts';
import { normalisedInputs, type StateCatalog } from './lookup/service.ts';
import { createRollRepository } from './roll/repository.ts';
import { createStateRepository } from './states/repository.ts';
import { statesRouter } from './states/routes.ts';

export interface AppDeps {
  /** The primary: imports and writes; lookups too unless readDb is given. */
  db: Knex;
  /** A read replica (DATABASE_READ_URL): lookups and state info read from it. */
  readDb?: Knex;
  logger: Logger;
  states: StateCatalog;
  openApiYaml: string;
  rateLimitPerMinute: number;
  trustProxy: TrustProxy;
  rateLimitStore?: Store;
  /** The keyed clients' limiter needs a store of its own (a second Redis store, say). */
  keyedRateLimitStore?: Store;
  metrics?: ServiceMetrics;
  /** Every lookup recorded (outcome, client network or key, HMAC of the inputs); absent, nothing is recorded. */
  audit?: { log: AuditLog; secret: string };
  /** not_found answers per client network before the guard refuses; default 10 in 10 minutes. */
  enumeration?: { limit: number; windowMinutes: number; store?: Store };
  /** Set by the shutdown: readiness fails and every response closes its connection. */
  lifecycle?: { draining: boolean };
}

/** The state registration facts a lookup needs, read once at start-up. */
export async function loadStateCatalog(db: Knex): Promise<StateCatalog> {
  const states = await createStateRepository(db).list();
  return new Map(states.map((s) => [s.code, s]));
}

const WIDGET_JS = readFileSync(new URL('../public/widget.js', import.meta.url), 'utf8');
const DEMO_PAGE = readFileSync(new URL('../public/index.html', import.meta.url), 'utf8');

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);
  app.disable('x-powered-by');
  const readDb = deps.readDb ?? deps.db;
  const metrics = deps.metrics ?? createMetrics(readDb);
  const lifecycle = deps.lifecycle ?? { draining: false };
  pinClientAddress(app);
  app.use(requestLogging(deps.logger, metrics, lifecycle));

  // The API documentation page needs its own scripts and styles; everything else is JSON.
  app.use(
    '/docs',
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
    swaggerUi.serveFiles(undefined, { swaggerOptions: { url: '/openapi.yaml' } }),
    swaggerUi.setup(undefined, { swaggerOptions: { url: '/openapi.yaml' }, customSiteTitle: 'voter-lookup API' }),
  );

  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      crossOriginEmbedderPolicy: true,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );

  // The public API is open to every origin, without credentials. Keyed paths then
  // check the origin against the key's own allowlist (src/clients/auth.ts).
  app.use('/v1', cors({ origin: '*', methods: ['GET', 'POST'], allowedHeaders: ['Content-Type', 'Accept-Language', 'Authorization'], maxAge: 600 }));
  const voters = createVoterRepository(readDb);
  const lookupDeps = { voters, states: deps.states, nicknames: shippedNicknames() };
  const keys = createKeyRepository(deps.db);
  const keyedLimit = keyedRateLimit(deps.keyedRateLimitStore);
  // Every answer, public or keyed, is counted and audited the same way.
  const audit = deps.audit;
  const answered = (result: LookupResult, request: LookupRequest, client: string) => {
    metrics.countLookup(result.status, result.match);
    audit?.log.record({ outcome: result.status, client, inputHmac: inputHmac(audit.secret, normalisedInputs(request)) });
  };
  // The public lookup first: it is nearly every request, and each router passed costs a path match.
  const guard = enumerationGuard(deps.enumeration?.limit ?? 10, deps.enumeration?.windowMinutes ?? 10, deps.enumeration?.store);
  addLookupRoute(app, lookupDeps, [lookupRateLimit(deps.rateLimitPerMinute, deps.rateLimitStore), guard.check], (result, request, req) => {
    if (result.status === 'not_found') guard.notFound(req);
    answered(result, request, clientNetwork(req.ip));
  });
  app.use(batchRouter(lookupDeps, keys, keyedLimit, (result, request, key) => answered(result, request, `key:${key.id}`)));
  app.use(rollsRouter(createRollRepository(readDb), keys, keyedLimit));
  app.use(statesRouter(createStateRepository(readDb)));

  const isReady = async () => {
    if (lifecycle.draining) return false;
    await deps.db.raw('SELECT 1');
    if (deps.readDb) await deps.readDb.raw('SELECT 1');
    return (await pendingMigrationCount(deps.db)) === 0;
  };
  app.use(healthRouter(isReady));
  app
    .route('/openapi.yaml')
    .get((_req, res) => {
      res.type('application/yaml').send(deps.openApiYaml);
    })
    .all(methodNotAllowed('GET'));
  // The widget, for any site to embed, and a demo page that embeds it.
  app
    .route('/widget.js')
    .get((_req, res) => {
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('text/javascript').send(WIDGET_JS);
    })
    .all(methodNotAllowed('GET'));
  app
    .route('/')
    .get(
      helmet.contentSecurityPolicy({
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], scriptSrc: ["'self'"], connectSrc: ["'self'"], styleSrc: ["'self'"], frameAncestors: ["'none'"] },
      }),
      (_req, res) => {
        res.type('html').send(DEMO_PAGE);
      },
    )
    .all(methodNotAllowed('GET'));
  app
    .route('/metrics')
    .get(async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    })
    .all(methodNotAllowed('GET'));

  app.use(() => {
    throw new ProblemError(404, 'There is nothing at this path.');
  });
  app.use(problemHandler(deps.logger));
  return app;
}
