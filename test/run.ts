/**
 * `npm test`: every test on a real PostgreSQL. With DATABASE_URL set, tests make
 * their own databases on that server; without it, on an embedded PostgreSQL of
 * this run's own, removed afterwards.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';

function testFiles(): string[] {
  return ['src', 'test']
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)))
    .filter((file) => file.endsWith('.test.ts') && (process.argv.length <= 2 || process.argv.slice(2).some((f) => file.includes(f))))
    .sort();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles()], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: serverUrl },
});
const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
await stop();
process.exit(code);
