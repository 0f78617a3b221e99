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

/** Every test file but the log scan, which runs as a pass of its own after them (it reads what they logged). */
function testFiles(): string[] {
  const chosen = process.argv.slice(2);
  return ['src', 'test']
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)))
    .filter((file) => file.endsWith('.test.ts') && file !== LOG_SCAN && (chosen.length === 0 || chosen.some((f) => file.includes(f))))
    .sort();
}

const LOG_SCAN = join('test', 'log-scan.test.ts');
/** Files at once: each has a database of its own, so they need not wait for each other. */
const CONCURRENCY = 2;

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
const run = (files: string[], concurrency: number) =>
  new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
      stdio: 'inherit',
      env: { ...process.env, TEST_DATABASE_URL: serverUrl, TEST_LOG_DIR: logDir },
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
const files = testFiles();
const code = files.length === 0 ? 0 : await run(files, CONCURRENCY);
// Then, on its own, the scan of every log line the run wrote for every name and date it sent.
const chosen = process.argv.slice(2);
const scanned = chosen.length === 0 || chosen.some((f) => LOG_SCAN.includes(f)) ? await run([LOG_SCAN], 1) : 0;
await stop();
await rm(logDir, { recursive: true, force: true });
process.exit(code || scanned);
