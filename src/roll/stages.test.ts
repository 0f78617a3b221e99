/**
 * The import's stages alone, without a database: reading a part's records
 * (read-records.ts) and tallying them (tally.ts). Loading and publishing run on a
 * real PostgreSQL in test/import.test.ts.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { RowResult } from './formats/format.ts';
import { declaredFormat } from './formats/declaration.ts';
import { rhodeIsland } from './formats/states/rhode-island.ts';
import { texasFixed } from './formats/states/texas.ts';
import { readRecords } from './read-records.ts';
import { ImportRefused } from './snapshots.ts';
import { ImportTally } from './tally.ts';

async function recordsOf(text: string, format = declaredFormat(rhodeIsland)) {
  const rows: { line: number; result: RowResult }[] = [];
  const notes: string[] = [];
  let batches = 0;
  const reader = await readRecords(Readable.from([text]), format, {
    row: (result, line) => void rows.push({ line, result }),
    batchDone: () => void (batches += 1),
    note: (note) => void notes.push(note),
  });
  return { reader, rows, notes, batches };
}

const RI_HEADER = 'VOTER ID|STATUS CODE|LAST NAME|FIRST NAME|YEAR OF BIRTH|ZIP CODE|';

describe('readRecords', () => {
  it('when a part has a note line, a header, blank lines and rows, then each data row by its line', async () => {
    const { rows } = await recordsOf(['Pipe is the delimiter', RI_HEADER, 'RI1|A|OCEAN|STATE|1976|2903|', '', 'RI2|I|BAY|BEA|1950|02903|', ''].join('\r\n'));
    assert.deepEqual(
      rows.map(({ line, result }) => [line, 'record' in result ? result.record.voterId : result]),
      [
        [3, 'RI1'],
        [5, 'RI2'],
      ],
    );
  });
  it('when a row has the wrong number of fields or a control character, then its problem, never its values', async () => {
    const { rows } = await recordsOf(['x', RI_HEADER, 'RI1|A|OCEAN|STATE|1976|', 'RI2|A|OC\u0007EAN|STATE|1976|02903|'].join('\n'));
    assert.deepEqual(
      rows.map(({ line, result }) => [line, result]),
      [
        [3, { problem: 'has 6 fields, expected 7' }],
        [4, { problem: 'a control character in lastName' }],
      ],
    );
  });
  it('when the part is empty, then no reader; when fixed-width, then each line is cut by its ranges', async () => {
    assert.equal((await recordsOf('')).reader, undefined);
    const line = (status: string) => {
      const chars = Array.from({ length: 686 }, () => ' ');
      const put = (at: number, text: string) => [...text].forEach((c, i) => (chars[at + i] = c));
      put(0, '227');
      put(13, '2000000001');
      put(23, 'ALAMO');
      put(73, 'JUANA');
      put(228, '19651130');
      put(397, '78701');
      put(664, status);
      return chars.join('');
    };
    const { rows } = await recordsOf(`${line('V')}\n${line('Q')}\n`, declaredFormat(texasFixed));
    const first = rows[0]!.result;
    assert.ok('record' in first && first.record.county === 'Travis' && first.record.birthDate === '1965-11-30');
    assert.deepEqual(rows[1]!.result, { problem: 'Status is not one of the codes this reader knows (C, S, V)' });
  });
});

describe('ImportTally', () => {
  const record = (statusCode: string) =>
    ({
      record: {
        voterId: statusCode,
        lastName: 'L',
        firstName: 'F',
        middleName: '',
        suffix: '',
        birthYear: 1980,
        birthDate: null,
        zip: '',
        county: '',
        registrationStatus: 'active',
        statusCode,
        reasonCode: '',
        confidential: false,
      },
    }) as const;

  it('when rows are loaded, refused, withheld and left out, then each is counted, by status and by the file’s own code', () => {
    const tally = new ImportTally({ maxRows: 100, maxRefusedShare: 0.5 }, true);
    assert.ok(tally.count(record('A'), 'a.txt', 2));
    assert.ok(tally.count(record('AC'), 'a.txt', 3));
    assert.equal(tally.count({ problem: 'LAST NAME is blank' }, 'b.txt', 7), undefined);
    assert.equal(tally.count({ withheld: true }, 'b.txt', 8), undefined);
    assert.equal(tally.count({ leftOut: 'P' }, 'b.txt', 9), undefined);
    assert.deepEqual([tally.rowsRead, tally.rowsLoaded, tally.rowsRefused, tally.rowsWithheld, tally.rowsLeftOut], [5, 2, 1, 1, 1]);
    assert.deepEqual(tally.statusCounts, { active: 2 });
    assert.deepEqual(tally.statusCodeCounts, { A: 1, AC: 1, 'P (left out)': 1 });
    assert.deepEqual(tally.refused, [{ line: 7, problem: 'b.txt: LAST NAME is blank' }]);
    tally.verdict(null, false);
  });
  it('when more rows are refused than allowed, none loaded, the roll shrinks, or there are too many rows, then the roll is refused', () => {
    const refusing = new ImportTally({ maxRows: 100, maxRefusedShare: 0.001 }, false);
    refusing.count(record('A'), 'a', 1);
    for (let line = 2; line < 10; line += 1) refusing.count({ problem: 'x is blank' }, 'a', line);
    assert.throws(
      () => refusing.verdict(null, false),
      /^ImportRefused: 8 of 9 rows cannot be loaded, .*\(line 2: x is blank; line 3: x is blank; line 4: x is blank; line 5: x is blank; line 6: x is blank\)$/,
    );
    assert.throws(() => new ImportTally({ maxRows: 100, maxRefusedShare: 0 }, false).verdict(null, false), /no voters to load/);
    const small = new ImportTally({ maxRows: 100, maxRefusedShare: 0 }, false);
    small.count(record('A'), 'a', 1);
    assert.throws(() => small.verdict(10, false), /fewer than 90% of the live roll's 10/);
    small.verdict(10, true);
    const capped = new ImportTally({ maxRows: 1, maxRefusedShare: 0 }, false);
    capped.count(record('A'), 'a', 1);
    assert.throws(
      () => capped.count(record('A'), 'a', 2),
      (error: Error) => error instanceof ImportRefused && /more than 1 rows/.test(error.message),
    );
  });
});
