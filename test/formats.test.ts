import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import yazl from 'yazl';
import { parseCsvMapping } from '../src/roll/formats/csv-mapping.ts';
import { missouri } from '../src/roll/formats/states/missouri.ts';
import { type ImportOptions, importRoll } from '../src/roll/import.ts';
import { useDatabaseAndApp } from './helpers/app.ts';
import { withTempDir } from './helpers/rolls.ts';
import { floridaText, missouriText, ohioText, type StatePerson, writeText } from './helpers/state-files.ts';

const ctx = useDatabaseAndApp();

async function answer(state: string, firstName: string, lastName: string, dateOfBirth: string, extra: Record<string, string> = {}) {
  const res = await request(ctx.app)
    .post('/v1/lookup')
    .send({ state, firstName, lastName, dateOfBirth, ...extra });
  assert.equal(res.status, 200, res.text);
  return res.body as { status: string; county: string | null; dataAsOf: string | null };
}

const load = (options: Omit<ImportOptions, 'databaseUrl'>) => importRoll({ databaseUrl: ctx.db.url, allowShrink: true, ...options });

async function writeZip(path: string, entries: Record<string, string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text, 'latin1'), name);
  zip.end();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
}

describe('ohio-swvf', () => {
  const people: StatePerson[] = [
    { id: 'OH0000000001', last: 'BUCKEYE', first: 'BRUTUS', born: '1978-04-02', status: 'ACTIVE', county: '25' },
    { id: 'OH0000000002', last: 'QUOTE, JR', first: 'ANNA "ANN"', born: '1990-12-31', status: 'CONFIRMATION', county: '18' },
  ];
  it('when four part files with election columns are loaded together, then one roll with full birth dates', async () => {
    await withTempDir(async (dir) => {
      const parts = ['SWVF_1_22.txt', 'SWVF_23_44.txt', 'SWVF_45_66.txt', 'SWVF_67_88.txt'].map((name) => join(dir, name));
      writeText(parts[0]!, ohioText([people[0]!]));
      writeText(parts[1]!, ohioText([people[1]!]));
      writeText(parts[2]!, ohioText([{ ...people[0]!, id: 'OH0000000003', first: 'THIRD' }]));
      writeText(parts[3]!, ohioText([{ ...people[0]!, id: 'OH0000000004', first: 'FOURTH' }], '|'));
      const summary = await load({ state: 'OH', format: 'ohio-swvf', files: parts, asOf: '2026-11-01' });
      assert.equal(summary.parts, 4);
      assert.equal(summary.rowsLoaded, 4);
      assert.deepEqual(summary.statusCounts, { active: 3, inactive: 1 });
    });
    const found = await answer('OH', 'Brutus', 'Buckeye', '1978-04-02');
    assert.equal(found.status, 'active');
    assert.equal(found.county, 'Franklin');
    assert.equal((await answer('OH', 'Brutus', 'Buckeye', '1978-04-03')).status, 'not_found', 'Ohio has the full date');
    assert.equal((await answer('OH', 'Fourth', 'Buckeye', '1978-04-02')).status, 'active', 'a pipe-delimited part');
    const confirmation = await answer('OH', 'Anna "Ann"', 'Quote Jr', '1990-12-31');
    assert.equal(confirmation.status, 'inactive');
  });
  it('when a fixed column is missing, then refused naming it', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'SWVF.txt');
      writeText(file, ohioText(people).replace('"VOTER_STATUS"', '"VOTER_STATE"'));
      await assert.rejects(
        load({ state: 'OH', format: 'ohio-swvf', files: [file] }),
        /The header is not that of Ohio's Statewide Voter File \(SWVF\): missing columns: VOTER_STATUS$/,
      );
    });
  });
});

