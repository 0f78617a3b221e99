import { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import { createClient } from 'redis';
import { createApp, loadStateCatalog } from './app.ts';
import { createAuditLog } from './audit/index.ts';
import { type Config, POLICY } from './config.ts';
import { locateDatabase } from './db/connect.ts';
import { listen, sharesServerSessions } from './db/client.ts';
import { embeddedAuditSecret } from './db/embedded.ts';
import { createDatabase } from './db/knex.ts';
import { prepareDatabase } from './database.ts';
import { FailLocalStore } from './http/fail-local-store.ts';
import { redisRateLimitStore } from './http/rate-limit.ts';
import { openApiYaml } from './openapi/document.ts';
import { importRoll, ROLL_LIVE_CHANNEL } from './roll/index.ts';
import { cachedStateRepository, createStateRepository } from './states/index.ts';

/** The demo roll: fictional North Carolina voters in NCSBE's own layout, loaded through the ordinary importer. */
const DEMO_ROLL = new URL('../seeds/demo-roll.ncvoter.txt', import.meta.url);
const DEMO_ROLL_AS_OF = '2026-11-21';

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Drains (readiness 503, connections closed) for SHUTDOWN_DRAIN_MS, serves what is in flight, then closes everything. */
  stop(): Promise<void>;
}

/** What the binary and the tests may pass besides the configuration. */
export interface StartOptions {
  logger?: Logger;
}

