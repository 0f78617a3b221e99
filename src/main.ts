import pino from 'pino';
import { createApp, loadStateCatalog } from './app.ts';
import { loadConfig } from './config.ts';
import { locateDatabase } from './db/connect.ts';
import { createDatabase } from './db/knex.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openApiYaml } from './openapi/document.ts';
import { loadDemoRoll } from '../seeds/demo-roll.ts';

const config = loadConfig();
const logger = pino({ level: config.logLevel });

const location = await locateDatabase(config, (line) => logger.info(line));
const db = createDatabase(location.url, {
  statementTimeoutMs: config.dbStatementTimeoutMs,
  poolMax: config.dbPoolMax,
  logger,
});
await migrateToLatest(db);

// Demo data only ever goes into the embedded database, never into DATABASE_URL.
if (location.embedded) {
  const live = await db('roll_snapshot').where({ state: 'NC', lifecycle: 'live' }).first();
  if (!live) {
    const summary = await loadDemoRoll(location.url);
    logger.info({ rows: summary.rowsLoaded }, 'loaded the demo roll of fictional North Carolina voters');
  }
}

const app = createApp({
  db,
  logger,
  states: await loadStateCatalog(db),
  openApiYaml: openApiYaml(),
  rateLimitPerMinute: config.rateLimitPerMinute,
  trustProxy: config.trustProxy,
});
const server = app.listen(config.port, () => {
  logger.info({ port: config.port }, `voter-lookup listening on http://localhost:${config.port}`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const forced = setTimeout(() => process.exit(1), 9_000);
  forced.unref();
  server.close();
  server.closeIdleConnections();
  await new Promise<void>((resolve) => server.once('close', () => resolve()));
  await db.destroy();
  await location.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