describe('florida-extract', () => {
  const county = (code: string, people: StatePerson[]) => floridaText(people.map((p) => ({ ...p, county: code })));
  const ala: StatePerson[] = [
    { id: '100000001', last: 'GATOR', first: 'ALBERT', born: '1985-07-04', status: 'ACT' },
    { id: '100000002', last: 'YOUNG', first: 'PRESTON', born: '2009-02-01', status: 'PRE' },
    { id: '100000003', last: 'HIDDEN', first: 'HARPER', born: '1970-01-01', status: 'ACT', exempt: true },
    { id: '100000004', last: '', first: '', born: '', status: 'ACT', exempt: true },
  ];
  const dad: StatePerson[] = [{ id: '200000001', last: 'PEÑA', first: 'INÉS', born: '1960-03-03', status: 'INA' }];

  it('when a folder of county files is loaded, then one statewide roll; PRE is preregistered; exempt records are invisible', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'Voter_Registration_20261031');
      mkdirSync(join(folder, 'extra'), { recursive: true });
      writeText(join(folder, 'ALA_20261031.txt'), county('ALA', ala));
      writeText(join(folder, 'extra', 'DAD_20261031.txt'), county('DAD', dad));
      const summary = await load({ state: 'FL', format: 'florida-extract', files: [folder] });
      assert.equal(summary.asOf, '2026-10-31', 'the date in the file names');
      assert.equal(summary.rowsLoaded, 4);
      assert.equal(summary.rowsWithheld, 1);
      assert.deepEqual(summary.statusCounts, { active: 2, preregistered: 1, inactive: 1 });
    });
    const preregistered = await request(ctx.app).post('/v1/lookup').send({ state: 'FL', firstName: 'Preston', lastName: 'Young', dateOfBirth: '2009-02-01' });
    assert.equal(preregistered.body.status, 'preregistered');
    assert.equal(preregistered.body.registered, false);
    assert.equal((await answer('FL', 'Harper', 'Hidden', '1970-01-01')).status, 'not_found');
    const accented = await answer('FL', 'Ines', 'Pena', '1960-03-03');
    assert.equal(accented.status, 'inactive');
    assert.equal(accented.county, 'Miami-Dade');
  });
  it('when a zip of county files, or several files, are loaded, then the same roll', async () => {
    await withTempDir(async (dir) => {
      const zip = join(dir, 'Voter_Registration_20261107.zip');
      await writeZip(zip, { 'ALA_20261107.txt': county('ALA', ala), 'DAD_20261107.txt': county('DAD', dad), '__MACOSX/._ALA': 'junk' });
      const fromZip = await load({ state: 'FL', format: 'florida-extract', files: [zip] });
      assert.equal(fromZip.parts, 2);
      assert.equal(fromZip.rowsLoaded, 4);
      assert.equal(fromZip.asOf, '2026-11-07');
      writeText(join(dir, 'ALA.txt'), county('ALA', ala));
      writeText(join(dir, 'DAD.txt'), county('DAD', dad));
      const fromFiles = await load({ state: 'FL', format: 'florida-extract', files: [join(dir, 'ALA.txt'), join(dir, 'DAD.txt')], asOf: '2026-11-08' });
      assert.equal(fromFiles.rowsLoaded, 4);
    });
    assert.equal((await answer('FL', 'Albert', 'Gator', '1985-07-04')).dataAsOf, '2026-11-08');
  });
  it('when a birth date is masked or a row has the wrong field count, then those rows are refused by line', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'ALA.txt');
      const masked = floridaText([{ id: '9', last: 'MASKED', first: 'MAX', born: '##/##/####', status: 'ACT' }]);
      writeText(file, county('ALA', ala) + masked + 'too\tfew\n');
      const summary = await load({ state: 'FL', format: 'florida-extract', files: [file], maxRefusedShare: 0.5 });
      assert.deepEqual(summary.refusedSamples, [
        { line: 5, problem: 'Birth_Date is masked' },
        { line: 6, problem: 'has 2 fields, expected 38' },
      ]);
    });
  });
});

