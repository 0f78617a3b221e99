import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { importRoll } from '../src/roll/import.ts';
import { buildTestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters, withTempDir } from './helpers/rolls.ts';
import { ohioText, type StatePerson, writeText } from './helpers/state-files.ts';

// Ohio publishes full birth dates: the variant rules answer on them alone.
const OHIO: StatePerson[] = [
  { id: 'M1', last: 'SMITH', first: 'WILLIAM', born: '1970-05-05', status: 'ACTIVE' },
  { id: 'M2', last: 'BAKER', first: 'KATHERINE', born: '1982-02-02', status: 'ACTIVE' },
  { id: 'M3', last: 'GARCIA LOPEZ', first: 'MARIA', born: '1975-03-03', status: 'ACTIVE' },
  { id: 'M4', last: 'SMITH-JONES', first: 'ANA', born: '1988-08-08', status: 'CONFIRMATION' },
  { id: 'M5', last: 'REYES', first: 'CARLOS', born: '1966-06-06', status: 'ACTIVE' },
  { id: 'M6', last: 'MINH', first: 'NGUYEN', born: '1990-09-09', status: 'ACTIVE' },
  { id: 'M7', last: 'PARKER', first: 'JAMES', middle: 'ROBERT', born: '1955-05-15', status: 'ACTIVE' },
  { id: 'M8', last: 'WASHINGTON', first: 'GEORGE', born: '1961-01-01', status: 'ACTIVE' },
  // Two Roberts, so "Bob" cannot tell them apart.
  { id: 'M9', last: 'JONES', first: 'ROBERT', born: '1980-01-01', status: 'ACTIVE' },
  { id: 'M10', last: 'JONES', first: 'ROB', born: '1980-01-01', status: 'ACTIVE' },
  { id: 'M11', last: 'LEE', first: 'JOHN', born: '1977-07-07', status: 'ACTIVE' },
  { id: 'M12', last: 'HIDDEN', first: 'WILLIAM', born: '1950-01-01', status: 'ACTIVE' },
  // A Bill and a William of one surname and birth date, told apart by their middle names.
  { id: 'M13', last: 'TURNER', first: 'BILL', middle: 'JAMES', born: '1971-03-03', status: 'ACTIVE' },
  { id: 'M14', last: 'TURNER', first: 'WILLIAM', middle: 'HENRY', born: '1971-03-03', status: 'CONFIRMATION' },
  { id: 'M15', last: 'HERNANDEZ', first: 'ANTONIO', born: '1958-04-04', status: 'ACTIVE' },
  { id: 'M16', last: 'MORALES', first: 'ROSARIO', born: '1969-12-12', status: 'ACTIVE' },
];

let db: TestDatabase;
let app: Express;

async function lookup(state: string, firstName: string, lastName: string, dateOfBirth: string, extra: Record<string, string> = {}) {
  const res = await request(app)
    .post('/v1/lookup')
    .send({ state, firstName, lastName, dateOfBirth, ...extra });
  assert.equal(res.status, 200, res.text);
  return res.body as { status: string; match: string | null; county: string | null };
}

before(async () => {
  db = await createTestDatabase();
  await withTempDir(async (dir) => {
    const file = join(dir, 'SWVF.txt');
    writeText(file, ohioText(OHIO));
    await importRoll({ databaseUrl: db.url, state: 'OH', format: 'ohio-swvf', files: [file], asOf: '2026-11-01' });
  });
  await importNcVoters(db.url, [{ ncid: 'N1', lastName: 'SMITH', firstName: 'WILLIAM', birthYear: 1970, zip: '27601', county: 'WAKE' }]);
  app = await buildTestApp(db.knex);
});
after(async () => {
  await db.drop();
});

