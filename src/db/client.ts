import pg from 'pg';

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
 */
export async function preparedQuery<T>(knex: { client: unknown }, statement: { name: string; text: string; values: unknown[] }): Promise<T[]> {
  const client = pgClientOf(knex);
  const connection = await client.acquireConnection();
  try {
    return (await connection.query<T & pg.QueryResultRow>(statement)).rows;
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