describe('missouri', () => {
  const people: StatePerson[] = [
    { id: 'MO1', last: 'SHOWME', first: 'SAM', born: '1980-08-10', status: 'Active', county: 'Kansas City' },
    { id: 'MO2', last: 'SHOWME', first: 'SUE', born: '1982-09-11', status: 'Inactive', county: 'St. Louis County' },
  ];
  it('when the file has Voter Status, then Active and Inactive are mapped and the election authority is the county', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'PSR_VotersList_04022018.txt');
      writeText(file, missouriText(people, true));
      const summary = await load({ state: 'MO', format: 'missouri', files: [file] });
      assert.equal(summary.asOf, '2018-04-02');
      assert.deepEqual(summary.statusCounts, { active: 1, inactive: 1 });
      assert.deepEqual(summary.notes, []);
    });
    const sam = await answer('MO', 'Sam', 'Showme', '1980-08-10');
    assert.equal(sam.status, 'active');
    assert.equal(sam.county, 'Kansas City');
    assert.equal((await answer('MO', 'Sue', 'Showme', '1982-09-11', { county: 'St. Louis' })).status, 'inactive');
  });
  it('when the file has no Voter Status column, then every listed voter is active and the summary says so', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'PSR_VotersList.txt');
      writeText(file, missouriText(people, false));
      const summary = await load({ state: 'MO', format: 'missouri', files: [file], asOf: '2026-11-01' });
      assert.deepEqual(summary.statusCounts, { active: 2 });
      assert.deepEqual(summary.notes, ['absent' in missouri.status ? missouri.status.absent?.note : '']);
    });
    assert.equal((await answer('MO', 'Sue', 'Showme', '1982-09-11')).status, 'active');
  });
});

describe('csv with a mapping file', () => {
  it('when the worked example of docs/IMPORT-CSV.md is imported, then it answers as the doc says', async () => {
    const mapping = parseCsvMapping(JSON.parse(readFileSync('docs/examples/laramie-county.mapping.json', 'utf8')));
    const summary = await load({ state: 'WY', format: 'csv', mapping, files: ['docs/examples/laramie-county.csv'], asOf: '2026-11-01' });
    assert.equal(summary.rowsLoaded, 4);
    assert.deepEqual(summary.statusCounts, { active: 2, removed: 1, inactive: 1 });
    assert.equal((await answer('WY', 'Molly', 'Mountain', '1975-02-14')).county, 'Laramie');
    assert.equal((await answer('WY', 'Molly', 'Mountain', '1975-02-14')).status, 'active');
    assert.equal((await answer('WY', 'Max', 'Mountain', '1975-02-14')).status, 'removed');
    assert.equal((await answer('WY', 'Paz', 'Prairie', '1990-11-30')).status, 'inactive');
    assert.equal((await answer('WY', 'Sam', 'Secret', '1960-01-01')).status, 'not_found');
  });
  it('when a file has no header, then columns are positions; with no status column, the default status', async () => {
    const mapping = parseCsvMapping({
      header: false,
      delimiter: '\t',
      dateFormat: 'YYYYMMDD',
      columns: { voterId: 1, lastName: 2, firstName: 3, birthDate: 4 },
      defaultStatus: 'active',
    });
    await withTempDir(async (dir) => {
      const file = join(dir, 'noheader.tsv');
      writeText(file, 'V1\tPrairie\tPete\t19700101\n');
      assert.equal((await load({ state: 'KS', format: 'csv', mapping, files: [file] })).rowsLoaded, 1);
    });
    assert.equal((await answer('KS', 'Pete', 'Prairie', '1970-01-01')).status, 'active');
  });
  it('when the mapping names another quote character, then values are unquoted with it', async () => {
    const mapping = parseCsvMapping({
      quote: "'",
      dateFormat: 'YYYY-MM-DD',
      columns: { voterId: 'id', lastName: 'last', firstName: 'first', birthDate: 'born' },
      defaultStatus: 'active',
    });
    await withTempDir(async (dir) => {
      const file = join(dir, 'single-quoted.csv');
      writeText(file, "id,last,first,born\n'V7','Plains, Jr','Paula','1971-07-07'\n");
      const summary = await load({ state: 'NE', format: 'csv', mapping, files: [file] });
      assert.deepEqual([summary.rowsLoaded, summary.rowsRefused], [1, 0]);
    });
    assert.equal((await answer('NE', 'Paula', 'Plains', '1971-07-07', { suffix: 'Jr' })).status, 'active');
  });
  it('when the mapping is wrong, then it is refused naming the field', () => {
    assert.throws(
      () => parseCsvMapping({ columns: { voterId: 'id', lastName: 'l', firstName: 'f' }, defaultStatus: 'active' }),
      /columns\.birthDate: columns needs birthDate or birthYear/,
    );
    assert.throws(() => parseCsvMapping({ columns: { voterId: 'id', lastName: 'l', firstName: 'f', birthYear: 'y', status: 's' } }), /statuses/);
    assert.throws(
      () => parseCsvMapping({ columns: { voterId: 'id', lastName: 'l', firstName: 'f', birthYear: 'y' }, defaultStatus: 'voting' }),
      /defaultStatus/,
    );
  });
});

