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
  /**
   * DATABASE_POOLER=transaction: the URL reaches PostgreSQL through a pooler that
   * hands each transaction to any server connection (PgBouncer's transaction mode).
   * Nothing is kept in a session there: no SET, and no named prepared statement.
   */
  transactionPooler?: boolean;
}

/** Databases whose statements go unnamed, since a transaction pooler may run each on another server session. */
const behindTransactionPooler = new WeakSet<object>();
export const isBehindTransactionPooler = (knex: object): boolean => behindTransactionPooler.has(knex);

export function createDatabase(url: string, options: DatabaseOptions = {}): Knex {
  const { statementTimeoutMs, poolMax = 10, acquireTimeoutMs = POLICY.poolAcquireTimeoutMs, logger, transactionPooler = false } = options;
  // The lookups are named prepared statements whose best plan never depends on the
  // values (always the same index probes). Without plan_cache_mode, PostgreSQL plans
  // the variant step anew for every request: 1.9 ms of planning for 0.2 ms of work.
  // SETs on each new connection rather than startup options, which PgBouncer refuses.
  // Behind a transaction pooler a SET would stay on whichever server session ran it:
  // none is sent, and the statement timeout is the role's (docs/SCALING.md, PgBouncer).
  const settings = [
    'SET plan_cache_mode = force_generic_plan',
    ...(statementTimeoutMs === undefined ? [] : [`SET statement_timeout = ${Math.trunc(statementTimeoutMs)}`]),
  ].join('; ');
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      connectionTimeoutMillis: acquireTimeoutMs,
      // The client's own limit, which holds behind any pooler.
      ...(statementTimeoutMs === undefined ? {} : { query_timeout: statementTimeoutMs + 500 }),
      application_name: 'voter-lookup',
    },
    pool: {
      min: 0,
      max: poolMax,
      ...(transactionPooler
        ? {}
        : {
            afterCreate: (connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) => {
              connection.query(settings).then(
                () => done(null, connection),
                (error: Error) => done(error, connection),
              );
            },
          }),
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
  if (transactionPooler) behindTransactionPooler.add(knex);
  return knex;
}

/** Knex's messages carry the error's stack after the first line: logs keep the first. */
const firstLine = (message: unknown) => String(message).split('\n')[0];

/** The same server, another database: used to create and drop databases. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
