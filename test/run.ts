/**
 * `npm test`: every test on a real PostgreSQL. With DATABASE_URL set, tests make
 * their own databases on that server; without it, on an embedded PostgreSQL of
 * this run's own, removed afterwards.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../tools/ports.ts';

/** Every test file, the log scan last (it reads what the others logged). */
function testFiles(): string[] {
  const chosen = process.argv.slice(2);
  return ['src', 'test']
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)))
    .filter((file) => file.endsWith('.test.ts') && (chosen.length === 0 || chosen.some((f) => file.includes(f))))
    .sort((a, b) => Number(a.includes(LOG_SCAN)) - Number(b.includes(LOG_SCAN)) || a.localeCompare(b));
}

const LOG_SCAN = 'zz-log-scan';

let serverUrl = process.env.DATABASE_URL;
let stop = async () => {};
if (serverUrl) {
  console.log('Tests use the PostgreSQL server of DATABASE_URL, in databases of their own.');
} else {
  const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-test-'));
  const embedded = await startEmbeddedPostgres({ dir, port: await freePort(), persistent: false });
  serverUrl = embedded.url;
  stop = () => embedded.stop();
  console.log('Tests use an embedded PostgreSQL of their own.');
}

const logDir = await mkdtemp(join(tmpdir(), 'voter-lookup-logs-'));
// One file at a time, in order: the log scan must come after everything it scans.
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...testFiles()], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: serverUrl, TEST_LOG_DIR: logDir },
});
const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
await stop();
await rm(logDir, { recursive: true, force: true });
process.exit(code);
