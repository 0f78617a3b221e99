import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { nameKey, normalizeName } from '../src/lookup/normalize.ts';
import { buildTestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

let db: TestDatabase;
let app: Express;

before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [{ ncid: 'F1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }]);
  app = await buildTestApp(db.knex);
});
after(async () => {
  await db.drop();
});

function assertAnswered(res: request.Response): void {
  assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `status ${res.status}: ${res.text}`);
  if (res.status !== 200) {
    assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(res.body.status, res.status);
  }
}

const field = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('NC', 'nc', 'ZZ', '1985-03-14', '2999-01-01', '', ' '),
  fc.integer(),
  fc.constant(null),
  fc.jsonValue(),
);

describe('fuzzing the lookup', () => {
  it('when any JSON body is sent, then 200 or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              state: field,
              firstName: field,
              lastName: field,
              middleName: field,
              suffix: field,
              dateOfBirth: field,
              zip: field,
              county: field,
              language: field,
            },
            { requiredKeys: [] },
          ),
        ),
        async (body) => {
          assertAnswered(await request(app).post('/v1/lookup').type('application/json').send(JSON.stringify(body)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when any bytes are sent as JSON, then 200 or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 6000 }), async (bytes) => {
        assertAnswered(await request(app).post('/v1/lookup').type('application/json').send(Buffer.from(bytes)));
      }),
      { numRuns: 300 },
    );
  });

  it('when valid-looking requests carry any text in the names, then 200 or 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 70 }), async (firstName, lastName) => {
        assertAnswered(await request(app).post('/v1/lookup').send({ state: 'NC', firstName, lastName, dateOfBirth: '1985-03-14' }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzzing the name normaliser', () => {
  it('when given any text, then it never throws and normalising twice changes nothing (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (raw) => {
        const once = normalizeName(raw);
        assert.equal(normalizeName(once), once);
        assert.equal(nameKey(normalizeName(nameKey(once))), nameKey(once));
      }),
      { numRuns: 10_000 },
    );
  });
});
