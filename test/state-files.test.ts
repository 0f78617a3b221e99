/**
 * Every declared state file: a small file in the state's real layout, imported as
 * `npm run import -- --state XX FILE` would (the reader found from the state),
 * answered by lookups for each status; and refused, naming the column or line,
 * when a column is missing, a code is unknown or the layout is another version.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import request from 'supertest';
import { STATE_FORMATS, stateFormat } from '../src/roll/index.ts';
import { STATE_FILES } from '../src/roll/formats/states/index.ts';
import { type ImportOptions, importRoll } from '../src/roll/import.ts';
import { useDatabaseAndApp } from './helpers/app.ts';
import { withTempDir } from './helpers/rolls.ts';
import { layoutText, mdy, STATE_LAYOUTS, type StateLayout, type Voter } from './helpers/state-layouts.ts';

const ctx = useDatabaseAndApp();

async function lookup(state: string, v: Pick<Voter, 'first' | 'last' | 'born' | 'zip'>) {
  const res = await request(ctx.app).post('/v1/lookup').send({ state, firstName: v.first, lastName: v.last, dateOfBirth: v.born, zip: v.zip });
  assert.equal(res.status, 200, res.text);
  return res.body as { status: string; county: string | null };
}

/** Writes the files and imports them with the state's own reader, as --state finds it. */
async function importLayout(layout: StateLayout, files: Record<string, string>, extra: Partial<ImportOptions> = {}) {
  return withTempDir(async (dir) => {
    const paths = Object.entries(files).map(([name, text]) => {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, layout.encoding === 'latin1' ? 'latin1' : 'utf8');
      return path;
    });
    const format = layout.explicitFormat ? layout.format : stateFormat(layout.state)!;
    return importRoll({
      databaseUrl: ctx.db.url,
      state: layout.state,
      format,
      files: paths,
      asOf: '2026-11-01',
      allowShrink: true,
      allowOlder: true,
      ...extra,
    });
  });
}

const loadedIn = (layout: StateLayout) => layout.voters.filter((v) => v.expect !== 'not_found' || v.hidden === 'confidential');

describe('every declared state file', () => {
  it('when listed, then each of the declared formats has a test file here, and --state finds each state’s reader', () => {
    const tested = new Set(STATE_LAYOUTS.map((layout) => layout.format));
    assert.deepEqual(
      // Iowa's parts are tested below; North Carolina's in import.test.ts; Ohio's, Florida's and Missouri's in formats.test.ts.
      STATE_FILES.map((file) => file.format).filter(
        (format) => !tested.has(format) && !['iowa', 'ncvoter', 'ohio-swvf', 'florida-extract', 'missouri'].includes(format),
      ),
      [],
    );
    assert.ok(new Set(STATE_FORMATS.map((info) => info.state)).size >= 24, 'at least twenty states beyond NC, OH, FL and MO');
    for (const layout of STATE_LAYOUTS.filter((l) => !l.explicitFormat)) assert.equal(stateFormat(layout.state), layout.format);
  });

  for (const layout of STATE_LAYOUTS) {
    const label = `${layout.format} (${layout.fileName})`;
    describe(label, () => {
      it('when the file is imported, then each status code answers as the state means it, and the summary counts each code', async () => {
        const summary = await importLayout(layout, { [layout.fileName]: layoutText(layout) });
        assert.equal(summary.rowsRefused, 0, JSON.stringify(summary.refusedSamples));
        assert.equal(summary.rowsLoaded, loadedIn(layout).length);
        const codes = Object.keys(summary.statusCodeCounts).sort();
        const expected = layout.voters
          .filter((v) => v.hidden !== 'withheld')
          .map((v) => (v.code === '' ? 'LISTED' : `${v.code.toUpperCase()}${v.expect === 'not_found' && !v.hidden ? ' (left out)' : ''}`));
        assert.deepEqual(codes, [...new Set(expected)].sort());
        for (const v of layout.voters) {
          const answer = await lookup(layout.state, { ...v, first: titleCase(v.first), last: titleCase(v.last) });
          assert.equal(answer.status, v.expect, `${layout.format} ${v.code}`);
        }
        if (layout.county) assert.equal((await lookup(layout.state, layout.voters[0]!)).county, layout.county);
        const first = layout.voters[0]!;
        if (layout.birthKind === 'full') {
          const nextDay = first.born.replace(/\d\d$/, (d) => String((Number(d) % 28) + 1).padStart(2, '0'));
          assert.equal((await lookup(layout.state, { ...first, born: nextDay })).status, 'not_found', 'the full date must agree');
        } else {
          const otherYear = `${Number(first.born.slice(0, 4)) + 1}${first.born.slice(4)}`;
          assert.equal((await lookup(layout.state, { ...first, born: otherYear })).status, 'not_found', 'the year must agree');
        }
      });

      it('when a column is missing or the layout is another version, then refused naming it, and the roll stays', async () => {
        const broken = brokenLayout(layout);
        await assert.rejects(importLayout(layout, { [layout.fileName]: broken.text }), (error: Error) => {
          assert.match(error.message, broken.says);
          assert.ok(!error.message.includes(layout.voters[0]!.last), 'no voter value in the message');
          return true;
        });
        assert.equal((await lookup(layout.state, layout.voters[0]!)).status, layout.voters[0]!.expect);
      });

      if (layout.statusColumn) {
        it('when a status code is one the reader does not know, then the import is refused naming the column and the line', async () => {
          const text = layoutText(layout, [{ ...layout.voters[0]!, id: 'ZZ1', code: 'ZZ' }]);
          const line = (layout.preamble?.length ?? 0) + (layout.header ? 2 : 1);
          await assert.rejects(importLayout(layout, { [layout.fileName]: text }), (error: Error) => {
            assert.match(error.message, new RegExp(`line ${line}: ${escape(layout.statusColumn)} is not one of the codes this reader knows`, 'i'));
            assert.ok(!error.message.includes(layout.voters[0]!.last));
            return true;
          });
        });
      }
    });
  }
});

