import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { createKeyRepository, hashSecret } from '../src/clients/keys.ts';
import { buildTestApp, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

let db: TestDatabase;
let app: Express;
let batchKey: string;
let rollsKey: string;

const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };
const CASEY = { state: 'NC', firstName: 'Casey', lastName: 'Private', dateOfBirth: '1980-01-01', zip: '27601' };

before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [
    { ncid: 'K0001', lastName: 'DOE', firstName: 'JANE', birthYear: 1985, county: 'WAKE', reason: 'AV' },
    { ncid: 'K0002', lastName: 'PRIVATE', firstName: 'CASEY', birthYear: 1980, confidential: true },
    { ncid: 'K0003', lastName: 'FORMER', firstName: 'ROBIN', birthYear: 1950, status: 'R', reason: 'RD' },
  ]);
  const keys = createKeyRepository(db.knex);
  batchKey = (await keys.create({ name: 'Wake County', scopes: ['batch'], rateLimitPerMinute: 5000, allowedOrigins: ['https://clerk.example'] })).secret;
  rollsKey = (await keys.create({ name: 'State office', scopes: ['rolls'], rateLimitPerMinute: 1000, allowedOrigins: [] })).secret;
  app = await buildTestApp(db.knex);
  recordSent(['Jane', 'Doe', 'Casey', 'Private', 'Robin', 'Former', '1985-03-14', '1980-01-01', '1950-01-01']);
});
after(async () => {
  await db.drop();
});

const batch = (body: unknown, key: string | null = batchKey) => {
  const req = request(app).post('/v1/lookup/batch');
  if (key) req.set('Authorization', `Bearer ${key}`);
  return req.send(body as object);
};

describe('API keys', () => {
  it('when created from the command line, then shown once and stored only as a hash; list never shows it; revoke stops it at once', async () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', ...args], { env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' });
    const created = run(['create', '--name', 'Durham County', '--scopes', 'batch,rolls', '--rate-limit', '5']);
    assert.equal(created.status, 0, created.stderr);
    const secret = created.stdout.trim().split('\n').at(-1)!;
    assert.match(secret, /^vl_[\w-]{40,}$/);
    const stored = await db.knex('api_key').where({ name: 'Durham County' }).first();
    assert.ok(stored);
    assert.equal(stored.key_hash, hashSecret(secret));
    assert.ok(!JSON.stringify(stored).includes(secret));
    const listed = run(['list']);
    assert.match(listed.stdout, /Durham County/);
    assert.ok(!listed.stdout.includes(secret));

    assert.equal((await batch({ lookups: [{ ref: '1', ...JANE }] }, secret)).status, 200);
    const revoked = run(['revoke', String(stored.id)]);
    assert.equal(revoked.status, 0, revoked.stderr);
    const after = await batch({ lookups: [{ ref: '1', ...JANE }] }, secret);
    assert.equal(after.status, 401);
    assert.equal(run(['create', '--name', 'X', '--scopes', 'everything']).status, 2);
  });

  it('when the key is missing or unknown, then 401; when it lacks the scope, then 403', async () => {
    const missing = await batch({ lookups: [{ ref: '1', ...JANE }] }, null);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], 'Bearer');
    assert.match(missing.headers['content-type'] ?? '', /problem\+json/);
    assert.equal((await batch({ lookups: [{ ref: '1', ...JANE }] }, 'vl_not-a-key')).status, 401);
    assert.equal((await batch({ lookups: [{ ref: '1', ...JANE }] }, rollsKey)).status, 403);
    assert.equal((await request(app).get('/v1/rolls').set('Authorization', `Bearer ${batchKey}`)).status, 403);
  });

  it("when a browser origin is not on the key's allowlist, then 403; when it is, then that origin is allowed", async () => {
    const body = { lookups: [{ ref: '1', ...JANE }] };
    const denied = await request(app).post('/v1/lookup/batch').set('Authorization', `Bearer ${batchKey}`).set('Origin', 'https://elsewhere.example').send(body);
    assert.equal(denied.status, 403);
    const allowed = await request(app).post('/v1/lookup/batch').set('Authorization', `Bearer ${batchKey}`).set('Origin', 'https://clerk.example').send(body);
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://clerk.example');
  });

  it('when a key passes its own limit per minute, then 429 for that key only', async () => {
    const keys = createKeyRepository(db.knex);
    const { secret } = await keys.create({ name: 'Tiny', scopes: ['batch'], rateLimitPerMinute: 2, allowedOrigins: [] });
    const body = { lookups: [{ ref: '1', ...JANE }] };
    assert.equal((await batch(body, secret)).status, 200);
    assert.equal((await batch(body, secret)).status, 200);
    const limited = await batch(body, secret);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await batch(body)).status, 200, 'another key is not limited');
  });
  it('when a batch holds more lookups than the key has left this minute, then 429 for the whole batch and nothing is counted; a batch counts each of its lookups', async () => {
    const keys = createKeyRepository(db.knex);
    const { secret } = await keys.create({ name: 'Five a minute', scopes: ['batch'], rateLimitPerMinute: 5, allowedOrigins: [] });
    const items = (n: number) => ({ lookups: Array.from({ length: n }, (_, i) => ({ ref: String(i), ...JANE })) });
    const tooMany = await batch(items(6), secret);
    assert.equal(tooMany.status, 429);
    assert.equal(tooMany.body.type, '/problems/key-rate-limit');
    assert.ok(Number(tooMany.headers['retry-after']) > 0);
    const four = await batch(items(4), secret);
    assert.equal(four.status, 200, 'the refused batch counted nothing');
    assert.match(four.headers.ratelimit ?? '', /"key";r=1;/);
    assert.equal((await batch(items(2), secret)).status, 429, 'two is more than the one left');
    assert.equal((await batch(items(1), secret)).status, 200);
  });
});

