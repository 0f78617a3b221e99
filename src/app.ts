import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cors from 'cors';
import express, { type Express, type RequestHandler, Router } from 'express';
import type { Store } from 'express-rate-limit';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import swaggerUi from 'swagger-ui-express';
import { type AuditLog, inputHmac } from './audit/index.ts';
import { batchHandler, createKeyCheckGuard, createKeyRepository, keyedLookupBudget, mcpHandler, requireKey, rollsHandler } from './clients/index.ts';
import { POLICY, type TrustProxy } from './config.ts';
import { pendingMigrationCount } from './db/migrate.ts';
import { clientNetwork, warnOnUnparseableAddress } from './http/client-address.ts';
import { healthHandlers } from './http/health.ts';
import { closeWhileDraining, requestId, requestLog } from './http/logging.ts';
import { createMetrics, type ServiceMetrics } from './http/metrics.ts';
import { methodNotAllowed } from './http/methods.ts';
import { problemHandler, ProblemError } from './http/problem.ts';
import { apiSecurityHeaders } from './http/security-headers.ts';
import { createProofOfWork } from './http/proof-of-work.ts';
import { addressRateLimit, enumerationGuard, networkRateLimit } from './http/rate-limit.ts';
import { embedPage } from './embed.ts';
import { WIDGET_ASSETS, type WidgetAsset } from './widget-assets.ts';
import { csvBody } from './http/csv-body.ts';
import { requireBodyType, validateBody } from './http/validate.ts';
import {
  type AnswerListener,
  createPublicLookup,
  createVoterRepository,
  LANGUAGES,
  lookupHandler,
  shippedNicknames,
  type StateCatalog,
} from './lookup/index.ts';
import { createRollRepository } from './roll/index.ts';
import { allowedMethods, expressPath, type OperationId, ROUTES } from './routes.ts';
import { createStateRepository, stateHandlers, type StateRepository } from './states/index.ts';

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
  /** NETWORK_RATE_LIMIT_PER_MINUTE: public lookups per IPv4 /24 or IPv6 /48 together; default 300. */
  networkRateLimitPerMinute?: number;
  networkRateLimitStore?: Store;
  /** The keyed clients' limiter needs a store of its own (a second Redis store, say). */
  keyedRateLimitStore?: Store;
  metrics?: ServiceMetrics;
  /** Every lookup recorded (outcome, client network or key, HMAC of the inputs); absent, nothing is recorded. */
  audit?: { log: AuditLog; secret: string };
  /** not_found answers per client network before the guard refuses; default 10 in 10 minutes. */
  enumeration?: { limit: number; windowMinutes: number; store?: Store };
  /** Set by the shutdown: readiness fails and every response closes its connection. */
  lifecycle?: { draining: boolean };
  /** True while the shared rate-limit store is away and limits are counted in this process (a metric says so). */
  limitsLocal?: () => boolean;
  /** ALLOWED_ORIGINS: the websites whose visitors may run public lookups from a browser; absent, any. */
  allowedOrigins?: readonly string[];
  /** Where GET /v1/states reads (startServer gives one kept in memory); default: the database on each request. */
  stateInfo?: StateRepository;
  /** ALTCHA_HMAC_KEY: every public lookup carries a solved challenge; absent, none is asked. */
  proofOfWork?: { hmacKey: string; maxNumber: number };
  /** METRICS_TOKEN: /metrics answers only with `Authorization: Bearer <token>`; absent, /metrics is 404. */
  metricsToken?: string;
}

/** The state registration facts a lookup needs, read once at start-up. */
export async function loadStateCatalog(db: Knex): Promise<StateCatalog> {
  const states = await createStateRepository(db).list();
  return new Map(states.map((s) => [s.code, s]));
}

const DEMO_PAGE = readFileSync(new URL('../public/index.html', import.meta.url), 'utf8');
const EMBED_FRAME_JS = readFileSync(new URL('../public/embed-frame.js', import.meta.url), 'utf8');
const EMBED_CSS = readFileSync(new URL('../public/embed.css', import.meta.url), 'utf8');

/**
 * What host pages load (the widget's scripts, and the stylesheet the <voter-lookup>
 * element fetches): loadable from any origin (CORP cross-origin, and CORS for
 * `crossorigin` with an integrity check, or a fetch). A script at its versioned URL is
 * immutable and cached for a year; any other version is 404.
 */
function forHostPages(content: string, type: 'text/javascript' | 'text/css', versioned?: WidgetAsset): RequestHandler {
  return (req, res) => {
    if (versioned && req.params.version !== versioned.version) throw new ProblemError('not-found', 'There is nothing at this path.');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    res.type(type).send(content);
  };
}

/** A constant-time comparison of `Authorization: Bearer <token>` with the expected token; never true without one. */
function bearerMatches(header: string | undefined, expected: string | undefined): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!expected || !given) return false;
  const [a, b] = [createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest()];
  return timingSafeEqual(a, b);
}

/**
 * Readiness for any number of callers: at most one database check at a time, its
 * answer kept for a second; false at once while draining.
 */