describe('variant matching on a roll with full birth dates', () => {
  it('when the name is typed as on the roll, then exact, and no variant runs', async () => {
    assert.deepEqual(await lookup('OH', 'William', 'Smith', '1970-05-05').then((r) => [r.status, r.match]), ['active', 'exact']);
  });
  const cases: [string, string, string, string, string][] = [
    ['a nickname for the formal name (Bill for William)', 'Bill', 'Smith', '1970-05-05', 'active'],
    ['a nickname (Kate for Katherine)', 'Kate', 'Baker', '1982-02-02', 'active'],
    ['one part of a compound surname on the roll', 'Maria', 'Garcia', '1975-03-03', 'active'],
    ['the other part of a compound surname', 'Maria', 'Lopez', '1975-03-03', 'active'],
    ['the parts of a compound surname in the other order', 'Maria', 'Lopez Garcia', '1975-03-03', 'active'],
    ['one part of a hyphenated surname', 'Ana', 'Jones', '1988-08-08', 'inactive'],
    ['a compound surname typed where the roll has one', 'Carlos', 'Reyes Ortiz', '1966-06-06', 'active'],
    ['first and last names swapped', 'Minh', 'Nguyen', '1990-09-09', 'active'],
    ['the middle name used as the first name', 'Robert', 'Parker', '1955-05-15', 'active'],
    ['one slip in a long surname', 'George', 'Washingtn', '1961-01-01', 'active'],
    ['two letters swapped in a long surname', 'George', 'Wahsington', '1961-01-01', 'active'],
    ['a Spanish hypocorism (Toño for Antonio)', 'Toño', 'Hernández', '1958-04-04', 'active'],
    ['a Spanish hypocorism (Charo for Rosario)', 'Charo', 'Morales', '1969-12-12', 'active'],
  ];
  for (const [rule, first, last, born, status] of cases) {
    it(`when ${rule}, then found as a variant`, async () => {
      const res = await lookup('OH', first, last, born);
      assert.equal(res.status, status, rule);
      assert.equal(res.match, 'variant');
    });
  }

  it('when the birth date disagrees, then no variant answers', async () => {
    assert.equal((await lookup('OH', 'Bill', 'Smith', '1970-05-06')).status, 'not_found');
  });
  it('when a different given name has the same surname and birth date, then not found: given names are never typos', async () => {
    assert.equal((await lookup('OH', 'Wendy', 'Smith', '1970-05-05')).status, 'not_found');
    assert.equal((await lookup('OH', 'Jon', 'Leeds', '1977-07-07')).status, 'not_found');
  });
  it('when a short surname differs by a letter, then not found', async () => {
    assert.equal((await lookup('OH', 'John', 'Lea', '1977-07-07')).status, 'not_found');
  });
  it('when a nickname fits two voters, then multiple_matches that names neither', async () => {
    const res = await lookup('OH', 'Bob', 'Jones', '1980-01-01');
    assert.equal(res.status, 'multiple_matches');
    assert.equal(res.county, null);
  });
  it('when the ZIP disagrees, then no variant answers', async () => {
    assert.equal((await lookup('OH', 'Bill', 'Smith', '1970-05-05', { zip: '44101' })).status, 'not_found');
  });
  it('when the exact step finds a voter whose middle name disagrees, then the variant step still runs and answers', async () => {
    assert.deepEqual(await lookup('OH', 'Bill', 'Turner', '1971-03-03').then((r) => [r.status, r.match]), ['active', 'exact']);
    assert.deepEqual(await lookup('OH', 'Bill', 'Turner', '1971-03-03', { middleName: 'Henry' }).then((r) => [r.status, r.match]), ['inactive', 'variant']);
    assert.equal((await lookup('OH', 'Bill', 'Turner', '1971-03-03', { middleName: 'Oscar' })).status, 'not_found');
  });
  it('when exact and variant lookups arrive together (the variant step rides in the same statement), then each gets the answer it gets alone', async () => {
    const asked: [string, string, string, Record<string, string>][] = [
      ...cases.map(([, first, last, born]): [string, string, string, Record<string, string>] => [first, last, born, {}]),
      ['William', 'Smith', '1970-05-05', {}],
      ['Bill', 'Smith', '1970-05-06', {}],
      ['Bob', 'Jones', '1980-01-01', {}],
      ['Bill', 'Smith', '1970-05-05', { zip: '44101' }],
      ['Bill', 'Turner', '1971-03-03', { middleName: 'Henry' }],
      ['Wendy', 'Smith', '1970-05-05', {}],
    ];
    const alone: Awaited<ReturnType<typeof lookup>>[] = [];
    for (const [first, last, born, extra] of asked) alone.push(await lookup('OH', first, last, born, extra));
    const together = await Promise.all([...asked, ...asked].map(([first, last, born, extra]) => lookup('OH', first, last, born, extra)));
    together.forEach((answer, i) => assert.deepEqual(answer, alone[i % asked.length], `${asked[i % asked.length]![0]} ${asked[i % asked.length]![1]}`));
    assert.ok(alone.filter((a) => a.match === 'variant').length >= cases.length, 'the variants answered as variants');
  });
});

describe('variant matching where the roll has only the birth year (North Carolina)', () => {
  it('when only a nickname and the year agree, then not found: that is not enough to tell people apart', async () => {
    assert.equal((await lookup('NC', 'Bill', 'Smith', '1970-01-01')).status, 'not_found');
  });
  it('when the ZIP or county also agrees, then found as a variant', async () => {
    assert.deepEqual(await lookup('NC', 'Bill', 'Smith', '1970-01-01', { zip: '27601' }).then((r) => [r.status, r.match]), ['active', 'variant']);
    assert.equal((await lookup('NC', 'Bill', 'Smith', '1970-01-01', { county: 'Wake' })).status, 'active');
  });
});
