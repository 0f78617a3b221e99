import { Writable } from 'node:stream';
import type { Express } from 'express';
import type { Knex } from 'knex';
import pino from 'pino';
import { createApp, loadStateCatalog } from '../../src/app.ts';
import { openApiYaml } from '../../src/openapi/document.ts';

/** Every log line any test app wrote in this process, for the personal-data scan. */
export const capturedLogs: string[] = [];

export function captureLogger() {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      capturedLogs.push(chunk.toString('utf8'));
      done();
    },
  });
  return pino({ level: 'trace' }, sink);
}

export interface TestAppOptions {
  rateLimitPerMinute?: number;
  trustProxy?: number | string[];
  /** Where the state catalog is read at start-up, when not from `db` (which may be down). */
  catalogDb?: Knex;
}

export async function buildTestApp(db: Knex, options: TestAppOptions = {}): Promise<Express> {
  return createApp({
    db,
    logger: captureLogger(),
    states: await loadStateCatalog(options.catalogDb ?? db),
    openApiYaml: openApiYaml(),
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    trustProxy: options.trustProxy ?? false,
  });
}
