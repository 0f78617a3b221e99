import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createAuditLog, inputHmac } from '../src/audit/index.ts';
import { createKeyRepository } from '../src/clients/keys.ts';
import { buildTestApp, captureLogger, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

const SECRET = 'audit-test-secret-of-at-least-32-characters';
const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [{ ncid: 'A1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }]);
  recordSent(['Jane', 'Doe', 'Nobody', '1985-03-14']);
});
after(async () => {
  await db.drop();
});

describe('the audit log', () => {
  it('when lookups are answered, public or keyed, then each is recorded with time, outcome, client and an HMAC, and nothing personal', async () => {
    const log = createAuditLog(db.knex, captureLogger(), { retentionDays: 90, flushMs: 60_000 });
    const app = await buildTestApp(db.knex, { audit: { log, secret: SECRET } });
    const { key, secret } = await createKeyRepository(db.knex).create({ name: 'County', scopes: ['batch'], rateLimitPerMinute: 100, allowedOrigins: [] });
    await request(app).post('/v1/lookup').send(JANE);
    await request(app)
      .post('/v1/lookup')
      .send({ ...JANE, firstName: ' JANE ' });
    await request(app)
      .post('/v1/lookup')
      .send({ ...JANE, firstName: 'Nobody' });
    await request(app)
      .post('/v1/lookup/batch')
      .set('Authorization', `Bearer ${secret}`)
      .send({ lookups: [{ ref: '1', ...JANE }] });
    await log.close();

    const rows = await db.knex('lookup_audit').orderBy('id');
    assert.deepEqual(
      rows.map((r) => [r.outcome, r.client]),
      [
        ['active', '127.0.0.0/24'],
        ['active', '127.0.0.0/24'],
        ['not_found', '127.0.0.0/24'],
        ['active', `key:${key.id}`],
      ],
    );
    assert.equal(rows[0].input_hmac, rows[1].input_hmac, 'the same person typed differently is the same input');
    assert.equal(rows[0].input_hmac, inputHmac(SECRET, ['NC', 'DOE', 'JANE', '1985-03-14', '27601', '']));
    assert.notEqual(rows[0].input_hmac, rows[2].input_hmac);
    const text = JSON.stringify(rows).toUpperCase();
    for (const value of ['JANE', 'DOE', 'NOBODY', '1985']) assert.ok(!text.includes(value), value);
    for (const row of rows) assert.ok(row.at instanceof Date);
  });

  it('when a key with the confidential scope is given a confidential record, then its audit row says so; any other row does not', async () => {
    await importNcVoters(db.url, [
      { ncid: 'A1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 },
      { ncid: 'A2', lastName: 'PRIVATE', firstName: 'CASEY', birthYear: 1980, confidential: true },
    ]);
    recordSent(['Casey', 'Private', '1980-01-01']);
    const log = createAuditLog(db.knex, captureLogger(), { retentionDays: 90, flushMs: 60_000 });
    const app = await buildTestApp(db.knex, { audit: { log, secret: SECRET } });
    const { key, secret } = await createKeyRepository(db.knex).create({
      name: 'Reader',
      scopes: ['batch', 'confidential'],
      rateLimitPerMinute: 100,
      allowedOrigins: [],
    });
    const casey = { state: 'NC', firstName: 'Casey', lastName: 'Private', dateOfBirth: '1980-01-01', zip: '27601' };
    await request(app)
      .post('/v1/lookup/batch')
      .set('Authorization', `Bearer ${secret}`)
      .send({
        lookups: [
          { ref: 'c', ...casey },
          { ref: 'j', ...JANE },
        ],
      });
    await request(app).post('/v1/lookup').send(casey);
    await log.close();
    const rows = await db
      .knex('lookup_audit')
      .where('client', `key:${key.id}`)
      .orWhere('input_hmac', inputHmac(SECRET, ['NC', 'PRIVATE', 'CASEY', '1980-01-01', '27601', '']))
      .orderBy('id');
    assert.deepEqual(
      rows.map((r) => [r.client === `key:${key.id}` ? 'key' : 'public', r.outcome, r.confidential]),
      [
        ['key', 'active', true],
        ['key', 'active', false],
        ['public', 'not_found', false],
      ],
    );
  });

  it('when rows are older than the retention, then pruning removes them', async () => {
    await db.knex('lookup_audit').insert({ outcome: 'active', client: 'old', input_hmac: 'x', at: db.knex.raw(`now() - interval '91 days'`) });
    const log = createAuditLog(db.knex, captureLogger(), { retentionDays: 90 });
    assert.equal(await log.prune(), 1);
    await log.close();
    assert.equal((await db.knex('lookup_audit').where({ client: 'old' })).length, 0);
  });

  it('when summarised from the command line, then volumes by client and outcome', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', 'summary', '--since', '2020-01-01'], {
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /127\.0\.0\.0\/24.*active.*2/s);
    assert.match(run.stdout, /not_found/);
  });
});

describe('the enumeration guard', () => {
  it('when a network collects the not_found limit in the window, then it is refused with 429 until the window passes; answers that find someone do not count', async () => {
    const app = await buildTestApp(db.knex, { enumeration: { limit: 3, windowMinutes: 10 } });
    const miss = (i: number) =>
      request(app)
        .post('/v1/lookup')
        .send({ ...JANE, firstName: `Nobody${'x'.repeat(i)}` });
    for (let i = 0; i < 2; i += 1) {
      assert.equal((await miss(i)).body.status, 'not_found');
      for (let j = 0; j < 3; j += 1) assert.equal((await request(app).post('/v1/lookup').send(JANE)).status, 200, 'a found voter does not count');
    }
    assert.equal(
      (
        await request(app)
          .post('/v1/lookup')
          .send({ ...JANE, dateOfBirth: 'bad' })
      ).status,
      400,
      'a bad request does not count',
    );
    assert.equal((await miss(2)).body.status, 'not_found', 'the third not_found is still answered');
    // The network has collected its three: it is refused, whatever it asks, until the window passes.
    const refused = await request(app).post('/v1/lookup').send(JANE);
    assert.equal(refused.status, 429);
    assert.match(refused.body.detail, /found no one/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });
});
