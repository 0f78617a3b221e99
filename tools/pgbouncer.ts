import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

/** Debian's package puts it in /usr/sbin, which is not on every user's PATH. */
export const PGBOUNCER = existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer';

export interface RunningPgBouncer {
  /** The same database as `url`, reached through this PgBouncer. */
  through(url: string): string;
  stop(): Promise<void>;
}

/**
 * A real PgBouncer (Debian's package) of the caller's own, in front of the
 * PostgreSQL server of `serverUrl`, in session or transaction mode, with at most
 * `poolSize` server connections per database. As root it runs as `postgres`.
 */
export async function startPgBouncer(serverUrl: string, mode: 'session' | 'transaction', poolSize = 4): Promise<RunningPgBouncer> {
  const server = new URL(serverUrl);
  const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-pgbouncer-'));
  await chmod(dir, 0o777);
  const port = await freePort();
  const password = decodeURIComponent(server.password);
  const target = [
    `host=${server.hostname}`,
    `port=${server.port || 5432}`,
    `user=${decodeURIComponent(server.username)}`,
    ...(password ? [`password=${password}`] : []),
  ].join(' ');
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = ${target}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      // Clients are not checked here: the server's own credentials are in the line above.
      'auth_type = any',
      `pool_mode = ${mode}`,
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(PGBOUNCER, [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer did not start (is Debian's pgbouncer package installed?): ${said.trim().split('\n').pop() ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    through(url: string) {
      const reached = new URL(url);
      reached.hostname = '127.0.0.1';
      reached.port = String(port);
      return reached.toString();
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
