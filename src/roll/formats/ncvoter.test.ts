import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LayoutError } from './format.ts';
import { declaredFormat } from './declaration.ts';
import { NCVOTER_LAYOUTS, ncvoterColumns, northCarolina } from './ncvoter.ts';

describe('ncvoterColumns', () => {
  it('when the header is any of the three layouts, in any order or case, then its columns are found', () => {
    for (const layout of Object.values(NCVOTER_LAYOUTS)) {
      const header = [...layout].reverse().map((c) => c.toUpperCase());
      const at = ncvoterColumns(header);
      assert.equal(header[at.ncid], 'NCID');
      assert.equal(header[at.birth_year], 'BIRTH_YEAR');
    }
    assert.equal(NCVOTER_LAYOUTS['2026 (70 columns)']!.length, 70);
    assert.equal(NCVOTER_LAYOUTS['2022 (67 columns)']!.length, 67);
    assert.equal(NCVOTER_LAYOUTS['2020 (71 columns)']!.length, 71);
  });
  it('when an older file uses the old spellings, then they are accepted', () => {
    const old = NCVOTER_LAYOUTS['2020 (71 columns)']!.map(
      (c) =>
        ({
          middle_name: 'midl_name',
          name_suffix_lbl: 'name_sufx_cd',
          age_at_year_end: 'birth_age',
          birth_state: 'birth_place',
          confidential_ind: 'Confidential_ind',
        })[c] ?? c,
    );
    const at = ncvoterColumns(old);
    assert.equal(old[at.middle_name], 'midl_name');
  });
  it('when columns are missing or unknown, then refused naming them', () => {
    const header = NCVOTER_LAYOUTS['2026 (70 columns)']!.filter((c) => c !== 'birth_year').concat('favourite_color');
    assert.throws(
      () => ncvoterColumns(header),
      (error: Error) =>
        error instanceof LayoutError && /missing columns: birth_year/.test(error.message) && /unknown columns: favourite_color/.test(error.message),
    );
  });
});

describe('the North Carolina declaration', () => {
  const layout = NCVOTER_LAYOUTS['2026 (70 columns)']!;
  const reader = declaredFormat(northCarolina).reader(layout);
  const row = (values: Record<string, string>) => layout.map((c) => values[c] ?? '');
  const base = { ncid: 'AA1', last_name: 'DOE', first_name: 'JANE', status_cd: 'A', birth_year: '1985', confidential_ind: 'N' };
  it('when a header is none of the three layouts, then the detection refuses it before the declaration reads it', () => {
    assert.throws(() => declaredFormat(northCarolina).reader([...layout, 'shoe_size']), /not an ncvoter layout .*unknown columns: shoe_size/);
  });
  it('when county_desc is blank, then the county comes from county_id (Yancey as 00 or 100)', () => {
    for (const id of ['00', '100']) {
      const result = reader.toRecord(row({ ...base, county_id: id }));
      assert.ok('record' in result && result.record.county === 'YANCEY');
    }
  });
  it('when a good row, then a voter with the year only', () => {
    const result = reader.toRecord(row(base));
    assert.ok('record' in result);
    assert.equal(result.record.birthYear, 1985);
    assert.equal(result.record.birthDate, null);
    assert.equal(result.record.registrationStatus, 'active');
  });
  it('when confidential_ind is Y, then confidential', () => {
    const result = reader.toRecord(row({ ...base, confidential_ind: 'Y' }));
    assert.ok('record' in result && result.record.confidential);
  });
  it('when a value is impossible, then the problem is named without the value', () => {
    for (const [column, value] of [
      ['birth_year', '19X5'],
      ['birth_year', '2090'],
      ['status_cd', 'Q'],
      ['ncid', ''],
      ['last_name', ''],
    ] as const) {
      const result = reader.toRecord(row({ ...base, [column]: value }));
      assert.ok('problem' in result, column);
      assert.match(result.problem, new RegExp(column));
    }
  });
});