/**
 * Starts the whole service in this process: database (embedded when no
 * DATABASE_URL), migrations, the demo roll on the embedded database, Redis when
 * configured, the audit and the HTTP server.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // Asynchronous, buffered writes: a synchronous write per request line would cost the lookup path a system call each.
  const logger = options.logger ?? pino({ level: config.logLevel }, pino.destination({ sync: false }));

  const location = await locateDatabase(config, (line) => logger.info(line));
  if (!config.transactionPooler) {
    for (const url of [location.embedded ? undefined : location.url, config.databaseReadUrl]) {
      if (url && (await sharesServerSessions(url))) {
        await location.close();
        throw new Error(
          `${url === location.url ? 'DATABASE_URL' : 'DATABASE_READ_URL'} reaches PostgreSQL through a transaction pooler (two connections shared one server session): set DATABASE_POOLER=transaction`,
        );
      }
    }
  }
  const databaseOptions = { statementTimeoutMs: config.dbStatementTimeoutMs, poolMax: config.dbPoolMax, logger, transactionPooler: config.transactionPooler };
  const db = createDatabase(location.url, databaseOptions);
  const readDb = config.databaseReadUrl ? createDatabase(config.databaseReadUrl, databaseOptions) : undefined;
  await prepareDatabase(db);

  // Demo data only ever goes into the embedded database, never into DATABASE_URL.
  if (location.embedded) {
    const [live] = await db('roll_snapshot').where({ state: 'NC', lifecycle: 'live' }).select<{ id: number }[]>('id');
    if (!live) {
      const summary = await importRoll({ databaseUrl: location.url, state: 'NC', format: 'ncvoter', files: [fileURLToPath(DEMO_ROLL)], asOf: DEMO_ROLL_AS_OF });
      logger.info({ rows: summary.rowsLoaded }, 'loaded the demo roll of fictional North Carolina voters');
    }
  }

  // With REDIS_URL, every instance counts rate limits in one place. Commands fail at
  // once while Redis is away (no offline queue), and the limits are then counted in
  // this process until it is back (fail local): see README, "Scaling out". The start
  // never waits for Redis.
  const redis = config.redisUrl ? createClient({ url: config.redisUrl, disableOfflineQueue: true }) : undefined;
  const stores: FailLocalStore[] = [];
  let reportedLocal: boolean | undefined;
  const limitsLocal = () => stores.some((store) => store.isLocal);
  const reportLimits = () => {
    const local = limitsLocal();
    if (local === reportedLocal) return;
    reportedLocal = local;
    if (local) logger.warn('rate limits are counted in this process only: Redis cannot be reached');
    else logger.info('rate limits are shared in Redis again');
  };
  if (redis) {
    redis.on('error', (error: Error) => logger.debug({ errorType: error.name }, 'redis error'));
    redis.connect().catch(() => {});
  }
  const redisStore = (prefix: string) => {
    if (!redis) return undefined;
    const store = new FailLocalStore(
      redisRateLimitStore((...args) => redis.sendCommand(args), prefix),
      () => reportLimits(),
    );
    stores.push(store);
    return store;
  };

  // The audit's HMAC secret: AUDIT_HMAC_KEY, or in embedded mode one generated once and kept under DATA_DIR.
  const auditSecret = config.auditHmacKey ?? (location.embedded ? await embeddedAuditSecret(config.dataDir) : undefined);
  if (!auditSecret) {
    await Promise.allSettled([db.destroy(), readDb?.destroy(), redis?.quit(), location.close()]);
    throw new Error('AUDIT_HMAC_KEY (32 characters or more) is required with DATABASE_URL');
  }
  const auditLog = createAuditLog(db, logger, { retentionDays: config.auditRetentionDays });
  const pruneAudit = () =>
    auditLog.prune().then(
      (removed) => removed > 0 && logger.info({ removed }, 'audit rows past retention removed'),
      (error: Error) => logger.warn({ errorType: error.name }, 'audit pruning failed'),
    );
  void pruneAudit();
  const pruning = setInterval(() => void pruneAudit(), 60 * 60 * 1000).unref();

  // The states' facts and roll dates, kept in memory and read again when a roll goes live.
  // A new live roll is announced with NOTIFY; behind a transaction pooler, where LISTEN has no session to live in, the dates are kept at most POLICY.rollPollMs.
  const stateInfo = cachedStateRepository(createStateRepository(readDb ?? db), config.transactionPooler ? POLICY.rollPollMs : undefined);
  const rollChanges = config.transactionPooler ? undefined : listen(location.url, ROLL_LIVE_CHANNEL, () => stateInfo.refresh());

  const lifecycle = { draining: false };
  const rateLimitStore = redisStore(config.redisPrefix);
  const networkRateLimitStore = redisStore(`${config.redisPrefix}net:`);
  const keyedRateLimitStore = redisStore(`${config.redisPrefix}keyed:`);
  const enumerationStore = redisStore(`${config.redisPrefix}enum:`);
  const app = createApp({
    db,
    ...(readDb ? { readDb } : {}),
    logger,
    states: await loadStateCatalog(readDb ?? db),
    openApiYaml: openApiYaml(),
    rateLimitPerMinute: config.rateLimitPerMinute,
    networkRateLimitPerMinute: config.networkRateLimitPerMinute,
    ...(networkRateLimitStore ? { networkRateLimitStore } : {}),
    ...(redis ? { limitsLocal } : {}),
    trustProxy: config.trustProxy,
    ...(rateLimitStore ? { rateLimitStore } : {}),
    ...(keyedRateLimitStore ? { keyedRateLimitStore } : {}),
    audit: { log: auditLog, secret: auditSecret },
    enumeration: {
      limit: config.enumerationLimit,
      windowMinutes: config.enumerationWindowMinutes,
      ...(enumerationStore ? { store: enumerationStore } : {}),
    },
    lifecycle,
    stateInfo,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    ...(config.proofOfWork ? { proofOfWork: config.proofOfWork } : {}),
  });
  const server = app.listen(config.port);
  // A slow client cannot hold a connection open with headers or a body that never end.
  server.headersTimeout = POLICY.headersTimeoutMs;
  server.requestTimeout = POLICY.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ port }, `voter-lookup listening on http://localhost:${port}`);

  let stopped: Promise<void> | undefined;
  /**
   * SIGTERM under load fails no request. Readiness turns 503 and every response
   * closes its connection for SHUTDOWN_DRAIN_MS, so load balancers and keep-alive
   * clients move away. Then the server stops accepting connections, but first
   * serves the requests already on their way over accepted ones (a connection is
   * "idle" to Node until its request arrives), closes what is still idle, and
   * resolves when the last response is sent.
   */
  const stop = async () => {
    lifecycle.draining = true;
    await sleep(config.shutdownDrainMs);
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    // net.Server's close: stop listening, without http.Server's immediate closing of idle connections.
    Server.prototype.close.call(server);
    await sleep(REQUESTS_IN_FLIGHT_GRACE_MS);
    server.closeIdleConnections();
    await closed;
    clearInterval(pruning);
    await auditLog.close();
    await rollChanges?.close();
    for (const store of stores) store.shutdown();
    await Promise.allSettled([db.destroy(), readDb?.destroy(), redis?.isReady ? redis.close() : redis?.destroy()]);
    await location.close();
    logger.flush();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => (stopped ??= stop()),
  };
}

const REQUESTS_IN_FLIGHT_GRACE_MS = 500;
