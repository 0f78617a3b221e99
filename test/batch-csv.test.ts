/** POST /v1/lookup/batch with a text/csv body, and answered as CSV (Accept: text/csv). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import Papa from 'papaparse';
import request from 'supertest';
import { createKeyRepository } from '../src/clients/index.ts';
import { buildTestApp, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

let db: TestDatabase;
let app: Express;
let key: string;

before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [
    { ncid: 'V0001', lastName: 'DOE', firstName: 'JANE', birthYear: 1985, county: 'WAKE' },
    { ncid: 'V0002', lastName: 'FORMER', firstName: 'ROBIN', birthYear: 1950, status: 'R', reason: 'RD' },
  ]);
  key = (await createKeyRepository(db.knex).create({ name: 'CSV clerk', scopes: ['batch'], rateLimitPerMinute: 1000, allowedOrigins: [] })).secret;
  app = await buildTestApp(db.knex);
  recordSent(['Jane', 'Doe', 'Robin', 'Former', '1985-03-14', '1950-06-01']);
});
after(async () => {
  await db.drop();
});

const CSV = [
  'ref,state,firstName,lastName,dateOfBirth,zip',
  'a1,NC,Jane,Doe,1985-03-14,27601',
  '"a,2",NC,Robin,Former,1950-06-01,27601',
  'a3,NC,Jane,Doe,not a date,27601',
  '=cmd(),NC,Jane,Doe,1985-03-14,27601',
].join('\r\n');

const batch = (body: string, accept = 'application/json', type = 'text/csv') =>
  request(app).post('/v1/lookup/batch').set('Authorization', `Bearer ${key}`).set('Content-Type', type).set('Accept', accept).send(body);

describe('POST /v1/lookup/batch as CSV', () => {
  it('when the body is text/csv, then each row is an item validated on its own, answered as JSON', async () => {
    const res = await batch(CSV);
    assert.equal(res.status, 200);
    const results = res.body.results as { ref: string; status?: string; voterId?: string; problem?: { type: string; errors: { field: string }[] } }[];
    assert.deepEqual(
      results.map((r) => [r.ref, r.status ?? r.problem?.type]),
      [
        ['a1', 'active'],
        ['a,2', 'removed'],
        ['a3', '/problems/invalid-request'],
        ['=cmd()', 'active'],
      ],
    );
    assert.equal(results[0]!.voterId, 'V0001');
    assert.deepEqual(
      results[2]!.problem!.errors.map((e) => e.field),
      ['dateOfBirth'],
    );
  });

  it('when Accept: text/csv, then one CSV row per item in order, a refused item’s problem in its columns, and no cell a spreadsheet would run', async () => {
    const res = await batch(CSV, 'text/csv');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.vary ?? '', /Accept/);
    const table = Papa.parse<Record<string, string>>(res.text, { header: true, skipEmptyLines: true });
    assert.deepEqual(table.errors, []);
    assert.deepEqual(table.meta.fields, [
      'ref',
      'status',
      'registered',
      'state',
      'county',
      'message',
      'language',
      'registerUrl',
      'checkUrl',
      'dataAsOf',
      'match',
      'voterId',
      'stateStatusCode',
      'stateReasonCode',
      'confidential',
      'problemType',
      'problemDetail',
    ]);
    const rows = table.data;
    assert.deepEqual(
      rows.map((row) => [row.ref, row.status || row.problemType]),
      [
        ['a1', 'active'],
        ['a,2', 'removed'],
        ['a3', '/problems/invalid-request'],
        ["'=cmd()", 'active'],
      ],
    );
    assert.equal(rows[0]!.county, 'Wake');
    assert.equal(rows[1]!.stateStatusCode, 'R');
    assert.equal(rows[1]!.stateReasonCode, 'RD');
    assert.equal(rows[0]!.registered, 'true');
  });

  it('when a JSON batch asks for CSV, then CSV too', async () => {
    const res = await request(app)
      .post('/v1/lookup/batch')
      .set('Authorization', `Bearer ${key}`)
      .set('Accept', 'text/csv')
      .send({ lookups: [{ ref: 'j', state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' }] });
    assert.match(res.text, /^ref,status,/);
    assert.match(res.text, /\r\nj,active,true,NC,Wake,/);
  });

  it('when a row has an unknown column or a cell past the header, then that item names it by position, and the others are answered', async () => {
    const res = await batch(
      ['ref,state,firstName,lastName,dateOfBirth,zip,ssn', 'b1,NC,Jane,Doe,1985-03-14,27601,123', 'b2,NC,Jane,Doe,1985-03-14,27601'].join('\n'),
    );
    assert.equal(res.body.results[0].problem.errors[0].field, 'property 7');
    assert.equal(res.body.results[1].status, 'active');
    const extra = await batch(['ref,state,firstName,lastName,dateOfBirth', 'c1,NC,Jane,Doe,1985-03-14,27601'].join('\n'));
    assert.equal(extra.body.results[0].problem.type, '/problems/invalid-request');
  });

  it('when the CSV cannot be read, then 400 invalid-csv naming the row, without quoting it', async () => {
    const res = await batch(['ref,state,firstName,lastName,dateOfBirth', 'd1,NC,Jane,"Doe,1985-03-14'].join('\n'));
    assert.equal(res.status, 400);
    assert.equal(res.body.type, '/problems/invalid-csv');
    assert.match(res.body.errors[0].field, /^row \d+$|^body$/);
    assert.ok(!JSON.stringify(res.body).includes('Jane'));
  });

  it('when the CSV has only a header, then 400 naming lookups; without a key, 401 before the body is read', async () => {
    const empty = await batch('ref,state,firstName,lastName,dateOfBirth\n');
    assert.equal(empty.status, 400);
    assert.equal(empty.body.errors[0].field, 'lookups');
    const anonymous = await request(app).post('/v1/lookup/batch').set('Content-Type', 'text/csv').send(CSV);
    assert.equal(anonymous.status, 401);
  });

  it('when text/csv is sent to POST /v1/lookup, then 415: only the batch takes CSV', async () => {
    const res = await request(app).post('/v1/lookup').set('Content-Type', 'text/csv').send('state,firstName\nNC,Jane');
    assert.equal(res.status, 415);
  });
});
