import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { withClient } from '../src/db/client.ts';
import { withDatabaseName } from '../src/db/knex.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../tools/ports.ts';

export { freePort };

/** A PostgreSQL server for a benchmark run: DATABASE_URL's, else an embedded one; databases of the run's own on it. */
export async function benchServer(serverUrl: string | undefined): Promise<{ label: string; createDatabase(): Promise<string>; close(): Promise<void> }> {
  let server = serverUrl;
  let stopServer = async () => {};
  let label = 'DATABASE_URL server';
  if (!server) {
    const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-bench-'));
    const embedded = await startEmbeddedPostgres({ dir, port: await freePort(), persistent: false });
    server = embedded.url;
    stopServer = () => embedded.stop();
    label = 'embedded PostgreSQL';
  }
  const admin = <T>(work: (client: pg.Client) => Promise<T>) => withClient(server, work);
  const version = await admin(async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  const created: string[] = [];
  return {
    label: `${label}, PostgreSQL ${version}`,
    async createDatabase() {
      const name = `vl_bench_${randomBytes(4).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      return withDatabaseName(server, name);
    },
    async close() {
      await admin(async (client) => {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      await stopServer();
    },
  };
}

/** A fresh database for a benchmark run: on DATABASE_URL's server, else on an embedded PostgreSQL. */
export async function benchDatabase(serverUrl: string | undefined): Promise<{ url: string; label: string; close(): Promise<void> }> {
  const server = await benchServer(serverUrl);
  return { url: await server.createDatabase(), label: server.label, close: () => server.close() };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
