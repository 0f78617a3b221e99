import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalSuffix, countyKey, nameKey, normalizeName, splitSuffix } from './normalize.ts';

const key = (raw: string) => nameKey(normalizeName(raw));

describe('normalizeName', () => {
  it('when case differs, then the keys agree', () => {
    assert.equal(key('mcDonald'), key('MCDONALD'));
  });
  it('when accents and diacritics are typed or left out, then the keys agree', () => {
    assert.equal(key('José Núñez'), key('JOSE NUNEZ'));
    assert.equal(key('Zoë Çelik'), 'ZOECELIK');
  });
  it('when spaces surround or repeat, then they do not count', () => {
    assert.equal(normalizeName('  Mary   Ann  '), 'MARY ANN');
  });
  it('when apostrophes are straight, curly or missing, then the keys agree', () => {
    for (const spelling of ["O'Brien", 'O’Brien', 'O‘Brien', 'OBrien', 'O Brien']) assert.equal(key(spelling), 'OBRIEN');
  });
  it('when a compound name has a hyphen, a dash or a space, then the keys agree', () => {
    for (const spelling of ['Smith-Jones', 'Smith Jones', 'Smith – Jones', 'SMITH‐JONES']) assert.equal(key(spelling), 'SMITHJONES');
  });
  it('when % or _ is typed, then it stays a literal character', () => {
    assert.equal(key('Sm%th'), 'SM%TH');
    assert.equal(key('_'), '_');
  });
  it('when control or invisible characters are present, then they are dropped', () => {
    assert.equal(key('Ja\u200Bne\u0000'), 'JANE');
  });
});

describe('splitSuffix', () => {
  it('when a suffix is typed inside the last name, then it is split off', () => {
    assert.deepEqual(splitSuffix(normalizeName('Public Jr.')), { lastName: 'PUBLIC', suffix: 'JR' });
    assert.deepEqual(splitSuffix(normalizeName('Public, III')), { lastName: 'PUBLIC', suffix: 'III' });
    assert.deepEqual(splitSuffix(normalizeName('Public 2nd')), { lastName: 'PUBLIC', suffix: 'II' });
  });
  it('when the last name is only a word like a suffix, then it stays the name', () => {
    assert.deepEqual(splitSuffix('IV'), { lastName: 'IV', suffix: null });
    assert.deepEqual(splitSuffix('JUNIORS'), { lastName: 'JUNIORS', suffix: null });
  });
});

describe('canonicalSuffix', () => {
  it('when spelled out or dotted, then one spelling', () => {
    assert.equal(canonicalSuffix('Jr.'), 'JR');
    assert.equal(canonicalSuffix('junior'), 'JR');
    assert.equal(canonicalSuffix('3rd'), 'III');
    assert.equal(canonicalSuffix('Esq'), null);
  });
});

describe('countyKey', () => {
  it('when typed with or without "County", in any case, then the keys agree', () => {
    assert.equal(countyKey('New Hanover County'), countyKey('NEW HANOVER'));
    assert.equal(countyKey('wake county'), 'WAKE');
    assert.equal(countyKey('NewHanover'), countyKey('New Hanover'));
  });
});
