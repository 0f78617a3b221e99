import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabaseName } from '../src/db/knex.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../test/helpers/ports.ts';

export { freePort };

/** A fresh database for a benchmark run: on DATABASE_URL's server, else on an embedded PostgreSQL. */
export async function benchDatabase(serverUrl: string | undefined): Promise<{ url: string; label: string; close(): Promise<void> }> {
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
  const name = `vl_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await admin.end();
  return {
    url: withDatabaseName(server, name),
    label: `${label}, PostgreSQL ${version}`,
    close: async () => {
      const drop = new pg.Client({ connectionString: server });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
      await stopServer();
    },
  };
}


export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