describe('input', () => {
  it('when the roll comes on standard input, plain or gzipped, then it loads', async () => {
    const people: StatePerson[] = [{ id: 'S1', last: 'STDIN', first: 'STELLA', born: '1991-01-01', status: 'ACTIVE' }];
    const text = ohioText(people);
    const plain = await load({ state: 'OH', format: 'ohio-swvf', files: ['-'], stdin: Readable.from([Buffer.from(text, 'latin1')]), asOf: '2026-11-02' });
    assert.equal(plain.rowsLoaded, 1);
    const gz = await load({
      state: 'OH',
      format: 'ohio-swvf',
      files: ['-'],
      stdin: Readable.from([gzipSync(Buffer.from(text, 'latin1'))]),
      asOf: '2026-11-03',
    });
    assert.equal(gz.rowsLoaded, 1);
    assert.equal((await answer('OH', 'Stella', 'Stdin', '1991-01-01')).dataAsOf, '2026-11-03');
  });
  it('when a file is UTF-8, then it is detected; when latin-1, then read as latin-1', async () => {
    const people: StatePerson[] = [{ id: 'U1', last: 'MÜLLER', first: 'JOSÉ', born: '1992-02-02', status: 'ACTIVE' }];
    await withTempDir(async (dir) => {
      writeText(join(dir, 'utf8.txt'), ohioText(people), 'utf8');
      await load({ state: 'OH', format: 'ohio-swvf', files: [join(dir, 'utf8.txt')], asOf: '2026-11-04' });
      assert.equal((await answer('OH', 'José', 'Müller', '1992-02-02')).status, 'active');
      writeText(join(dir, 'latin1.txt'), ohioText([{ ...people[0]!, last: 'GÓMEZ' }]), 'latin1');
      await load({ state: 'OH', format: 'ohio-swvf', files: [join(dir, 'latin1.txt')], asOf: '2026-11-05' });
      assert.equal((await answer('OH', 'José', 'Gómez', '1992-02-02')).status, 'active');
    });
  });
  it('when a state format is loaded as another state, then refused', async () => {
    await assert.rejects(load({ state: 'TX', format: 'ohio-swvf', files: ['-'], stdin: Readable.from([]) }), /Ohio|OH/);
  });
  it('when a .gz is damaged, then refused by name and nothing changes', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'SWVF.txt.gz');
      const gz = gzipSync(Buffer.from(ohioText([{ id: 'G1', last: 'GZ', first: 'GARY', born: '1990-01-01', status: 'ACTIVE' }]).repeat(1)));
      writeText(file, gz.subarray(0, gz.length - 12).toString('latin1') + 'garbage!', 'latin1');
      await assert.rejects(load({ state: 'OH', format: 'ohio-swvf', files: [file] }), /damaged/);
    });
  });
});
