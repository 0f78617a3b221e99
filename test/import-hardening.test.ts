import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yazl from 'yazl';
import { importRoll, type ImportOptions } from '../src/roll/import.ts';
import { ncvoterHeader, ncvoterLine, type SyntheticVoter, syntheticVoters, writeNcvoterFile } from '../tools/ncvoter-synthetic.ts';
import { recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { withTempDir } from './helpers/rolls.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

const load = (options: Omit<ImportOptions, 'databaseUrl' | 'state' | 'format'>) =>
  importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', allowShrink: true, allowOlder: true, ...options });

const VOTERS: SyntheticVoter[] = [
  { ncid: 'H1', lastName: 'HARDY', firstName: 'HAL', birthYear: 1960 },
  { ncid: 'H2', lastName: 'QUIXOTEWELL', firstName: 'ZENOBIA', birthYear: 1961 },
  { ncid: 'H3', lastName: 'STONE', firstName: 'SAL', birthYear: 1962 },
];

async function liveSnapshot(): Promise<number | undefined> {
  const [row] = await db.knex('roll_snapshot').where({ state: 'NC', lifecycle: 'live' }).select<{ id: number }[]>('id');
  return row?.id;
}

async function writeZip(path: string, entries: Record<string, Buffer>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of Object.entries(entries)) zip.addBuffer(bytes, name);
  zip.end();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
}

describe('imports that cannot be turned against the database', () => {
  it('when a field holds a NUL or another control character, then that row is refused by its line, without its values, and the live roll stays', async () => {
    recordSent(['Zenobia', 'Quixotewell']);
    await withTempDir(async (dir) => {
      const good = join(dir, 'good.txt');
      await writeNcvoterFile(good, VOTERS);
      await load({ files: [good], asOf: '2026-10-01' });
      const live = await liveSnapshot();
      const bad = join(dir, 'bad.txt');
      const lines = [ncvoterHeader(), ...VOTERS.map((v) => ncvoterLine(v))];
      lines[2] = lines[2]!.replace('QUIXOTEWELL', 'QUIXOTE\u0000WELL');
      writeFileSync(bad, Buffer.from(lines.join(''), 'latin1'));
      await assert.rejects(load({ files: [bad], asOf: '2026-10-02' }), (error: Error) => {
        assert.match(error.message, /line 3: a control character in lastName/);
        assert.ok(!/QUIXOTE|ZENOBIA/i.test(error.message), error.message);
        return true;
      });
      assert.equal(await liveSnapshot(), live);
    });
  });

  it('when a zip entry expands past the byte limit (a zip bomb), then it is refused while streaming, before it is read to the end', async () => {
    await withTempDir(async (dir) => {
      const bomb = join(dir, 'bomb.zip');
      const header = Buffer.from(ncvoterHeader(), 'latin1');
      await writeZip(bomb, { 'ncvoter.txt': Buffer.concat([header, Buffer.alloc(64 * 2 ** 20, 0x41)]) });
      const started = Date.now();
      await assert.rejects(load({ files: [bomb], maxBytes: 1 << 20 }), /more than 1048576 bytes of text.*--max-bytes/);
      assert.ok(Date.now() - started < 10_000);
    });
  });

  it('when a file holds more rows than the limit, then it is refused naming --max-rows', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'many.txt');
      await writeNcvoterFile(file, syntheticVoters(500, 3));
      await assert.rejects(load({ files: [file], maxRows: 100 }), /more than 100 rows.*--max-rows/);
    });
  });

  it('when a zip entry is damaged, then it is refused naming the entry, not with a stack', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'roll.zip');
      const rows = Buffer.from(ncvoterHeader() + [...syntheticVoters(2000, 4)].map((v) => ncvoterLine(v)).join(''), 'latin1');
      await writeZip(file, { 'ncvoter.txt': rows });
      const bytes = readFileSync(file);
      for (let i = 200; i < 260; i += 1) bytes[i] = bytes[i]! ^ 0xff;
      writeFileSync(file, bytes);
      await assert.rejects(load({ files: [file] }), /roll\.zip:ncvoter\.txt is a damaged zip entry/);
    });
  });

  it('when a folder holds a symbolic link and hidden files and folders, then they are left out and the summary says so', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'delivery');
      mkdirSync(join(folder, '.cache'), { recursive: true });
      await writeNcvoterFile(join(folder, 'ncvoter.txt'), VOTERS);
      await writeNcvoterFile(join(folder, '.cache', 'old.txt'), [{ ncid: 'X1', lastName: 'OLD', firstName: 'ONE', birthYear: 1950 }]);
      writeFileSync(join(folder, '.DS_Store'), 'x');
      const elsewhere = join(dir, 'elsewhere.txt');
      await writeNcvoterFile(elsewhere, [{ ncid: 'X2', lastName: 'LINKED', firstName: 'TWO', birthYear: 1951 }]);
      symlinkSync(elsewhere, join(folder, 'linked.txt'));
      const summary = await load({ files: [folder] });
      assert.equal(summary.rowsLoaded, 3);
      const note = summary.notes.find((n) => n.startsWith('Left out of the folder'));
      assert.ok(note, summary.notes.join(' | '));
      assert.match(note, /\.cache \(hidden\)/);
      assert.match(note, /\.DS_Store \(hidden\)/);
      assert.match(note, /linked\.txt \(a symbolic link\)/);
    });
  });

  it('when a file comes without its header row, then the refusal counts the first row’s known column names and never quotes its values', async () => {
    recordSent(['Zenobia', 'Quixotewell']);
    await withTempDir(async (dir) => {
      const file = join(dir, 'headless.txt');
      writeFileSync(file, Buffer.from(VOTERS.map((v) => ncvoterLine(v)).join(''), 'latin1'));
      await assert.rejects(load({ files: [file] }), (error: Error) => {
        assert.match(error.message, /first row is not a ncvoter header: 0 of its \d+ values are ncvoter column names/);
        assert.ok(!/HARDY|HAL\b|QUIXOTE|1960/.test(error.message), error.message);
        return true;
      });
    });
  });
});
