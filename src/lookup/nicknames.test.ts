import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nicknamesOf, parseNicknames, shippedNicknames, spellingKey } from './nicknames.ts';

describe('the shipped nickname tables', () => {
  it('when seeds/hypocorisms-es.csv is read, then every pair names the published reference that states it', () => {
    const lines = readFileSync(new URL('../../seeds/hypocorisms-es.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    assert.equal(lines[0], 'name,hypocorism,source');
    for (const line of lines.slice(1)) assert.match(line, /^[^,]+,[^,]+,https?:\/\/\S+$/, line);
    assert.ok(lines.length > 40);
  });
  it('when a Spanish hypocorism is looked up, then it reaches its name both ways, accents aside, and never further', () => {
    const table = shippedNicknames();
    assert.deepEqual(nicknamesOf(table, 'TONO'), ['ANTONIO']);
    assert.ok(nicknamesOf(table, 'ANTONIO').includes('TONO'));
    assert.ok(nicknamesOf(table, 'FRANCISCO').includes('PACO') && nicknamesOf(table, 'FRANCISCO').includes('PANCHO'));
    // Not transitive: Beto is Alberto's and Adalberto's, but Alberto is not thereby Adalberto.
    assert.ok(!nicknamesOf(table, 'ALBERTO').includes('ADALBERTO'));
  });
  it('when a name has another spelling with two nicknames in common, then it takes that spelling’s nicknames too, and nothing else joins', () => {
    assert.equal(spellingKey('CATHERINE'), spellingKey('KATHERINE'));
    assert.equal(spellingKey('ALLISON'), spellingKey('ALLYSON'));
    assert.notEqual(spellingKey('FRANCES'), spellingKey('FRANCIS'));
    assert.notEqual(spellingKey('PATRICIA'), spellingKey('PATRICK'));
    const table = parseNicknames(
      [
        'name,relationship,nickname',
        'katherine,has_nickname,kate',
        'katherine,has_nickname,kathy',
        'katherine,has_nickname,kay',
        'catherine,has_nickname,kathy',
        'catherine,has_nickname,kay',
        'kathryn,has_nickname,kate',
      ].join('\n'),
    );
    assert.ok(nicknamesOf(table, 'CATHERINE').includes('KATE'), 'Kate, from KATHERINE');
    // The two spellings are not joined to each other; KATHRYN (one nickname in common) takes nothing.
    assert.ok(!nicknamesOf(table, 'CATHERINE').includes('KATHERINE'));
    assert.deepEqual(nicknamesOf(table, 'KATHRYN'), ['KATE']);
  });
});
