import pg from 'pg';
import { isBehindTransactionPooler } from './knex.ts';

/** A connection of its own, outside any pool: for COPY and DDL, which hold one connection for their whole run. */
export function dedicatedClient(url: string, applicationName: string): pg.Client {
  return new pg.Client({ connectionString: url, application_name: applicationName });
}

/** One connection for one piece of work (creating a database, a listing), closed whatever happens. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Whether the URL leads to a pooler that shares server sessions between client
 * connections (PgBouncer's transaction or statement mode): two connections open
 * at once, each asking for its server process, get the same one. Directly or
 * through a session pool they never can; a transaction pool hands the second the
 * session the first has just left idle.
 */
export async function sharesServerSessions(url: string): Promise<boolean> {
  const first = new pg.Client({ connectionString: url, application_name: 'voter-lookup pooler check' });
  const second = new pg.Client({ connectionString: url, application_name: 'voter-lookup pooler check' });
  try {
    await Promise.all([first.connect(), second.connect()]);
    const serverProcess = async (client: pg.Client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const one = await serverProcess(first);
    return (await serverProcess(second)) === one;
  } finally {
    await Promise.allSettled([first.end(), second.end()]);
  }
}

/** What the service needs of Knex's pg client: its pool, and a connection of it for a named prepared statement. */
interface KnexPgClient {
  acquireConnection(): Promise<pg.PoolClient>;
  releaseConnection(connection: pg.PoolClient): Promise<void>;
  pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number };
}

const pgClientOf = (knex: { client: unknown }) => knex.client as KnexPgClient;

/**
 * A named prepared statement on a connection of Knex's pool: planned once per
 * connection, not once per request. The one place a feature reaches past Knex
 * to pg on a pooled connection (COPY and DDL use withClient's own connection).
 * Behind a transaction pooler (DATABASE_POOLER=transaction) the statement goes
 * unnamed, parsed and planned with each call: the next call may meet another
 * server session, which never saw the name.
 */
export async function preparedQuery<T>(knex: { client: unknown }, statement: { name: string; text: string; values: unknown[] }): Promise<T[]> {
  const client = pgClientOf(knex);
  const connection = await client.acquireConnection();
  try {
    const query = isBehindTransactionPooler(knex) ? { text: statement.text, values: statement.values } : statement;
    return (await connection.query<T & pg.QueryResultRow>(query)).rows;
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Connections of Knex's pool in use and free, for the pool gauge. */
export function poolUse(knex: { client: unknown }): { used: number; free: number; pending: number } {
  const pool = pgClientOf(knex).pool;
  return { used: pool?.numUsed() ?? 0, free: pool?.numFree() ?? 0, pending: pool?.numPendingAcquires() ?? 0 };
}

/**
 * LISTEN on a channel on a connection of its own, reconnecting every few seconds
 * while the database is away; `onNotify` also hears each reconnection (anything
 * could have been missed meanwhile).
 */
export function listen(url: string, channel: string, onNotify: () => void): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    retry = undefined;
    const next = new pg.Client({ connectionString: url, application_name: 'voter-lookup listen' });
    const again = () => {
      if (closed || retry) return;
      client = undefined;
      retry = setTimeout(() => void connect(), 5000).unref();
    };
    next.on('error', again);
    next.on('end', again);
    next.on('notification', () => onNotify());
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
      onNotify();
    } catch {
      await next.end().catch(() => {});
      again();
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
