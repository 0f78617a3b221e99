import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { createDatabase } from '../src/db/knex.ts';
import { buildTestApp, captureLogger, capturedLogs } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

const valid = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14' };

let db: TestDatabase;
let app: Express;

function assertProblem(res: request.Response, status: number): void {
  assert.equal(res.status, status);
  assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  for (const member of ['type', 'title', 'detail']) assert.equal(typeof res.body[member], 'string', member);
  assert.ok(!/at .*\.ts:\d+|node_modules|SELECT|INSERT|relation|syntax/i.test(res.text), `internal detail in ${res.text}`);
}

before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [{ ncid: 'E1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }]);
  app = await buildTestApp(db.knex);
});
after(async () => {
  await db.drop();
});

describe('400', () => {
  it('when the body is not valid JSON, then 400 naming the body, without echoing it', async () => {
    const res = await request(app).post('/v1/lookup').type('application/json').send('{"firstName": "SECRETNAME",');
    assertProblem(res, 400);
    assert.deepEqual(res.body.errors, [{ field: 'body', message: 'not valid JSON' }]);
    assert.ok(!res.text.includes('SECRETNAME'));
  });
  it('when the JSON is not an object, then 400', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const res = await request(app).post('/v1/lookup').type('application/json').send(body);
      assertProblem(res, 400);
    }
  });
  it('when fields break rules, then each is named in errors, and no value is echoed', async () => {
    const res = await request(app)
      .post('/v1/lookup')
      .send({ state: 'ZZ', firstName: 'SECRETNAME'.repeat(6), lastName: '', dateOfBirth: '1985-02-30', zip: '123', language: 'fr', county: 7, extra: 'x' });
    assertProblem(res, 400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['county', 'dateOfBirth', 'extra', 'firstName', 'language', 'lastName', 'state', 'zip']);
    assert.ok(!res.text.includes('SECRETNAME'));
    assert.ok(!res.text.includes('1985-02-30'));
  });
  it('when required fields are missing, then each is named', async () => {
    const res = await request(app).post('/v1/lookup').send({});
    assertProblem(res, 400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['dateOfBirth', 'firstName', 'lastName', 'state']);
  });
  it('when a date is in the future or before 1900, then 400 naming dateOfBirth', async () => {
    for (const dateOfBirth of ['2999-01-01', '1899-12-31']) {
      const res = await request(app)
        .post('/v1/lookup')
        .send({ ...valid, dateOfBirth });
      assertProblem(res, 400);
      assert.equal(res.body.errors[0].field, 'dateOfBirth');
    }
  });
  it('when a name holds a control character, then 400 rather than a database error', async () => {
    const res = await request(app)
      .post('/v1/lookup')
      .send({ ...valid, lastName: 'Do\u0000e' });
    assertProblem(res, 400);
    assert.equal(res.body.errors[0].field, 'lastName');
  });
});

describe('404, 405, 413, 415', () => {
  it('when the path is unknown, then 404', async () => {
    assertProblem(await request(app).get('/v2/nothing'), 404);
  });
  it('when the state code in a path is unknown, then 404', async () => {
    assertProblem(await request(app).get('/v1/states/zz'), 404);
    assertProblem(await request(app).get('/v1/states/north-carolina'), 404);
  });
  it('when a known path gets the wrong method, then 405 with Allow', async () => {
    const get = await request(app).get('/v1/lookup');
    assertProblem(get, 405);
    assert.equal(get.headers.allow, 'POST');
    const post = await request(app).post('/v1/states').send({});
    assertProblem(post, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    assertProblem(await request(app).delete('/v1/states/nc'), 405);
  });
  it('when the body is over 4 KiB, then 413', async () => {
    const res = await request(app)
      .post('/v1/lookup')
      .send({ ...valid, padding: 'x'.repeat(5000) });
    assertProblem(res, 413);
  });
  it('when the body is not JSON, then 415', async () => {
    assertProblem(await request(app).post('/v1/lookup').type('text/plain').send('state=NC'), 415);
    assertProblem(await request(app).post('/v1/lookup').type('form').send(valid), 415);
    assertProblem(await request(app).post('/v1/lookup'), 415);
  });
});

describe('429', () => {
  it('when a client passes RATE_LIMIT_PER_MINUTE, then 429 with Retry-After and draft-8 RateLimit headers', async () => {
    const limited = await buildTestApp(db.knex, { rateLimitPerMinute: 2 });
    for (let i = 0; i < 2; i += 1) {
      const ok = await request(limited).post('/v1/lookup').send(valid);
      assert.equal(ok.status, 200);
      assert.match(ok.headers.ratelimit ?? '', /"lookup"; r=\d+; t=\d+/);
      assert.match(ok.headers['ratelimit-policy'] ?? '', /q=2; w=60/);
    }
    const res = await request(limited).post('/v1/lookup').send(valid);
    assertProblem(res, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.match(res.headers.ratelimit ?? '', /r=0/);
    assert.equal(res.headers['cache-control'], 'no-store');
  });
  it('when TRUST_PROXY is unset, then X-Forwarded-For cannot dodge the limit', async () => {
    const limited = await buildTestApp(db.knex, { rateLimitPerMinute: 1 });
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.1').send(valid)).status, 200);
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.2').send(valid)).status, 429);
  });
  it('when TRUST_PROXY trusts one hop, then each forwarded client has its own limit', async () => {
    const limited = await buildTestApp(db.knex, { rateLimitPerMinute: 1, trustProxy: 1 });
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.1').send(valid)).status, 200);
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.2').send(valid)).status, 200);
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.2').send(valid)).status, 429);
  });
});

describe('500', () => {
  it('when something unexpected fails, then a generic 500 with no stack or SQL, and the log names no value', async () => {
    const broken = await createTestDatabase();
    try {
      const brokenApp = await buildTestApp(broken.knex);
      await broken.knex.raw('ALTER TABLE roll_snapshot RENAME TO roll_snapshot_gone');
      const logsBefore = capturedLogs.length;
      const res = await request(brokenApp)
        .post('/v1/lookup')
        .send({ ...valid, lastName: 'Uniquelastname' });
      assertProblem(res, 500);
      assert.ok(!res.text.includes('roll_snapshot'));
      const logged = capturedLogs.slice(logsBefore).join('\n');
      assert.match(logged, /unexpected error/);
      assert.ok(!/UNIQUELASTNAME|roll_snapshot_gone|1985/i.test(logged), logged);
    } finally {
      await broken.drop();
    }
  });
});

describe('503', () => {
  it('when the database is unreachable, then 503 with Retry-After within 2 seconds, and /readyz says 503', async () => {
    const unreachable = createDatabase('postgres://postgres@127.0.0.1:9/none', {
      statementTimeoutMs: 1000,
      acquireTimeoutMs: 1000,
      logger: captureLogger(),
    });
    try {
      // The catalog was read at start-up, while the database answered; now it is gone.
      const lateApp = await buildTestApp(unreachable, { catalogDb: db.knex });
      const started = Date.now();
      const res = await request(lateApp).post('/v1/lookup').send(valid);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assertProblem(res, 503);
      assert.ok(Number(res.headers['retry-after']) > 0);
      assertProblem(await request(lateApp).get('/readyz'), 503);
      assertProblem(await request(lateApp).get('/v1/states'), 503);
      assert.equal((await request(lateApp).get('/healthz')).status, 200);
      assert.equal((await request(app).get('/readyz')).status, 200);
    } finally {
      await unreachable.destroy();
    }
  });
});
