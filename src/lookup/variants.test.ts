import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nicknamesOf, parseNicknames, shippedNicknames } from './nicknames.ts';
import { acceptedVariants } from './service.ts';
import type { VariantCandidate } from './repository.ts';
import { compoundSurnamesAgree, isSurnameSlip, middleIsFirst, surnameParts } from './variants.ts';

describe('nicknames', () => {
  it('when a pair is listed, then it works in both directions', () => {
    const table = parseNicknames('name1,relationship,name2\nwilliam,has_nickname,bill\n');
    assert.deepEqual(nicknamesOf(table, 'WILLIAM'), ['BILL']);
    assert.deepEqual(nicknamesOf(table, 'BILL'), ['WILLIAM']);
  });
  it('when two names share a formal name, then they are not joined to each other', () => {
    const table = parseNicknames('name1,relationship,name2\nwilliam,has_nickname,bill\nwilliam,has_nickname,liam\n');
    assert.ok(!nicknamesOf(table, 'BILL').includes('LIAM'));
  });
  it('when the shipped table is read, then Bill, Katy and Peg find their formal names', () => {
    const table = shippedNicknames();
    assert.ok(nicknamesOf(table, 'BILL').includes('WILLIAM'));
    assert.ok(nicknamesOf(table, 'KATY').includes('KATHERINE'));
    assert.ok(nicknamesOf(table, 'PEG').includes('PEGGY'));
    assert.ok(!nicknamesOf(table, 'JOHN').includes('JANE'), 'different names are never joined');
  });
});

describe('surnameParts', () => {
  it('when compound, then each part that can stand alone', () => {
    assert.deepEqual(surnameParts('GARCIA LOPEZ'), ['GARCIA', 'LOPEZ']);
    assert.deepEqual(surnameParts('SMITH JONES'), ['SMITH', 'JONES']);
    assert.deepEqual(surnameParts('DE LA CRUZ'), ['CRUZ']);
    assert.deepEqual(surnameParts('GARCIA Y LOPEZ'), ['GARCIA', 'LOPEZ']);
  });
  it('when a single word, then no parts', () => {
    assert.deepEqual(surnameParts('SMITH'), []);
  });
});

describe('compoundSurnamesAgree', () => {
  it('when one side has a single surname, or the same parts in another order, then they agree', () => {
    assert.ok(compoundSurnamesAgree('GARCIA', 'GARCIA LOPEZ'));
    assert.ok(compoundSurnamesAgree('GARCIA LOPEZ', 'GARCIA'));
    assert.ok(compoundSurnamesAgree('LOPEZ GARCIA', 'GARCIA LOPEZ'));
  });
  it('when each side has a part the other lacks, then they are two families', () => {
    assert.ok(!compoundSurnamesAgree('SHELBERG ASHMORE', 'ASHMORE BARTON'));
  });
});

describe('isSurnameSlip', () => {
  it('when one letter is changed, added, dropped, or two neighbours swapped in a long surname, then a slip', () => {
    assert.ok(isSurnameSlip('SCHWARTZ', 'SCHWARZT'));
    assert.ok(isSurnameSlip('WASHINGTN', 'WASHINGTON'));
    assert.ok(isSurnameSlip('WASHINGTONN', 'WASHINGTON'));
    assert.ok(isSurnameSlip('WASHINGTEN', 'WASHINGTON'));
  });
  it('when two slips, a short surname, or the same surname, then not', () => {
    assert.ok(!isSurnameSlip('WASHINTEN', 'WASHINGTON'));
    assert.ok(!isSurnameSlip('SMYTH', 'SMITH'), 'short surnames are other names');
    assert.ok(!isSurnameSlip('WASHINGTON', 'WASHINGTON'));
    assert.ok(!isSurnameSlip('JORWORTH', 'TORWORTH'), 'a changed first letter is another family');
  });
});

describe('middleIsFirst', () => {
  it('when the typed first name is the middle name on the roll, then true', () => {
    assert.ok(middleIsFirst('ROBERT', 'ROBERT'));
    assert.ok(!middleIsFirst('ROBERT', 'R'));
    assert.ok(!middleIsFirst('ROBERT', null));
  });
});

describe('acceptedVariants', () => {
  const candidate = (over: Partial<VariantCandidate>): VariantCandidate => ({
    voterId: 'V1',
    rule: 'nickname',
    registrationStatus: 'active',
    statusCode: 'A',
    reasonCode: null,
    confidential: false,
    county: 'Wake',
    middleNameNorm: null,
    suffixNorm: null,
    lastNameKey: 'SMITH',
    lastNameNorm: 'SMITH',
    hasFullBirthDate: true,
    ...over,
  });
  const terms = { lastNameKey: 'SMITH', lastName: 'SMITH', firstNameKey: 'BILL', middleName: null, suffix: null };
  it('when two rules find the same voter, then one voter', () => {
    const found = acceptedVariants([candidate({}), candidate({ rule: 'swapped_names' })], terms, { zipOrCountyGiven: false });
    assert.equal(found.length, 1);
  });
  it('when the roll has only the birth year, then a variant needs the ZIP or county', () => {
    assert.equal(acceptedVariants([candidate({ hasFullBirthDate: false })], terms, { zipOrCountyGiven: false }).length, 0);
    assert.equal(acceptedVariants([candidate({ hasFullBirthDate: false })], terms, { zipOrCountyGiven: true }).length, 1);
  });
  it('when a slip candidate is more than one slip away, then it is dropped', () => {
    const long = { ...terms, lastNameKey: 'WASHINGTON' };
    assert.equal(acceptedVariants([candidate({ rule: 'surname_slip', lastNameKey: 'WASHINGTN' })], long, { zipOrCountyGiven: false }).length, 1);
    assert.equal(acceptedVariants([candidate({ rule: 'surname_slip', lastNameKey: 'WASHINTN' })], long, { zipOrCountyGiven: false }).length, 0);
  });
  it('when the middle name contradicts, then dropped', () => {
    const found = acceptedVariants([candidate({ middleNameNorm: 'ANN' })], { ...terms, middleName: 'BETH' }, { zipOrCountyGiven: false });
    assert.equal(found.length, 0);
  });
});
