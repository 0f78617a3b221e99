import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { createVoterRepository } from '../src/lookup/index.ts';
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

describe('one request fails alone', () => {
  /** Characters NFKD spells out into many (U+FDFA into 18 letters, U+33AF into 6), mixed with ordinary ones. */
  const expanding = fc
    .array(fc.constantFrom('\uFDFA', '\u33AF', '\uFB03', '\u2474', 'ǅ', 'a', 'Z', "'", '-', ' ', 'ß'), { minLength: 1, maxLength: 60 })
    .map((chars) => chars.join(''));

  it('when hostile names are sent concurrently with ordinary lookups, then each ordinary lookup gets its own answer', async () => {
    const server = app.listen(0);
    const { port } = server.address() as { port: number };
    const post = (body: unknown) =>
      fetch(`http://127.0.0.1:${port}/v1/lookup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(expanding, { minLength: 1, maxLength: 8 }), async (hostileNames) => {
          const ordinary = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };
          const answers = await Promise.all([
            post(ordinary),
            ...hostileNames.map((lastName) => post({ state: 'NC', firstName: 'Jane', lastName, dateOfBirth: '1985-03-14' })),
            post({ ...ordinary, firstName: 'Nobody' }),
          ]);
          const statuses = answers.map((res) => res.status);
          assert.ok(
            statuses.every((status) => status === 200 || status === 400),
            `statuses ${statuses.join()}`,
          );
          assert.equal(((await answers[0].json()) as { status: string }).status, 'active');
          assert.equal(((await answers.at(-1)!.json()) as { status: string }).status, 'not_found');
        }),
        { numRuns: 40 },
      );
    } finally {
      server.close();
    }
  });

  it('when one search in a shared statement makes PostgreSQL fail, then only that lookup fails', async () => {
    const voters = createVoterRepository(db.knex);
    const query = { state: 'NC', lastNameKey: 'DOE', firstNameKey: 'JANE', birthYear: 1985, birthDate: '1985-03-14', includeConfidential: false };
    // A birth year out of PostgreSQL's integer range fails the whole statement it is bound into.
    const [ordinary, hostile, another] = await Promise.allSettled([
      voters.findCandidates(query),
      voters.findCandidates({ ...query, birthYear: 1e12 }),
      voters.findCandidates({ ...query, firstNameKey: 'NOBODY' }),
    ]);
    assert.equal(ordinary.status, 'fulfilled');
    assert.equal(ordinary.status === 'fulfilled' && ordinary.value.candidates.length, 1);
    assert.equal(hostile.status, 'rejected');
    assert.equal(another.status === 'fulfilled' && another.value.candidates.length, 0);
  });
});