function readinessCheck(check: () => Promise<boolean>, lifecycle: { draining: boolean }): () => Promise<boolean> {
  let running: Promise<boolean> | undefined;
  let last = { ready: false, at: -Infinity };
  return () => {
    if (lifecycle.draining) return Promise.resolve(false);
    if (Date.now() - last.at < POLICY.readinessCacheMs) return Promise.resolve(last.ready);
    running ??= check()
      .catch(() => false)
      .then((ready) => {
        last = { ready, at: Date.now() };
        running = undefined;
        return ready;
      });
    return running;
  };
}

/** /llms.txt: what an agent needs to use the service well, from the route table's own words. */
const LLMS_TXT = [
  '# voter-lookup',
  '',
  '> Am I registered to vote, and if not, where do I register? Answers from a mirror of the public state voter rolls; every answer links the state’s own registration page and official lookup, which are the authority.',
  '',
  'Relay `message` as it is, in the person’s language; offer `nextSteps`; ask for a ZIP code or county when the answer is `multiple_matches`. Ask only for the fields the lookup takes, and keep nothing a person tells you.',
  '',
  '## API',
  '',
  ...ROUTES.filter((route) => !('page' in route)).map((route) => `- ${route.method.toUpperCase()} ${route.path}: ${route.summary}`),
  '',
  '## Docs',
  '',
  '- [OpenAPI document](/openapi.yaml): every path, field and problem type',
  '- [MCP](/mcp): tools check_voter_registration and get_state_registration_info (Streamable HTTP, stateless)',
  '',
].join('\n');

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** The composition root: the platform's middleware, each operation of the route table bound to its handler, errors last. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);
  app.disable('x-powered-by');
  const readDb = deps.readDb ?? deps.db;
  const metrics = deps.metrics ?? createMetrics(readDb, deps.limitsLocal ? { limitsLocal: deps.limitsLocal } : {});
  const lifecycle = deps.lifecycle ?? { draining: false };
  let migrationsCurrent: boolean | undefined;
  app.use(requestId, requestLog(deps.logger, metrics), closeWhileDraining(lifecycle));
  if (deps.trustProxy !== false) app.use(warnOnUnparseableAddress(deps.logger));

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
  app.use(apiSecurityHeaders);
  // The public API is open to every origin, without credentials. Keyed paths then
  // check the origin against the key's own allowlist (src/clients/auth.ts).
  // With ALLOWED_ORIGINS, only those websites' pages may call it from a browser, and a
  // public lookup that names another Origin is refused outright (CORS alone would
  // leave the lookup run and only its answer hidden from the page).
  const allowedOrigins = deps.allowedOrigins;
  app.use(
    '/v1',
    cors({
      origin: allowedOrigins ? [...allowedOrigins] : '*',
      methods: ['GET', 'POST'],
      allowedHeaders: ['Content-Type', 'Accept-Language', 'Authorization', 'Altcha'],
      maxAge: 600,
    }),
  );
  // The service's own pages (/embed, /) always may: their origin is the service's.
  const fromAllowedOrigin: RequestHandler = (req, _res, next) => {
    const origin = req.get('origin');
    if (allowedOrigins && origin !== undefined && !allowedOrigins.includes(origin) && origin !== `${req.protocol}://${req.get('host')}`) {
      throw new ProblemError('origin-not-allowed', 'This service does not answer lookups from this website.');
    }
    next();
  };

  const lookupDeps = { voters: createVoterRepository(readDb), states: deps.states, nicknames: shippedNicknames() };
  const keys = createKeyRepository(deps.db);
  const keyChecks = createKeyCheckGuard();
  const guard = enumerationGuard(deps.enumeration?.limit ?? 10, deps.enumeration?.windowMinutes ?? 10, deps.enumeration?.store);
  const audit = deps.audit;

  // What happens after every answer, public or keyed.
  const countMetric: AnswerListener = ({ result }) => metrics.countLookup(result.status, result.match);
  const recordAudit: AnswerListener = ({ result, caller, normalisedInputs }) =>
    audit?.log.record({
      outcome: result.status,
      client: caller.kind === 'key' ? `key:${caller.keyId}` : clientNetwork(caller.address),
      inputHmac: inputHmac(audit.secret, normalisedInputs),
      confidential: result.confidential === true,
    });
  const countNotFound: AnswerListener = ({ result, caller }) => {
    if (result.status === 'not_found' && caller.kind === 'public') guard.notFound(caller.address);
  };
  const onAnswered = [countMetric, recordAudit, countNotFound];
  const publicLookup = createPublicLookup(lookupDeps, onAnswered);

  const health = healthHandlers(
    readinessCheck(async () => {
      await deps.db.raw('SELECT 1');
      if (deps.readDb) await deps.readDb.raw('SELECT 1');
      // Migrations are checked once, at start-up: the service migrated or found them current then.
      migrationsCurrent ??= (await pendingMigrationCount(deps.db)) === 0;
      return migrationsCurrent;
    }, lifecycle),
  );
  const stateInfo = deps.stateInfo ?? createStateRepository(readDb);
  const states = stateHandlers(stateInfo);
  const handlers: Record<OperationId, RequestHandler | RequestHandler[]> = {
    lookupRegistration: lookupHandler(publicLookup),
    lookupRegistrationBatch: batchHandler(lookupDeps, onAnswered),
    listRolls: rollsHandler(createRollRepository(readDb)),
    mcp: mcpHandler(publicLookup, stateInfo),
    listLanguages(_req, res) {
      res.json({ languages: LANGUAGES });
    },
    listStates: states.listStates,
    getState: states.getState,
    checkLiveness: health.checkLiveness,
    checkReadiness: health.checkReadiness,
    async getMetrics(req, res) {
      // Without the token the path answers as if it did not exist: nothing to probe.
      if (!bearerMatches(req.get('authorization'), deps.metricsToken)) throw new ProblemError('not-found', 'There is nothing at this path.');
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
    async getChallenge(_req, res) {
      if (!proofOfWork) throw new ProblemError('not-found', 'This service asks for no proof of work.');
      res.setHeader('Cache-Control', 'no-store');
      res.json(await proofOfWork.challenge());
    },
    getLlmsTxt(_req, res) {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.type('text/plain').send(LLMS_TXT);
    },
    getOpenApiDocument(_req, res) {
      res.type('application/yaml').send(deps.openApiYaml);
    },
    // The widget, for any site to embed, and a demo page that embeds it.
    getWidget: forHostPages(WIDGET_ASSETS.widget.content, 'text/javascript'),
    getVersionedWidget: forHostPages(WIDGET_ASSETS.widget.content, 'text/javascript', WIDGET_ASSETS.widget),
    getEmbedLoader: forHostPages(WIDGET_ASSETS.embed.content, 'text/javascript'),
    getVersionedEmbedLoader: forHostPages(WIDGET_ASSETS.embed.content, 'text/javascript', WIDGET_ASSETS.embed),
    getEmbedStylesheet: forHostPages(EMBED_CSS, 'text/css'),
    getEmbedFrameScript(_req, res) {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('text/javascript').send(EMBED_FRAME_JS);
    },
    // The widget in a frame on any site (or only ALLOWED_ORIGINS'): framing is the point,
    // so frame-ancestors names who may, and no X-Frame-Options forbids it.
    getEmbedPage: [
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'none'"],
            scriptSrc: ["'self'"],
            connectSrc: ["'self'"],
            styleSrc: ["'self'"],
            frameAncestors: allowedOrigins ? [...allowedOrigins] : ['*'],
          },
        },
        frameguard: false,
        referrerPolicy: { policy: 'no-referrer' },
      }),
      (req, res) => {
        res.type('html').send(embedPage(req.query));
      },
    ],
    getDemoPage: [
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: { defaultSrc: ["'none'"], scriptSrc: ["'self'"], connectSrc: ["'self'"], styleSrc: ["'self'"], frameAncestors: ["'none'"] },
        },
        referrerPolicy: { policy: 'no-referrer' },
      }),
      (_req, res) => {
        res.type('html').send(DEMO_PAGE);
      },
    ],
  };
  const proofOfWork = deps.proofOfWork ? createProofOfWork(deps.proofOfWork) : undefined;
  const limits = {
    'proof-of-work': proofOfWork?.require ?? ((_req, _res, next) => next()),
    address: addressRateLimit(deps.rateLimitPerMinute, deps.rateLimitStore),
    network: networkRateLimit(deps.networkRateLimitPerMinute ?? 300, deps.networkRateLimitStore),
    'not-found-guard': guard.check,
    key: keyedLookupBudget(deps.keyedRateLimitStore),
  };

  const router = Router();
  for (const route of ROUTES) {
    const chain: RequestHandler[] = [];
    if ('body' in route) chain.push(noStore);
    if (route.access.kind === 'key') chain.push(requireKey(keys, route.access.scope, keyChecks));
    if (route.access.kind === 'public' && 'body' in route) chain.push(fromAllowedOrigin);
    // The address, network and not-found limits come before the body is read; a key's
    // budget after, since a batch costs one per lookup in it.
    const [beforeBody, afterBody] = [route.limits.filter((l) => l !== 'key'), route.limits.filter((l) => l === 'key')];
    chain.push(...beforeBody.map((limit) => limits[limit]));
    if ('body' in route) {
      const limit = POLICY.bodyLimits[route.body.limit];
      const csv = 'csv' in route.body && route.body.csv !== undefined;
      chain.push(requireBodyType(csv), express.json({ limit }), ...(csv ? csvBody(limit, route.body.csv) : []), validateBody(route.body.schema));
    }
    chain.push(...afterBody.map((limit) => limits[limit]));
    router[route.method](expressPath(route.path), ...chain, ...[handlers[route.operationId]].flat());
  }
  for (const [path, methods] of allowedMethods(ROUTES)) router.all(expressPath(path), methodNotAllowed(methods));
  app.use(router);

  app.use(() => {
    throw new ProblemError('not-found', 'There is nothing at this path.');
  });
  app.use(problemHandler(deps.logger));
  return app;
}