const titleCase = (name: string) => name.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The layout with its status column gone (or its line another length, or another count of columns), and what the refusal must say. */
function brokenLayout(layout: StateLayout): { text: string; says: RegExp } {
  if (layout.fixed) {
    const text = layoutText(layout).replace(/ \r\n/g, '\r\n');
    return { text, says: new RegExp(`The first line is ${layout.fixed.length - 1} characters long; .* lines are 686 \\(686 characters\\), 680`) };
  }
  if (!layout.header) {
    // Three columns short: no version of any state (Pennsylvania's two differ by one, New York's by two).
    const dropped = { ...layout, columns: layout.columns.slice(0, -3) };
    const n = dropped.columns.length + (layout.trailingDelimiter ? 1 : 0);
    return { text: layoutText(dropped), says: new RegExp(`The first row has ${n} columns; .* has \\d+ \\(`) };
  }
  // The status column renamed; Minnesota's file has none, so its birth-year column.
  const renamed = layout.statusColumn || layout.columns.find((c) => /dobyear/i.test(c))!;
  const text = layoutText({ ...layout, columns: layout.columns.map((c) => (c === renamed ? `${c}_RENAMED` : c)) });
  return { text, says: new RegExp(`The header is not .*: missing columns: .*${escape(renamed)}`, 'i') };
}

