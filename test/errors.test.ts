import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import { solveChallenge } from 'altcha-lib/v1';
import request from 'supertest';
import { createDatabase } from '../src/db/knex.ts';
import { buildTestApp, captureLogger, capturedLogs, recordSent } from './helpers/app.ts';
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
    assert.deepEqual(fields, ['county', 'dateOfBirth', 'firstName', 'language', 'lastName', 'property 8', 'state', 'zip']);
    assert.ok(!res.text.includes('SECRETNAME'));
    assert.ok(!res.text.includes('1985-02-30'));
  });
  it('when a property is unknown, then it is named by its position, never by its name', async () => {
    const res = await request(app)
      .post('/v1/lookup')
      .send({ ...valid, 'Jane Doe 1985-03-14': true });
    assertProblem(res, 400);
    assert.equal(res.body.type, '/problems/invalid-request');
    assert.deepEqual(res.body.errors, [{ field: 'property 5', message: 'unknown property: this API accepts only the fields it documents' }]);
    assert.ok(!res.text.includes('1985-03-14'));
  });
  it('when a name spells out into more than a roll key can hold (U+FDFA, U+33AF), then 400 naming the field', async () => {
    for (const lastName of ['\uFDFA'.repeat(60), '\u33AF'.repeat(60)]) {
      const res = await request(app)
        .post('/v1/lookup')
        .send({ ...valid, lastName });
      assertProblem(res, 400);
      assert.deepEqual(
        (res.body.errors as { field: string }[]).map((e) => e.field),
        ['lastName'],
      );
    }
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

describe('proof of work (ALTCHA_HMAC_KEY)', () => {
  const hmacKey = 'errors-test-altcha-key-of-at-least-32-chars';
  async function solved(app: Express): Promise<string> {
    const challenge = (await request(app).get('/v1/challenge')).body as {
      algorithm: string;
      challenge: string;
      maxnumber: number;
      salt: string;
      signature: string;
    };
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
    assert.ok(solution);
    return Buffer.from(JSON.stringify({ ...challenge, number: solution.number })).toString('base64');
  }
  it('when switched on, then a lookup without a solved challenge is 403 of its own type, a solved one answers once, and a replay is refused', async () => {
    const guarded = await buildTestApp(db.knex, { proofOfWork: { hmacKey, maxNumber: 20_000 } });
    const bare = await request(guarded).post('/v1/lookup').send(valid);
    assertProblem(bare, 403);
    assert.equal(bare.body.type, '/problems/proof-of-work');
    const payload = await solved(guarded);
    assert.equal((await request(guarded).post('/v1/lookup').set('Altcha', payload).send(valid)).status, 200);
    assert.equal((await request(guarded).post('/v1/lookup').set('Altcha', payload).send(valid)).body.type, '/problems/proof-of-work', 'spent');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(await solved(guarded), 'base64').toString()), number: 1 })).toString('base64');
    assert.equal((await request(guarded).post('/v1/lookup').set('Altcha', forged).send(valid)).status, 403);
    assert.equal((await request(guarded).post('/v1/lookup').set('Altcha', 'not base64 json').send(valid)).status, 403);
  });
  it('when switched off, then GET /v1/challenge is 404 and lookups need none', async () => {
    assert.equal((await request(app).get('/v1/challenge')).status, 404);
    assert.equal((await request(app).post('/v1/lookup').send(valid)).status, 200);
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('when set, then a listed website may run lookups, another is refused with 403 of its own type, and servers (no Origin) still can', async () => {
    const listed = await buildTestApp(db.knex, { allowedOrigins: ['https://elections.example'] });
    const ok = await request(listed).post('/v1/lookup').set('Origin', 'https://elections.example').send(valid);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://elections.example');
    const other = await request(listed).post('/v1/lookup').set('Origin', 'https://scraper.example').send(valid);
    assertProblem(other, 403);
    assert.equal(other.body.type, '/problems/origin-not-allowed');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const preflight = await request(listed).options('/v1/lookup').set('Origin', 'https://scraper.example').set('Access-Control-Request-Method', 'POST');
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal((await request(listed).post('/v1/lookup').send(valid)).status, 200);
  });
  it('when unset, then any website may call (CORS *)', async () => {
    const res = await request(app).post('/v1/lookup').set('Origin', 'https://anyone.example').send(valid);
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });
});

