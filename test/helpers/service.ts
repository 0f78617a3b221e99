import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../tools/ports.ts';
import { recordLogs } from './app.ts';
import { eventually } from './wait.ts';

export interface SpawnedService {
  child: ChildProcess;
  baseUrl: string;
  /** Everything it has written so far. */
  output(): string;
}

/**
 * `npm start`, as a user runs it (bin/voter-lookup.mjs): the real entry point in a process of its own, on a
 * free port, with `env` over this process's environment (never this run's
 * DATABASE_URL unless `env` gives one). Resolves once it answers /healthz.
 */
export async function spawnService(env: Record<string, string>, options: { cwd?: string; npmStart?: boolean } = {}): Promise<SpawnedService> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  // What `npm start` runs: Node's own type stripping where the runtime has it, tsx on Node 20.
  const [command, args] = options.npmStart ? ['npm', ['start', '--silent']] : [process.execPath, ['bin/voter-lookup.mjs']];
  const child = spawn(command, args, {
    env: { ...inherited, PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    // npm start runs in a process group of its own, which a stop signals whole, as a terminal's Ctrl-C does.
    detached: options.npmStart === true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await eventually(
    'the service answers /healthz',
    () => {
      if (child.exitCode !== null) throw new Error(`the service exited before it answered:\n${output}`);
      return fetch(`${baseUrl}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
    },
    (answers) => answers,
    60_000,
    100,
  );
  return { child, baseUrl, output: () => output };
}

/** SIGTERM, then its exit code; what it logged goes to the run's personal-data scan. */
export async function stopService(service: SpawnedService): Promise<number | null> {
  service.child.kill('SIGTERM');
  const [code] = (await once(service.child, 'exit')) as [number | null];
  recordLogs(service.output());
  return code;
}

function groupLives(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ctrl-C to `npm start`'s whole process group, as a terminal sends it, then waits
 * until every process of the group has gone (npm itself leaves at once; the
 * service drains first). Resolves true when they all left within `withinMs`.
 */
export async function interruptNpm(service: SpawnedService, withinMs: number): Promise<boolean> {
  const group = -service.child.pid!;
  process.kill(group, 'SIGINT');
  const gone = await eventually(
    'npm start and the service have exited',
    () => Promise.resolve(!groupLives(group)),
    (left) => left,
    withinMs,
    100,
  ).then(
    () => true,
    () => false,
  );
  recordLogs(service.output());
  return gone;
}
