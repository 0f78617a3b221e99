import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import request from 'supertest';
import type { Store } from 'express-rate-limit';
import { createClient } from 'redis';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { createDatabase } from '../src/db/knex.ts';
import { prepareDatabase } from '../src/database.ts';
import { FailLocalStore } from '../src/http/fail-local-store.ts';
import { redisRateLimitStore } from '../src/http/rate-limit.ts';
import { buildTestApp, captureLogger, recordLogs, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';
import { freePort } from '../tools/ports.ts';
import { spawnService } from './helpers/service.ts';
import { eventually } from './helpers/wait.ts';

const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [{ ncid: 'O1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985, county: 'WAKE' }]);
  recordSent(['Jane', 'Doe', '1985-03-14']);
});
after(async () => {
  await db.drop();
});

describe('shared rate limits on Redis', () => {
  /** Two instances, each with its own connection to the machine's Redis and one shared key prefix. */
  async function withTwoRedisClients(t: TestContext, work: (stores: (prefix: string) => Store[]) => Promise<void>): Promise<void> {
    const clients = [createClient({ url: REDIS_URL, disableOfflineQueue: true }), createClient({ url: REDIS_URL, disableOfflineQueue: true })];
    try {
      await Promise.all(clients.map((c) => c.connect()));
    } catch {
      t.skip(`no Redis at ${REDIS_URL}`);
      return;
    }
    const run = `voter-lookup-test-${randomBytes(6).toString('hex')}:`;
    try {
      await work((prefix) => clients.map((client) => redisRateLimitStore((...args) => client.sendCommand(args), `${run}${prefix}`)));
    } finally {
      await Promise.all(clients.map((c) => c.quit().catch(() => {})));
    }
  }

  it('when two instances share REDIS_URL, then they enforce one combined limit', (t) =>
    withTwoRedisClients(t, async (stores) => {
      const [a, b] = await Promise.all(stores('').map((store) => buildTestApp(db.knex, { rateLimitPerMinute: 3, rateLimitStore: store })));
      const statuses: number[] = [];
      for (const app of [a, b, a, b, a]) statuses.push((await request(app!).post('/v1/lookup').send(JANE)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    }));

  it('when two instances share REDIS_URL, then the enumeration guard counts their not_found answers together', (t) =>
    withTwoRedisClients(t, async (stores) => {
      const [a, b] = await Promise.all(stores('enum:').map((store) => buildTestApp(db.knex, { enumeration: { limit: 2, windowMinutes: 10, store } })));
      const nobody = { ...JANE, firstName: 'Nobody' };
      assert.equal((await request(a!).post('/v1/lookup').send(JANE)).status, 200, 'a found voter does not count');
      assert.equal((await request(a!).post('/v1/lookup').send(nobody)).body.status, 'not_found');
      assert.equal((await request(b!).post('/v1/lookup').send(nobody)).body.status, 'not_found');
      // The count goes to Redis in the background as the answer is sent.
      const refused = await eventually(
        'the shared count refuses',
        () => request(a!).post('/v1/lookup').send(JANE),
        (res) => res.status === 429,
      );
      assert.ok(Number(refused.headers['retry-after']) > 0);
    }));

  it('when Redis is unreachable, then lookups still answer and the limits hold in this process (fail local, not open)', async () => {
    const client = createClient({ url: 'redis://127.0.0.1:9', disableOfflineQueue: true, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect().catch(() => {});
    const failLocal = (prefix: string) =>
      new FailLocalStore(
        redisRateLimitStore((...args) => client.sendCommand(args), prefix),
        () => {},
      );
    const app = await buildTestApp(db.knex, {
      rateLimitPerMinute: 2,
      rateLimitStore: failLocal('x:'),
      enumeration: { limit: 1, windowMinutes: 10, store: failLocal('x:enum:') },
    });
    const nobody = { ...JANE, firstName: 'Nobody' };
    assert.equal((await request(app).post('/v1/lookup').send(nobody)).body.status, 'not_found');
    const guarded = await request(app).post('/v1/lookup').send(nobody);
    assert.equal(guarded.body.type, '/problems/not-found-guard');
  });
});

const METRICS_TOKEN = 'metrics-token-of-the-test-run';

describe('/metrics', () => {
  it('when METRICS_TOKEN is unset, or the token is missing or wrong, then 404 as for any unknown path', async () => {
    assert.equal((await request(await buildTestApp(db.knex)).get('/metrics')).status, 404);
    const app = await buildTestApp(db.knex, { metricsToken: METRICS_TOKEN });
    assert.equal((await request(app).get('/metrics')).status, 404);
    const wrong = await request(app).get('/metrics').set('Authorization', 'Bearer not-the-token-at-all');
    assert.equal(wrong.status, 404);
    assert.equal(wrong.body.type, '/problems/not-found');
  });
  it('when scraped, then request durations by route, lookups by outcome, pool use and roll freshness, and no personal value', async () => {
    const app = await buildTestApp(db.knex, { metricsToken: METRICS_TOKEN });
    await request(app).post('/v1/lookup').send(JANE);
    await request(app)
      .post('/v1/lookup')
      .send({ ...JANE, firstName: 'Zebulon' });
    await request(app).get('/v1/states/nc');
    const res = await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /text\/plain/);
    assert.match(res.text, /http_request_duration_seconds_count\{route="\/v1\/lookup",method="POST",status="200"\} 2/);
    assert.match(res.text, /http_request_duration_seconds_count\{route="\/v1\/states\/:code",method="GET",status="200"\} 1/);
    assert.match(res.text, /lookups_total\{outcome="active",match="exact"\} 1/);
    assert.match(res.text, /lookups_total\{outcome="not_found",match="none"\} 1/);
    assert.match(res.text, /db_pool_connections\{state="used"\}/);
    assert.match(res.text, /roll_age_seconds\{state="NC"\} \d/);
    assert.match(res.text, /roll_last_import_timestamp_seconds\{state="NC"\} \d{10}/);
    for (const value of ['Jane', 'Doe', 'Zebulon', '1985']) assert.ok(!res.text.includes(value), value);
  });
});

describe('a database outage', () => {
  it('when the database stops, then 503 with Retry-After within 2 s and /readyz 503; when it returns, then lookups recover without a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-outage-'));
    const port = await freePort();
    let server = await startEmbeddedPostgres({ dir, port, persistent: true });
    const outageDb = createDatabase(server.url, { statementTimeoutMs: 1000, acquireTimeoutMs: 1000, logger: captureLogger() });
    try {
      await prepareDatabase(outageDb);
      await importNcVoters(server.url, [{ ncid: 'X1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }]);
      const app = await buildTestApp(outageDb);
      assert.equal((await request(app).post('/v1/lookup').send(JANE)).body.status, 'active');

      await server.stop();
      const started = Date.now();
      const res = await request(app).post('/v1/lookup').send(JANE);
      assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
      assert.equal(res.status, 503);
      assert.match(res.headers['content-type'] ?? '', /problem\+json/);
      assert.ok(Number(res.headers['retry-after']) > 0);
      assert.equal((await request(app).get('/readyz')).status, 503);

      server = await startEmbeddedPostgres({ dir, port, persistent: true });
      await eventually(
        'lookups answer again',
        () => request(app).post('/v1/lookup').send(JANE),
        (res) => res.status === 200,
        5000,
        250,
      );
      // Readiness keeps an answer for a second: it turns 200 again within that.
      await eventually(
        'ready again',
        () => request(app).get('/readyz'),
        (res) => res.status === 200,
        2000,
        100,
      );
    } finally {
      await outageDb.destroy();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown', () => {
  it('when SIGTERM arrives under load, then no request fails and the process exits within 10 s', async () => {
    const service = await spawnService({
      DATABASE_URL: db.url,
      AUDIT_HMAC_KEY: 'test-audit-secret-of-at-least-32-characters',
      RATE_LIMIT_PER_MINUTE: '1000000',
      NETWORK_RATE_LIMIT_PER_MINUTE: '1000000',
      ENUMERATION_LIMIT: '1000000',
      SHUTDOWN_DRAIN_MS: '500',
      LOG_LEVEL: 'warn',
    });
    const { child, baseUrl: base } = service;
    // The load comes as through a load balancer: 16 keep-alive clients, sent on
    // to this instance while its /readyz answers 200 (checked every 50 ms).
    let answered = 0;
    let answeredAfterSignal = 0;
    let signalled = 0;
    const failures: string[] = [];
    let inRotation = true;
    const healthCheck = (async () => {
      while (inRotation) {
        const ready = await fetch(`${base}/readyz`)
          .then((r) => r.status === 200)
          .catch(() => false);
        if (!ready) inRotation = false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const loop = async () => {
      while (inRotation) {
        try {
          const res = await fetch(`${base}/v1/lookup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(JANE) });
          await res.arrayBuffer();
          if (res.status !== 200) failures.push(`status ${res.status}`);
          answered += 1;
          if (signalled) answeredAfterSignal += 1;
        } catch (error) {
          failures.push(String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message));
        }
      }
    };
    const loops = Array.from({ length: 16 }, loop);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    signalled = Date.now();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    const exitMs = Date.now() - signalled;
    await Promise.all([...loops, healthCheck]);
    recordLogs(service.output());
    assert.equal(code, 0, service.output());
    assert.ok(exitMs < 10_000, `exited after ${exitMs} ms`);
    assert.ok(answered > 50, `answered ${answered} under load`);
    assert.ok(answeredAfterSignal > 0, 'requests in flight and during the drain were answered');
    assert.deepEqual(failures, []);
  });
});
