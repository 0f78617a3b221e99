import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/main.ts';
import { freePort } from '../tools/ports.ts';
import { captureLogger, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';
import { eventually } from './helpers/wait.ts';

const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };
const METRICS_TOKEN = 'metrics-token-of-the-redis-test';

/** A Redis server of this test's own, on a port of its own, keeping nothing on disk. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!output.includes('Ready to accept connections')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [{ ncid: 'R1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }]);
  recordSent(['Jane', 'Doe', '1985-03-14']);
});
after(async () => {
  await db.drop();
});

describe('Redis away: limits fail local, not open', () => {
  it('when Redis is away at start, stops and comes back, then the service starts at once, keeps answering, enforces its limits in-process meanwhile, and says so', async () => {
    const redisPort = await freePort();
    const config = loadConfig({
      DATABASE_URL: db.url,
      AUDIT_HMAC_KEY: 'redis-test-audit-secret-of-32-characters',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: `voter-lookup-redis-test-${process.pid}-${Date.now()}:`,
      RATE_LIMIT_PER_MINUTE: '3',
      METRICS_TOKEN,
      PORT: '0',
      SHUTDOWN_DRAIN_MS: '0',
      LOG_LEVEL: 'info',
    });
    const logger = captureLogger();
    const started = Date.now();
    const service: RunningServer = await startServer(config, { logger });
    let redis: ChildProcess | undefined;
    try {
      assert.ok(Date.now() - started < 5000, `started in ${Date.now() - started} ms with Redis away`);
      const lookup = () => fetch(`${service.url}/v1/lookup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(JANE) });
      const limitsLocal = async () => {
        const text = await (await fetch(`${service.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
        return /^rate_limits_local 1$/m.test(text);
      };
      // Away at start: answered, and limited in this process.
      assert.deepEqual(await Promise.all([1, 2, 3, 4].map(async () => (await lookup()).status)).then((s) => s.sort()), [200, 200, 200, 429]);
      assert.equal(await limitsLocal(), true);

      // Back: the limits move to Redis (a new count there) and the metric says so.
      redis = await startRedis(redisPort);
      await eventually('limits shared again', limitsLocal, (local) => !local);
      const shared: number[] = [];
      for (let i = 0; i < 4; i += 1) shared.push((await lookup()).status);
      assert.deepEqual(shared, [200, 200, 200, 429]);

      // Gone again under way: still answered, still limited, within seconds.
      await stopRedis(redis);
      const during = Date.now();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await lookup()).status);
      assert.ok(Date.now() - during < 5000, `answered in ${Date.now() - during} ms`);
      // This process's own count of the minute (three lookups while Redis was first away) still holds: never open.
      assert.ok(
        statuses.every((status) => status === 200 || status === 429),
        statuses.join(),
      );
      assert.equal(statuses.at(-1), 429, `never fails open: ${statuses.join()}`);
      assert.equal(await limitsLocal(), true);
    } finally {
      if (redis) await stopRedis(redis);
      await service.stop();
    }
  });
});