describe('iowa', () => {
  const columns = [
    'REGN_NUM',
    'FIRST_NAME',
    'MIDDLE_NAME',
    'LAST_NAME',
    'NAME_SUFFIX',
    'EFF_REGN_DATE',
    'HOUSE_NUM',
    'STREET_NAME',
    'CITY',
    'STATE',
    'ZIP_CODE',
    'ZIP_PLUS',
    'MAILING_ADDRESS',
    'CITY',
    'STATE',
    'ZIP_CODE',
    'ZIP_PLUS',
    'VOTERSTATUS',
    'PARTY',
    'GENDER',
    'BIRTHDATE',
    'COUNTY',
  ];
  const row = (v: Voter) =>
    [
      v.id,
      v.first,
      '',
      v.last,
      '',
      '01/01/2010',
      '1',
      'FICTION ST',
      'DES MOINES',
      'IA',
      v.zip,
      '',
      'PO BOX 1',
      'AMES',
      'IA',
      '50010',
      '',
      v.code,
      'NP',
      'F',
      mdy(v.born),
      v.county ?? 'Polk',
    ].join(',');
  const voters: Voter[] = [
    { id: 'IA1', last: 'HAWKEYE', first: 'HATTIE', born: '1981-08-14', code: 'Active', expect: 'active', zip: '50309', county: 'Polk' },
    { id: 'IA2', last: 'CORNFIELD', first: 'CORA', born: '1951-08-14', code: 'Inactive', expect: 'inactive', zip: '50309' },
    { id: 'IA3', last: 'PENDING', first: 'PIA', born: '2001-08-14', code: 'Pending', expect: 'not_found', zip: '50309' },
  ];
  const layout = { state: 'IA', format: 'iowa', encoding: 'utf8' } as StateLayout;

  it('when later parts have no header, then they are read by Part 1’s; the residence’s ZIP is read, not the mailing address’s', async () => {
    const summary = await importLayout(layout, {
      'VoterDetails_ Part1 11-01-26-000001.csv': [columns.join(','), row(voters[0]!)].join('\r\n') + '\r\n',
      'VoterDetails_ Part2 11-01-26-000001.csv': [row(voters[1]!), row(voters[2]!)].join('\r\n') + '\r\n',
    });
    assert.equal(summary.parts, 2);
    assert.equal(summary.rowsLoaded, 2);
    assert.equal(summary.rowsLeftOut, 1);
    for (const v of voters) assert.equal((await lookup('IA', { ...v, first: v.first.toLowerCase(), last: v.last.toLowerCase() })).status, v.expect);
    assert.equal((await lookup('IA', voters[0]!)).county, 'Polk');
  });

  it('when Part 1 comes without its header, then refused naming the missing columns', async () => {
    await assert.rejects(
      importLayout(layout, { 'VoterDetails_ Part1.csv': `${row(voters[0]!)}\r\n` }),
      /The header is not that of Iowa's voter list: missing columns: REGN_NUM/,
    );
  });
});

describe('npm run import -- formats, and --state without --format', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], { encoding: 'utf8' });

  it('when formats is asked for, then every state’s reader with its birth-date kind and source', () => {
    const run = cli('formats');
    assert.equal(run.status, 0, run.stderr);
    for (const info of STATE_FORMATS) assert.ok(run.stdout.includes(info.format), info.format);
    assert.match(run.stdout, /^PA +pennsylvania +full date +the Pennsylvania Full Voter Export +states\.md, Pennsylvania/m);
    assert.match(run.stdout, /^MI +michigan +year /m);
  });

  it('when a state has no reader, then the usage error says why, and names csv with a mapping', () => {
    const run = cli('--state', 'WI', 'roll.txt');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^no reader for WI's file: The state's public voter file has no birth date, .*; give --format csv with a --mapping/);
  });
});

describe('a delivery with more than the voter file', () => {
  it('when history, code and count files come beside the voter files, then they are left out and the summary says so', async () => {
    const pa = STATE_LAYOUTS.find((l) => l.format === 'pennsylvania')!;
    const summary = await importLayout(pa, {
      [pa.fileName]: layoutText(pa),
      'ADAMS Election Map 20261101.txt': '"1"\t"2026 GENERAL"\r\n',
      'ADAMS Zone Codes 20261101.txt': '"1"\t"SD"\r\n',
    });
    assert.equal(summary.parts, 1);
    assert.ok(summary.notes.some((note) => /Left out .*ADAMS Election Map 20261101\.txt: a county's election map/.test(note)));
    const ok = STATE_LAYOUTS.find((l) => l.format === 'oklahoma')!;
    await assert.rejects(
      importLayout(ok, { 'CTY55_vh.csv': 'VoterID,ElectionDate\r\n' }),
      /None of the files is oklahoma's voter file: Left out .*CTY55_vh\.csv/,
    );
  });
});
