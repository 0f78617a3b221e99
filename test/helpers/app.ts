import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before } from 'node:test';
import type { Express } from 'express';
import type { Store } from 'express-rate-limit';
import type { Knex } from 'knex';
import pino from 'pino';
import { type AppDeps, createApp, loadStateCatalog } from '../../src/app.ts';
import { openApiYaml } from '../../src/openapi/document.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** Every log line any test app wrote in this process, for the personal-data scan. */
export const capturedLogs: string[] = [];

// npm test gives every test process one folder: what each one logged and what
// personal data it sent, for test/log-scan.test.ts to compare after the run.
const logDir = process.env.TEST_LOG_DIR;
function persist(kind: 'logs' | 'sent', text: string): void {
  if (logDir) appendFileSync(join(logDir, `${kind}-${process.pid}.txt`), text);
}

/** Log output of a service a test ran in its own process. */
export function recordLogs(text: string): void {
  persist('logs', text.endsWith('\n') ? text : `${text}\n`);
}

/** Names and dates a test sent: none may appear in any log of the run. */
export function recordSent(values: readonly string[]): void {
  persist('sent', values.map((v) => `${v}\n`).join(''));
}

export function captureLogger() {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString('utf8');
      capturedLogs.push(line);
      persist('logs', line);
      done();
    },
  });
  return pino({ level: 'trace' }, sink);
}

export interface TestAppOptions {
  rateLimitPerMinute?: number;
  networkRateLimitPerMinute?: number;
  trustProxy?: number | string[];
  rateLimitStore?: Store;
  readDb?: Knex;
  /** Where the state catalog is read at start-up, when not from `db` (which may be down). */
  catalogDb?: Knex;
  audit?: AppDeps['audit'];
  /** Default: out of reach, so tests that look for absent people are not refused. */
  enumeration?: AppDeps['enumeration'];
  metricsToken?: string;
  allowedOrigins?: string[];
  proofOfWork?: AppDeps['proofOfWork'];
}

export async function buildTestApp(db: Knex, options: TestAppOptions = {}): Promise<Express> {
  return createApp({
    db,
    logger: captureLogger(),
    states: await loadStateCatalog(options.catalogDb ?? db),
    openApiYaml: openApiYaml(),
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    networkRateLimitPerMinute: options.networkRateLimitPerMinute ?? (options.rateLimitPerMinute ? 300 : 100_000),
    trustProxy: options.trustProxy ?? false,
    ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
    ...(options.readDb ? { readDb: options.readDb } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    enumeration: options.enumeration ?? { limit: 1_000_000, windowMinutes: 10 },
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.proofOfWork ? { proofOfWork: options.proofOfWork } : {}),
  });
}

/**
 * A database of the test file's own with an app on it, made before the file's
 * tests and dropped after them. Read ctx.db and ctx.app inside the tests.
 */
export function useDatabaseAndApp(): { db: TestDatabase; app: Express } {
  const ctx = {} as { db: TestDatabase; app: Express };
  before(async () => {
    ctx.db = await createTestDatabase();
    ctx.app = await buildTestApp(ctx.db.knex);
  });
  after(async () => {
    await ctx.db.drop();
  });
  return ctx;
}
