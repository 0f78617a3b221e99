import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateOfBirthProblem, lookupRequestSchema } from './schema.ts';

const NOW = new Date('2026-11-24T12:00:00Z');

describe('dateOfBirthProblem', () => {
  it('when a real past date from 1900 on, then no problem', () => {
    assert.equal(dateOfBirthProblem('1985-03-14', NOW), null);
    assert.equal(dateOfBirthProblem('2000-02-29', NOW), null);
    assert.equal(dateOfBirthProblem('1900-01-01', NOW), null);
  });
  it('when not a calendar date, then a problem', () => {
    for (const value of ['1985-02-30', '1900-02-29', '1985-13-01', '1985-3-14', '14/03/1985', '']) {
      assert.ok(dateOfBirthProblem(value, NOW), value);
    }
  });
  it('when before 1900 or in the future, then a problem', () => {
    assert.match(dateOfBirthProblem('1899-12-31', NOW) ?? '', /1900/);
    assert.match(dateOfBirthProblem('2026-11-26', NOW) ?? '', /future/);
  });
  it('when today somewhere on Earth, then accepted', () => {
    assert.equal(dateOfBirthProblem('2026-11-25', NOW), null);
  });
});

describe('lookupRequestSchema', () => {
  const valid = { state: 'nc', firstName: ' Jane ', lastName: 'Doe', dateOfBirth: '1985-03-14' };
  it('when valid, then trimmed and the state upper-cased', () => {
    const parsed = lookupRequestSchema.parse(valid);
    assert.equal(parsed.state, 'NC');
    assert.equal(parsed.firstName, 'Jane');
  });
  it('when names are too long after trimming, then refused', () => {
    assert.equal(lookupRequestSchema.safeParse({ ...valid, firstName: 'x'.repeat(51) }).success, false);
    assert.equal(lookupRequestSchema.safeParse({ ...valid, firstName: ` ${'x'.repeat(50)} ` }).success, true);
    assert.equal(lookupRequestSchema.safeParse({ ...valid, lastName: 'x'.repeat(61) }).success, false);
    assert.equal(lookupRequestSchema.safeParse({ ...valid, middleName: 'x'.repeat(51) }).success, false);
    assert.equal(lookupRequestSchema.safeParse({ ...valid, suffix: 'x'.repeat(11) }).success, false);
  });
  it('when the ZIP is not 5 or 5+4 digits, then refused', () => {
    assert.equal(lookupRequestSchema.safeParse({ ...valid, zip: '27601-1234' }).success, true);
    for (const zip of ['2760', '27601-12', 'ABCDE', '27601 ']) {
      assert.equal(lookupRequestSchema.safeParse({ ...valid, zip }).success, false, zip);
    }
  });
});
