import { Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createClient } from 'redis';
import { createApp, loadStateCatalog } from './app.ts';
import { loadConfig } from './config.ts';
import { locateDatabase } from './db/connect.ts';
import { createDatabase } from './db/knex.ts';
import { migrateToLatest } from './db/migrate.ts';
import { redisRateLimitStore } from './http/rate-limit.ts';
import { openApiYaml } from './openapi/document.ts';
import { createAuditLog } from './clients/audit.ts';
import { embeddedAuditSecret } from './db/embedded.ts';
import { loadDemoRoll } from '../seeds/demo-roll.ts';

const config = loadConfig();
// Asynchronous, buffered writes: a synchronous write per request line would cost
// the lookup path a system call each (flushed on shutdown below).
const logger = pino({ level: config.logLevel }, pino.destination({ sync: false }));

const location = await locateDatabase(config, (line) => logger.info(line));
const databaseOptions = { statementTimeoutMs: config.dbStatementTimeoutMs, poolMax: config.dbPoolMax, logger };
const db = createDatabase(location.url, databaseOptions);
const readDb = config.databaseReadUrl ? createDatabase(config.databaseReadUrl, databaseOptions) : undefined;
await migrateToLatest(db);

// Demo data only ever goes into the embedded database, never into DATABASE_URL.
if (location.embedded) {
  const live = await db('roll_snapshot').where({ state: 'NC', lifecycle: 'live' }).first();
  if (!live) {
    const summary = await loadDemoRoll(location.url);
    logger.info({ rows: summary.rowsLoaded }, 'loaded the demo roll of fictional North Carolina voters');
  }
}

// With REDIS_URL, every instance counts rate limits in one place. Commands fail at
// once while Redis is away (no offline queue), and the limiter then lets requests
// through: see README, "Scaling out".
const redis = config.redisUrl ? createClient({ url: config.redisUrl, disableOfflineQueue: true }) : undefined;
if (redis) {
  redis.on('error', (error: Error) => logger.warn({ errorType: error.name }, 'redis unavailable; rate limits fail open'));
  await redis.connect().catch(() => logger.warn('redis unreachable at start; rate limits fail open until it answers'));
}

// The audit's HMAC secret: AUDIT_HMAC_KEY, or in embedded mode one generated once and kept under DATA_DIR.
const auditSecret = config.auditHmacKey ?? (location.embedded ? await embeddedAuditSecret(config.dataDir) : undefined);
if (!auditSecret) {
  logger.fatal('AUDIT_HMAC_KEY (32 characters or more) is required with DATABASE_URL');
  process.exit(1);
}
const auditLog = createAuditLog(db, logger, { retentionDays: config.auditRetentionDays });
const pruneAudit = () =>
  auditLog.prune().then(
    (removed) => removed > 0 && logger.info({ removed }, 'audit rows past retention removed'),
    (error: Error) => logger.warn({ errorType: error.name }, 'audit pruning failed'),
  );
void pruneAudit();
setInterval(() => void pruneAudit(), 60 * 60 * 1000).unref();

const lifecycle = { draining: false };
const app = createApp({
  db,
  ...(readDb ? { readDb } : {}),
  logger,
  states: await loadStateCatalog(readDb ?? db),
  openApiYaml: openApiYaml(),
  rateLimitPerMinute: config.rateLimitPerMinute,
  trustProxy: config.trustProxy,
  ...(redis
    ? {
        rateLimitStore: redisRateLimitStore((...args) => redis.sendCommand(args), config.redisPrefix),
        keyedRateLimitStore: redisRateLimitStore((...args) => redis.sendCommand(args), `${config.redisPrefix}keyed:`),
      }
    : {}),
  audit: { log: auditLog, secret: auditSecret },
  enumeration: {
    limit: config.enumerationLimit,
    windowMinutes: config.enumerationWindowMinutes,
    ...(redis ? { store: redisRateLimitStore((...args) => redis.sendCommand(args), `${config.redisPrefix}enum:`) } : {}),
  },
  lifecycle,
});
const server = app.listen(config.port, () => {
  logger.info({ port: config.port }, `voter-lookup listening on http://localhost:${config.port}`);
});

/**
 * SIGTERM under load fails no request. Readiness turns 503 and every response
 * closes its connection for SHUTDOWN_DRAIN_MS, so load balancers and keep-alive
 * clients move away. Then the server stops accepting connections, but first
 * serves the requests already on their way over accepted ones (a connection is
 * "idle" to Node until its request arrives), closes what is still idle, and
 * exits when the last response is sent: within 10 seconds in all.
 */
const REQUESTS_IN_FLIGHT_GRACE_MS = 500;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), 9_500).unref();
  lifecycle.draining = true;
  await sleep(config.shutdownDrainMs);
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  // net.Server's close: stop listening, without http.Server's immediate closing of idle connections.
  Server.prototype.close.call(server);
  await sleep(REQUESTS_IN_FLIGHT_GRACE_MS);
  server.closeIdleConnections();
  await closed;
  await auditLog.close();
  await Promise.allSettled([db.destroy(), readDb?.destroy(), redis?.quit()]);
  await location.close();
  logger.flush();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
