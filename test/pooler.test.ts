/**
 * The service behind a real PgBouncer (Debian's package), in session mode and in
 * transaction mode: lookups, batches, imports and start-up.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import request from 'supertest';
import { createKeyRepository } from '../src/clients/index.ts';
import { loadConfig, POLICY } from '../src/config.ts';
import { sharesServerSessions } from '../src/db/client.ts';
import { createDatabase } from '../src/db/knex.ts';
import { startServer } from '../src/main.ts';
import { PGBOUNCER, type RunningPgBouncer, startPgBouncer } from '../tools/pgbouncer.ts';
import { buildTestApp, capturedLogs, captureLogger, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';
import { eventually } from './helpers/wait.ts';

const AUDIT_HMAC_KEY = 'pooler-test-audit-secret-of-32-characters';
const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };
const ROBIN = { state: 'NC', firstName: 'Robin', lastName: 'Former', dateOfBirth: '1950-06-01', zip: '27601' };
const VOTERS = [
  { ncid: 'P0001', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 },
  { ncid: 'P0002', lastName: 'FORMER', firstName: 'ROBIN', birthYear: 1950, status: 'R', reason: 'RD' },
] as const;

const havePgBouncer = spawnSync(PGBOUNCER, ['--version']).status === 0;
const skip = havePgBouncer ? false : `no pgbouncer (${PGBOUNCER}); .ci/run installs Debian's package`;

let db: TestDatabase;
let session: RunningPgBouncer;
let transaction: RunningPgBouncer;
let batchKey: string;
before(async () => {
  if (!havePgBouncer) return;
  db = await createTestDatabase();
  const server = process.env.TEST_DATABASE_URL!;
  [session, transaction] = await Promise.all([startPgBouncer(server, 'session'), startPgBouncer(server, 'transaction')]);
  batchKey = (await createKeyRepository(db.knex).create({ name: 'Pooler', scopes: ['batch'], rateLimitPerMinute: 100_000, allowedOrigins: [] })).secret;
  recordSent(['Jane', 'Doe', 'Robin', 'Former', '1985-03-14', '1950-06-01']);
});
after(async () => {
  await Promise.allSettled([session?.stop(), transaction?.stop()]);
  await db?.drop();
});

/** 60 lookups at once, half of them Jane's, half Robin's: more than the pooler's four server connections. */
async function concurrentLookups(baseUrl: string) {
  const answers = await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const res = await fetch(`${baseUrl}/v1/lookup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(i % 2 ? ROBIN : JANE),
      });
      const body = (await res.json()) as { status?: unknown; type?: string };
      return `${res.status} ${String(res.ok ? body.status : body.type)}`;
    }),
  );
  return [...new Set(answers)].sort();
}

describe('PgBouncer in session mode', { skip }, () => {
  it('when the import, lookups and a batch go through it, then each answers as it does directly', async () => {
    const url = session.through(db.url);
    assert.equal(await sharesServerSessions(url), false);
    const summary = await importNcVoters(url, VOTERS);
    assert.equal(summary.rowsLoaded, 2);
    const knex = createDatabase(url, { statementTimeoutMs: 1500 });
    try {
      const app = await buildTestApp(knex);
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request(app)
            .post('/v1/lookup')
            .send(i % 2 ? ROBIN : JANE),
        ),
      );
      assert.deepEqual([...new Set(answers.map((res) => `${res.status} ${res.body.status}`))].sort(), ['200 active', '200 removed']);
      const batch = await request(app)
        .post('/v1/lookup/batch')
        .set('Authorization', `Bearer ${batchKey}`)
        .send({
          lookups: [
            { ref: 'j', ...JANE },
            { ref: 'r', ...ROBIN },
          ],
        });
      assert.deepEqual(
        batch.body.results.map((result: { status: string }) => result.status),
        ['active', 'removed'],
      );
    } finally {
      await knex.destroy();
    }
  });
});

describe('PgBouncer in transaction mode', { skip }, () => {
  it('when DATABASE_URL goes through it without DATABASE_POOLER=transaction, then the service refuses to start, in one line naming the setting', async () => {
    const url = transaction.through(db.url);
    assert.equal(await sharesServerSessions(url), true);
    const config = loadConfig({ DATABASE_URL: url, AUDIT_HMAC_KEY, PORT: '0', SHUTDOWN_DRAIN_MS: '0' });
    await assert.rejects(startServer(config, { logger: captureLogger() }), {
      message: 'DATABASE_URL reaches PostgreSQL through a transaction pooler (two connections shared one server session): set DATABASE_POOLER=transaction',
    });
  });

  it('when a named prepared statement meets another server session there, then the lookup is a 503 and the log names DATABASE_POOLER', async () => {
    // One client connection, so the one that prepared the statement asks again.
    const knex = createDatabase(transaction.through(db.url), { statementTimeoutMs: 1500, poolMax: 1 });
    // Three transactions hold three of the pooler's four server sessions, the one that
    // prepared the statement among them (PgBouncer hands out its most recently used first).
    const holders = Array.from({ length: 3 }, () => new pg.Client({ connectionString: transaction.through(db.url) }));
    try {
      const app = await buildTestApp(knex);
      const logged = capturedLogs.length;
      assert.equal((await request(app).post('/v1/lookup').send(JANE)).status, 200);
      for (const holder of holders) {
        await holder.connect();
        await holder.query('BEGIN; SELECT 1');
      }
      const res = await request(app).post('/v1/lookup').send(JANE);
      assert.deepEqual({ status: res.status, type: res.body.type }, { status: 503, type: '/problems/database-unavailable' });
      assert.ok(capturedLogs.slice(logged).some((line) => line.includes('set DATABASE_POOLER=transaction')));
    } finally {
      await Promise.allSettled(holders.map((holder) => holder.end()));
      await knex.destroy();
    }
  });

  it('when DATABASE_POOLER=transaction, then the service starts, answers lookups and batches under concurrency, and sees a new roll', async () => {
    const url = transaction.through(db.url);
    const config = loadConfig({
      DATABASE_URL: url,
      DATABASE_POOLER: 'transaction',
      AUDIT_HMAC_KEY,
      PORT: '0',
      SHUTDOWN_DRAIN_MS: '0',
      RATE_LIMIT_PER_MINUTE: '1000',
      ENUMERATION_LIMIT: '1000',
    });
    const service = await startServer(config, { logger: captureLogger() });
    try {
      assert.deepEqual(await concurrentLookups(service.url), ['200 active', '200 removed']);
      const batch = await fetch(`${service.url}/v1/lookup/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${batchKey}` },
        body: JSON.stringify({ lookups: Array.from({ length: 200 }, (_, i) => ({ ref: String(i), ...(i % 2 ? ROBIN : JANE) })) }),
      });
      assert.equal(batch.status, 200);
      const results = ((await batch.json()) as { results: { status: string }[] }).results;
      assert.deepEqual([...new Set(results.map((result) => result.status))].sort(), ['active', 'removed']);
      assert.equal((await fetch(`${service.url}/readyz`)).status, 200);
      // No LISTEN behind a transaction pooler: the roll dates are read again every POLICY.rollPollMs.
      await importNcVoters(db.url, VOTERS, '2026-12-01');
      const nc = async () => ((await (await fetch(`${service.url}/v1/states/NC`)).json()) as { roll: { dataAsOf: string | null } }).roll.dataAsOf;
      assert.equal(await eventually('the new roll in /v1/states/NC', nc, (asOf) => asOf === '2026-12-01', POLICY.rollPollMs + 5000, 250), '2026-12-01');
    } finally {
      await service.stop();
    }
  });

  it('when npm run import is pointed at it, then the import is refused in one line and the live roll stays', async () => {
    const before = await db.knex('roll_snapshot').where({ state: 'NC', lifecycle: 'live' }).first<{ id: number }>('id');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', '--state', 'NC', '--format', 'ncvoter', 'seeds/demo-roll.ncvoter.txt'], {
      env: { ...process.env, DATABASE_URL: transaction.through(db.url) },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(
      run.stderr.trim(),
      'Import refused, nothing changed: DATABASE_URL reaches PostgreSQL through a transaction pooler; point it at PostgreSQL itself or a session-mode pool for npm run import',
    );
    const after = await db.knex('roll_snapshot').where({ state: 'NC', lifecycle: 'live' }).first<{ id: number }>('id');
    assert.deepEqual(after, before);
  });
});
