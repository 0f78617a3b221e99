import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../tools/ports.ts';

/** The machine's own PostgreSQL programs (Debian's postgresql package), the newest version there. */
export const PG_BIN = readdirSyncSafe('/usr/lib/postgresql')
  .sort((a, b) => Number(b) - Number(a))
  .map((version) => `/usr/lib/postgresql/${version}/bin`)
  .find((bin) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((program) => existsSync(join(bin, program))));

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export interface ReplicatedPair {
  /** Server URLs (database `postgres`) of the primary and of its hot standby. */
  primaryUrl: string;
  standbyUrl: string;
  stopStandby(): Promise<void>;
  startStandby(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A primary and a hot standby of the test's own: initdb, then `pg_basebackup -R`
 * from the running primary, streaming replication between them, both on
 * 127.0.0.1 with trust. As root, both run as the postgres system user.
 */
export async function startReplicatedPair(): Promise<ReplicatedPair> {
  if (!PG_BIN) throw new Error('no PostgreSQL server programs in /usr/lib/postgresql');
  const bin = PG_BIN;
  const account = process.getuid?.() === 0 ? await postgresAccount() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-replication-'));
  if (account) await chown(dir, account.uid, account.gid);
  const primary = join(dir, 'primary');
  const standby = join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const run = (program: string, args: string[]) => promisify(execFile)(join(bin, program), args, { ...account, cwd: dir });
  const ctl = (data: string, action: 'start' | 'stop') =>
    run('pg_ctl', action === 'start' ? ['start', '-w', '-D', data, '-l', `${data}.log`] : ['stop', '-w', '-m', 'fast', '-D', data]);
  let running: string[] = [];

  try {
    await run('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    await appendFile(primary + '/postgresql.conf', `\nport = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n`);
    await ctl(primary, 'start');
    running.push(primary);
    await run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream', '-c', 'fast']);
    await appendFile(standby + '/postgresql.conf', `\nport = ${standbyPort}\nhot_standby = on\n`);
    if (account) await chown(join(standby, 'postgresql.conf'), account.uid, account.gid);
    await ctl(standby, 'start');
    running.push(standby);
  } catch (error) {
    for (const data of running.reverse()) await ctl(data, 'stop').catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl: `postgres://postgres@127.0.0.1:${standbyPort}/postgres`,
    async stopStandby() {
      await ctl(standby, 'stop');
      running = running.filter((data) => data !== standby);
    },
    async startStandby() {
      await ctl(standby, 'start');
      running.push(standby);
    },
    async close() {
      for (const data of [...running].reverse()) await ctl(data, 'stop').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresAccount(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await promisify(execFile)('id', [flag, 'postgres'])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}
