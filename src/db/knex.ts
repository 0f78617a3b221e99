import { POLICY } from '../config.ts';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';

// DATE columns come back as the 'YYYY-MM-DD' text PostgreSQL stores, never as a
// JavaScript Date shifted by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export interface DatabaseOptions {
  /** Per-statement limit; leave undefined for imports, which run long on purpose. */
  statementTimeoutMs?: number;
  poolMax?: number;
  /** How long a request may wait for a connection before the database counts as unreachable. */
  acquireTimeoutMs?: number;
  /** Where Knex's own warnings go (connection errors and the like); default: one line each on stderr. */
  logger?: Logger;
}

export function createDatabase(url: string, options: DatabaseOptions = {}): Knex {
  const { statementTimeoutMs, poolMax = 10, acquireTimeoutMs = POLICY.poolAcquireTimeoutMs, logger } = options;
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      connectionTimeoutMillis: acquireTimeoutMs,
      ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 500 }),
      application_name: 'voter-lookup',
    },
    pool: {
      min: 0,
      max: poolMax,
      // The lookups are named prepared statements whose best plan never depends on
      // the values (always the same index probes). Without this, PostgreSQL plans
      // the variant step anew for every request: 1.9 ms of planning for 0.2 ms of
      // work. A SET rather than a startup option, which PgBouncer would refuse.
      afterCreate: (connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) => {
        connection.query('SET plan_cache_mode = force_generic_plan').then(
          () => done(null, connection),
          (error: Error) => done(error, connection),
        );
      },
    },
    acquireConnectionTimeout: acquireTimeoutMs,
    log: logger
      ? {
          warn: (message: unknown) => logger.warn({ source: 'knex' }, firstLine(message)),
          error: (message: unknown) => logger.error({ source: 'knex' }, firstLine(message)),
          deprecate: (message: unknown) => logger.warn({ source: 'knex' }, firstLine(message)),
          debug: () => {},
        }
      : {
          // A command's own failure says the same in one line (src/cli/one-line.ts); Knex's would add a stack.
          warn: () => {},
          error: () => {},
          deprecate: (message: unknown) => console.warn(firstLine(message)),
          debug: () => {},
        },
  });
}

/** Knex's messages carry the error's stack after the first line: logs keep the first. */
const firstLine = (message: unknown) => String(message).split('\n')[0];

/** The same server, another database: used to create and drop databases. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
