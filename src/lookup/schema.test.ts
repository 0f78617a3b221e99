import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
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
  it('when the clock passes midnight in UTC+14, then the next day is accepted, and not before', () => {
    const midnight = Date.parse('2026-11-26T00:00:00Z') - 14 * 3_600_000;
    assert.match(dateOfBirthProblem('2026-11-26', new Date(midnight - 1)) ?? '', /future/);
    assert.equal(dateOfBirthProblem('2026-11-26', new Date(midnight)), null);
    assert.match(dateOfBirthProblem('2026-11-26', new Date(midnight - 1)) ?? '', /future/);
  });
  it('for any date and any clock, the same answer as working it out with Date each time', () => {
    const reference = (value: string, now: Date): string | null => {
      const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!parts) return 'format';
      const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'calendar';
      if (year < 1900) return '1900';
      return value > new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10) ? 'future' : null;
    };
    const kind = (problem: string | null) =>
      problem === null ? null : /form/.test(problem) ? 'format' : /calendar/.test(problem) ? 'calendar' : /1900/.test(problem) ? '1900' : 'future';
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1800, max: 2200 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2100-01-01') }),
        (year, month, day, nowMs) => {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          assert.equal(kind(dateOfBirthProblem(value, new Date(nowMs))), reference(value, new Date(nowMs)));
        },
      ),
      { numRuns: 10_000 },
    );
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