describe('POST /v1/lookup/batch', () => {
  it('when items are good and bad, then each good one is answered with the voter id and state status, each bad one gets its problem', async () => {
    const res = await batch({
      lookups: [
        { ref: 'a', ...JANE },
        { ref: 'b', ...JANE, dateOfBirth: '1985-02-30', extra: 1 },
        { ref: 'c', state: 'NC', firstName: 'Robin', lastName: 'Former', dateOfBirth: '1950-01-01', zip: '27601' },
        { ref: 'd', ...JANE, firstName: 'Nobody' },
        'not an object',
      ],
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const [a, b, c, d, e] = res.body.results;
    assert.equal(a.ref, 'a');
    assert.equal(a.status, 'active');
    assert.equal(a.voterId, 'K0001');
    assert.deepEqual(a.stateStatus, { code: 'A', reason: 'AV' });
    assert.equal(a.confidential, false);
    assert.equal(b.ref, 'b');
    assert.equal(b.problem.status, 400);
    assert.deepEqual(b.problem.errors.map((x: { field: string }) => x.field).sort(), ['dateOfBirth', 'property 7']);
    assert.equal(c.status, 'removed', JSON.stringify(c));
    assert.deepEqual(c.stateStatus, { code: 'R', reason: 'RD' });
    assert.equal(d.status, 'not_found');
    assert.equal(d.voterId, null);
    assert.equal(e.ref, null);
    assert.equal(e.problem.status, 400);
  });

  it('when a record is confidential, then only a key with the confidential scope matches it, flagged; any other key and the public see not_found', async () => {
    const keys = createKeyRepository(db.knex);
    const { secret } = await keys.create({ name: 'Confidential reader', scopes: ['batch', 'confidential'], rateLimitPerMinute: 100, allowedOrigins: [] });
    const seen = await batch({ lookups: [{ ref: 'x', ...CASEY }] }, secret);
    assert.equal(seen.body.results[0].status, 'active');
    assert.equal(seen.body.results[0].confidential, true);
    const unseen = await batch({ lookups: [{ ref: 'x', ...CASEY }] });
    const absent = await batch({ lookups: [{ ref: 'x', ...CASEY, lastName: 'Nobody' }] });
    assert.equal(unseen.body.results[0].status, 'not_found');
    assert.deepEqual(unseen.body.results[0], absent.body.results[0], 'exactly as if the record were not there');
    assert.equal((await request(app).post('/v1/lookup').send(CASEY)).body.status, 'not_found');
  });

  it('when a key is limited to some states, then a lookup in another state is refused with 403 and never reaches the roll', async () => {
    const keys = createKeyRepository(db.knex);
    const { secret } = await keys.create({ name: 'Ohio only', scopes: ['batch'], rateLimitPerMinute: 100, allowedOrigins: [], states: ['OH'] });
    const res = await batch(
      {
        lookups: [
          { ref: 'nc', ...JANE },
          { ref: 'oh', ...JANE, state: 'OH' },
        ],
      },
      secret,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.results[0].problem.status, 403);
    assert.equal(res.body.results[0].problem.type, '/problems/key-state');
    assert.equal(res.body.results[0].voterId, undefined);
    assert.equal(res.body.results[1].status, 'not_available');
  });

  it('when an address keeps sending unknown keys, then 429 before any more database checks, and another address is not refused', async () => {
    const limited = await buildTestApp(db.knex, { trustProxy: 1 });
    const from = (address: string, key: string) =>
      request(limited)
        .post('/v1/lookup/batch')
        .set('X-Forwarded-For', address)
        .set('Authorization', `Bearer ${key}`)
        .send({ lookups: [{ ref: '1', ...JANE }] });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await from('203.0.113.9', `vl_guess_${i}`)).status);
    assert.deepEqual(statuses, [...Array<number>(10).fill(401), 429, 429]);
    const refused = await from('203.0.113.9', batchKey);
    assert.equal(refused.body.type, '/problems/key-check-limit');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await from('198.51.100.4', batchKey)).status, 200);
  });

  it('when the batch is empty, too long or not a batch, then 400 naming lookups', async () => {
    for (const body of [
      { lookups: [] },
      { lookups: Array.from({ length: 1001 }, (_, i) => ({ ref: String(i), ...JANE })) },
      {},
      { lookups: [{ ref: '1', ...JANE }], more: 1 },
    ]) {
      const res = await batch(body);
      assert.equal(res.status, 400);
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === 'lookups' || e.field === 'property 2'));
    }
  });

  it('when the body is over 1 MiB, then 413', async () => {
    const res = await batch({ lookups: [{ ref: 'x'.repeat(1_100_000), ...JANE }] });
    assert.equal(res.status, 413);
    assert.match(res.headers['content-type'] ?? '', /problem\+json/);
  });

  it('when 1,000 items are sent, then all are answered in order', async () => {
    const lookups = Array.from({ length: 1000 }, (_, i) => ({ ref: `r${i}`, ...JANE, firstName: i % 2 ? 'Jane' : 'Janet' }));
    const res = await batch({ lookups });
    assert.equal(res.status, 200);
    assert.equal(res.body.results.length, 1000);
    assert.deepEqual(
      res.body.results.slice(0, 2).map((r: { ref: string; status: string }) => [r.ref, r.status]),
      [
        ['r0', 'not_found'],
        ['r1', 'active'],
      ],
    );
  });
});

describe('GET /v1/rolls', () => {
  it('when a key with the rolls scope asks, then every live roll with its date, counts by status and import time', async () => {
    const res = await request(app).get('/v1/rolls').set('Authorization', `Bearer ${rollsKey}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.rolls.length, 1);
    const [nc] = res.body.rolls;
    assert.equal(nc.state, 'NC');
    assert.equal(nc.dataAsOf, '2026-11-21');
    assert.equal(nc.voters, 3);
    assert.deepEqual(nc.statusCounts, { active: 2, removed: 1 });
    assert.match(nc.importedAt, /^\d{4}-\d{2}-\d{2}T/);
  });
});