describe('nothing echoed, nothing logged', () => {
  it('when a client puts a name and a birth date in a path, then the log line carries the route pattern, never the path', async () => {
    recordSent(['Quilliam', 'Zebedee', '1961-07-23', 'Quilliamzeb', 'Zebedeequill']);
    const paths = ['/v1/lookup/Quilliam%20Zebedee%201961-07-23', '/v1/states/Quilliamzeb', '/Zebedeequill/1961-07-23', '/docs/Quilliam-1961-07-23'];
    for (const path of paths) {
      const res = await request(app).get(path);
      assert.ok(!res.text.includes('Quilliam') && !res.text.includes('1961-07-23'), `${res.status} echoes the path`);
    }
    await request(app).post('/v1/states/Zebedee-1961-07-23').send({});
    await new Promise((resolve) => setImmediate(resolve));
    const logged = capturedLogs.join('\n').toUpperCase();
    for (const value of ['QUILLIAM', 'ZEBEDEE', '1961-07-23']) assert.ok(!logged.includes(value), `${value} reached a log line`);
    assert.match(logged, /"ROUTE":"\/V1\/STATES\/:CODE"/);
    assert.match(logged, /"ROUTE":"UNMATCHED"/);
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
  it('when the JSON is in another charset than UTF-8, then 415', async () => {
    const utf16 = Buffer.from(JSON.stringify(valid), 'utf16le');
    const res = await request(app).post('/v1/lookup').set('Content-Type', 'application/json; charset=utf-16').send(utf16);
    assertProblem(res, 415);
    assert.equal(res.body.type, '/problems/unsupported-media-type');
  });
});

describe('429', () => {
  it('when a client passes RATE_LIMIT_PER_MINUTE, then 429 of its own type with Retry-After and draft-8 RateLimit headers without a hash of the address', async () => {
    const limited = await buildTestApp(db.knex, { rateLimitPerMinute: 2 });
    for (let i = 0; i < 2; i += 1) {
      const ok = await request(limited).post('/v1/lookup').send(valid);
      assert.equal(ok.status, 200);
      assert.match(ok.headers.ratelimit ?? '', /"address";r=\d+;t=\d+/);
      assert.match(ok.headers['ratelimit-policy'] ?? '', /"address";q=2;w=60/);
      assert.match(ok.headers['ratelimit-policy'] ?? '', /"network";q=300;w=60/);
    }
    const res = await request(limited).post('/v1/lookup').send(valid);
    assertProblem(res, 429);
    assert.equal(res.body.type, '/problems/address-rate-limit');
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.match(res.headers.ratelimit ?? '', /"address";r=0/);
    assert.equal(res.headers['cache-control'], 'no-store');
    for (const header of [res.headers.ratelimit, res.headers['ratelimit-policy']]) assert.doesNotMatch(header ?? '', /pk=/);
  });
  it('when the addresses of one /24 together pass NETWORK_RATE_LIMIT_PER_MINUTE, then 429 of its own type; another network is not limited', async () => {
    const limited = await buildTestApp(db.knex, { rateLimitPerMinute: 100, networkRateLimitPerMinute: 3, trustProxy: 1 });
    const from = (address: string) => request(limited).post('/v1/lookup').set('X-Forwarded-For', address).send(valid);
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) assert.equal((await from(address)).status, 200);
    const refused = await from('198.51.100.200');
    assertProblem(refused, 429);
    assert.equal(refused.body.type, '/problems/network-rate-limit');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await from('198.51.101.1')).status, 200, 'the next /24 has its own budget');
    // An IPv6 /48 counts together too.
    for (const address of ['2001:db8:aa:1::1', '2001:db8:aa:2::1', '2001:db8:aa:3::1']) assert.equal((await from(address)).status, 200);
    assert.equal((await from('2001:db8:aa:ffff::9')).body.type, '/problems/network-rate-limit');
  });
  it('when 30 lookups that find no one arrive at once against a guard of 10, then at most 10 get through', async () => {
    const guarded = await buildTestApp(db.knex, { enumeration: { limit: 10, windowMinutes: 10 } });
    const server = guarded.listen(0);
    try {
      const { port } = server.address() as { port: number };
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetch(`http://127.0.0.1:${port}/v1/lookup`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ ...valid, firstName: `Nobody${String.fromCharCode(97 + (i % 26))}` }),
          }),
        ),
      );
      const statuses = answers.map((res) => res.status);
      assert.ok(statuses.filter((status) => status === 200).length <= 10, statuses.join());
      const refused = answers.find((res) => res.status === 429)!;
      assert.equal(((await refused.json()) as { type: string }).type, '/problems/not-found-guard');
      // Once counted, the network stays refused.
      const after = await fetch(`http://127.0.0.1:${port}/v1/lookup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(valid),
      });
      assert.equal(after.status, 429);
    } finally {
      server.close();
    }
  });
  it('when TRUST_PROXY is unset, then X-Forwarded-For cannot dodge the limit', async () => {
    const limited = await buildTestApp(db.knex, { rateLimitPerMinute: 1 });
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.1').send(valid)).status, 200);
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.2').send(valid)).status, 429);
  });
  it('when a trusted proxy forwards values that are not addresses, then they all share one bucket, with a warning that never quotes them', async () => {
    const limited = await buildTestApp(db.knex, { rateLimitPerMinute: 1, trustProxy: 1 });
    const logsBefore = capturedLogs.length;
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', 'garbage-one').send(valid)).status, 200);
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', 'Quentin Garbage').send(valid)).status, 429);
    assert.equal((await request(limited).post('/v1/lookup').set('X-Forwarded-For', '203.0.113.50:4431').send(valid)).status, 200, 'a port is taken off');
    const logged = capturedLogs.slice(logsBefore).join('\n');
    assert.match(logged, /not an address/);
    assert.ok(!logged.includes('garbage-one') && !logged.includes('Quentin'));
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
