import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { createGzip } from 'node:zlib';
import type { Express } from 'express';
import request from 'supertest';
import { nameKey, normalizeName } from '../src/lookup/normalize.ts';
import { northCarolina } from '../src/roll/formats/ncvoter.ts';
import { LAYOUT_2026, NCVOTER_LAYOUTS } from '../src/roll/formats/ncvoter.ts';
import { importRoll } from '../src/roll/import.ts';
import { ncvoterHeader, ncvoterLine, type SyntheticVoter, syntheticVoters, writeNcvoterFile } from '../tools/ncvoter-synthetic.ts';
import { buildTestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters, withTempDir } from './helpers/rolls.ts';
import { eventually } from './helpers/wait.ts';

let db: TestDatabase;
let app: Express;

const JANE: SyntheticVoter = { ncid: 'I0001', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 };
const OLD_ONLY: SyntheticVoter = { ncid: 'I0002', lastName: 'OLDROLL', firstName: 'OTTO', birthYear: 1970 };
const NEW_ONLY: SyntheticVoter = { ncid: 'I0003', lastName: 'NEWROLL', firstName: 'NINA', birthYear: 1971 };

/** North Carolina publishes birth years only, so a status needs the ZIP too (the writer's default is 27601). */
async function statusOf(firstName: string, lastName: string, dateOfBirth: string, zip = '27601'): Promise<string> {
  const res = await request(app).post('/v1/lookup').send({ state: 'NC', firstName, lastName, dateOfBirth, zip });
  return res.body.status;
}

async function snapshotRows() {
  return db.knex('roll_snapshot').where({ state: 'NC' }).orderBy('id').select('id', 'lifecycle', 'rows_loaded');
}

async function snapshotTables(): Promise<string[]> {
  const { rows } = await db.knex.raw<{ rows: { relname: string }[] }>(
    `SELECT relname FROM pg_class WHERE relname LIKE 'voter_snapshot_%' AND relkind = 'r' ORDER BY relname`,
  );
  return rows.map((r) => r.relname);
}

/** Hand-made file text, for the broken files no generator would write. */
function writeLatin1(path: string, text: string): void {
  writeFileSync(path, Buffer.from(text, 'latin1'));
}

before(async () => {
  db = await createTestDatabase();
  app = await buildTestApp(db.knex);
  await importNcVoters(db.url, [JANE, OLD_ONLY], '2026-11-01');
});
after(async () => {
  await db.drop();
});

describe('importing a North Carolina roll', () => {
  it('when a new roll is imported, then it answers and the previous one is retired', async () => {
    assert.equal(await statusOf('Otto', 'Oldroll', '1970-01-01'), 'active');
    const summary = await importNcVoters(db.url, [JANE, NEW_ONLY], '2026-11-08');
    assert.equal(summary.rowsLoaded, 2);
    assert.equal(await statusOf('Nina', 'Newroll', '1971-01-01'), 'active');
    assert.equal(await statusOf('Otto', 'Oldroll', '1970-01-01'), 'not_found');
    const live = await db.knex('roll_snapshot').where({ state: 'NC', lifecycle: 'live' });
    assert.equal(live.length, 1);
    assert.equal(live[0].id, summary.snapshotId);
    assert.equal((await request(app).get('/v1/states/NC')).body.roll.dataAsOf, '2026-11-08');
  });

  it('when the header is not an ncvoter layout, then refused naming the columns, and the live roll still answers', async () => {
    const before = await snapshotRows();
    await withTempDir(async (dir) => {
      const file = join(dir, 'bad_header.txt');
      const header = LAYOUT_2026.filter((c) => c !== 'ncid').concat('shoe_size');
      writeLatin1(file, header.join('\t') + '\n' + ncvoterLine(NEW_ONLY, header));
      await assert.rejects(
        importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-09' }),
        /missing columns: ncid; unknown columns: shoe_size/,
      );
    });
    assert.deepEqual(await snapshotRows(), before);
    assert.equal(await statusOf('Nina', 'Newroll', '1971-01-01'), 'active');
  });

  it('when too many rows are broken, then refused with their line numbers, and nothing changes', async () => {
    const before = await snapshotRows();
    const tables = await snapshotTables();
    await withTempDir(async (dir) => {
      const file = join(dir, 'broken_rows.txt');
      const good = ncvoterLine({ ...NEW_ONLY, lastName: 'REPLACED' });
      const badYear = ncvoterLine({ ...JANE, ncid: 'I0009', birthYear: '19X5' });
      const short = 'only\tthree\tfields\n';
      writeLatin1(file, ncvoterHeader() + good + badYear + short);
      await assert.rejects(
        importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-09' }),
        (error: Error) => /2 of 3 rows/.test(error.message) && /line 3: birth_year/.test(error.message) && /line 4: has 3 fields/.test(error.message),
      );
    });
    assert.deepEqual(await snapshotRows(), before);
    assert.deepEqual(await snapshotTables(), tables);
    assert.equal(await statusOf('Nina', 'Replaced', '1971-01-01'), 'not_found');
    assert.equal(await statusOf('Nina', 'Newroll', '1971-01-01'), 'active');
  });

  it('when broken rows stay under the threshold, then the roll loads and reports them', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'few_broken.txt');
      writeLatin1(file, ncvoterHeader() + ncvoterLine(JANE) + ncvoterLine(NEW_ONLY) + ncvoterLine({ ...OLD_ONLY, status: 'Q' as 'A' }));
      const summary = await importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-10', maxRefusedShare: 0.5 });
      assert.equal(summary.rowsRead, 3);
      assert.equal(summary.rowsLoaded, 2);
      assert.equal(summary.rowsRefused, 1);
      assert.deepEqual(summary.refusedSamples, [{ line: 4, problem: 'status_cd is not one of the codes this reader knows (A, D, I, R, S)' }]);
      assert.deepEqual(summary.statusCounts, { active: 2 });
    });
  });

  it('when an ncid appears twice, then refused and nothing changes', async () => {
    const before = await snapshotRows();
    await assert.rejects(importNcVoters(db.url, [JANE, { ...JANE, firstName: 'JUNE' }]), /same voter id/);
    assert.deepEqual(await snapshotRows(), before);
  });

  it('when the file is latin-1 with CRLF line ends and quoted values, then names are stored as UTF-8', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'latin1.txt');
      const line = ncvoterLine({ ncid: 'I0100', lastName: 'PEÑA', firstName: 'RENÉE', birthYear: 1990 }).replace('\tPEÑA\t', '\t"PEÑA"\t');
      writeLatin1(file, ncvoterHeader() + line + ncvoterLine(JANE));
      await importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-11' });
    });
    assert.equal(await statusOf('Renée', 'Peña', '1990-01-01'), 'active');
    assert.equal(await statusOf('Renee', 'Pena', '1990-01-01'), 'active');
  });

  it('when every value is quoted, as NCSBE may write its file, with a quote inside one, then it loads the same', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'quoted.txt');
      const nickname = ncvoterLine({ ncid: 'I0101', lastName: 'NICK', firstName: 'ANNA', birthYear: 1991 }, LAYOUT_2026, true).replace(
        '"ANNA"',
        '"ANNA ""ANN"""',
      );
      writeLatin1(file, ncvoterHeader(LAYOUT_2026, true) + ncvoterLine(JANE, LAYOUT_2026, true) + nickname + ncvoterLine(NEW_ONLY, LAYOUT_2026, true));
      const summary = await importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-11' });
      assert.deepEqual([summary.rowsLoaded, summary.rowsRefused], [3, 0]);
    });
    assert.equal(await statusOf('Jane', 'Doe', '1985-01-01'), 'active');
    assert.equal(await statusOf('Nina', 'Newroll', '1971-01-01'), 'active');
    const { rows } = await db.knex.raw<{ rows: { first_name_key: string }[] }>(`SELECT first_name_key FROM voter WHERE voter_id = 'I0101'`);
    assert.deepEqual(
      rows.map((r) => r.first_name_key),
      [nameKey(normalizeName('ANNA "ANN"'))],
    );
  });

  it('when the file is gzipped, then it loads the same', async () => {
    await withTempDir(async (dir) => {
      const plain = join(dir, 'ncvoter.txt');
      await writeNcvoterFile(plain, [JANE, NEW_ONLY, OLD_ONLY]);
      await pipeline(createReadStream(plain), createGzip(), createWriteStream(`${plain}.gz`));
      const summary = await importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [`${plain}.gz`], asOf: '2026-11-12' });
      assert.equal(summary.rowsLoaded, 3);
    });
    assert.equal(await statusOf('Otto', 'Oldroll', '1970-01-01'), 'active');
  });

  it('when many rolls have been loaded, then only the newest three snapshots and their tables are kept', async () => {
    await importNcVoters(db.url, [JANE], '2026-11-13', { allowShrink: true });
    const rows = await snapshotRows();
    assert.equal(rows.length, 3);
    assert.deepEqual(
      rows.map((r) => r.lifecycle),
      ['retired', 'retired', 'live'],
    );
    assert.deepEqual(await snapshotTables(), rows.map((r) => `voter_snapshot_${r.id}`).sort());
  });
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], {
    env: { ...process.env, DATABASE_URL: db.url },
    encoding: 'utf8',
  });

describe('npm run import', () => {
  it('when the file is good, then exit 0 with a summary', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'ncvoter.txt');
      await writeNcvoterFile(file, [JANE, NEW_ONLY, { ...OLD_ONLY, status: 'R' }]);
      const run = cli(['--state', 'nc', '--format', 'ncvoter', '--as-of', '2026-11-14', file]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /rows read 3, loaded 3, refused 0/);
      assert.match(run.stdout, /active 2, removed 1/);
    });
  });

  it('when the file is refused, then a non-zero exit and a message naming the problem', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'bad.txt');
      writeLatin1(file, 'ncid\tlast_name\nX\tY\n');
      const run = cli(['--state', 'NC', '--format', 'ncvoter', file]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /Import refused, nothing changed: .*missing columns: county_id/);
    });
  });

  it('when the command line is wrong, then exit 2 with the usage', () => {
    const run = cli(['--state', 'NC', '--format', 'nope', 'file.txt']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--format must be one of: ncvoter/);
    assert.match(run.stderr, /Usage:/);
  });
});

describe('every ncvoter layout since 2020', () => {
  it('when a 2022 (67-column) or 2020 (71-column) file is loaded, then its voters answer', async () => {
    for (const [label, layout] of Object.entries(NCVOTER_LAYOUTS)) {
      await withTempDir(async (dir) => {
        const file = join(dir, 'ncvoter.txt');
        const header = layout.map((c) => ({ middle_name: 'midl_name', name_suffix_lbl: 'name_sufx_cd' })[c as 'middle_name'] ?? c);
        await writeNcvoterFile(file, [JANE, NEW_ONLY, { ...OLD_ONLY, countyId: '00', county: '' }], layout);
        writeLatin1(file, header.join('\t') + '\r\n' + readFileSync(file, 'latin1').split('\r\n').slice(1).join('\r\n'));
        const summary = await importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-16', allowShrink: true });
        assert.equal(summary.rowsLoaded, 3, label);
      });
      assert.equal(await statusOf('Nina', 'Newroll', '1971-01-01'), 'active', label);
      const yancey = await request(app)
        .post('/v1/lookup')
        .send({ state: 'NC', firstName: 'Otto', lastName: 'Oldroll', dateOfBirth: '1970-01-01', zip: '27601' });
      assert.equal(yancey.body.county, 'Yancey', `${label}: county 00 with a blank name is Yancey`);
    }
  });

  it('when registr_dt is masked (XX-XX-XXXX, ##/##/####) or codes are blank, then the rows still load', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'masked.txt');
      const lines = [JANE, NEW_ONLY]
        .map((v) => ncvoterLine({ ...v, reason: '' }))
        .map((line, i) => line.replace('01/15/2010', i ? '##/##/####' : 'XX-XX-XXXX'));
      writeLatin1(file, ncvoterHeader() + lines.join(''));
      const summary = await importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-17', allowShrink: true });
      assert.equal(summary.rowsLoaded, 2);
    });
  });
});

describe('all-or-nothing', () => {
  it('when a roll has fewer than 90% of the live voters, then refused unless --allow-shrink', async () => {
    const base = [...syntheticVoters(100, 11)];
    await importNcVoters(db.url, base, '2026-11-18', { allowShrink: true });
    const before = await snapshotRows();
    await assert.rejects(importNcVoters(db.url, base.slice(0, 89), '2026-11-19'), /fewer than 90% of the live roll's 100.*--allow-shrink/);
    assert.deepEqual(await snapshotRows(), before);
    assert.equal((await importNcVoters(db.url, base.slice(0, 90), '2026-11-19')).rowsLoaded, 90);
    assert.equal((await importNcVoters(db.url, base.slice(0, 10), '2026-11-20', { allowShrink: true })).rowsLoaded, 10);
  });

  it('when rolled back from the command line, then the previous snapshot answers again; list shows them', async () => {
    await importNcVoters(db.url, [JANE, OLD_ONLY], '2026-11-21', { allowShrink: true });
    await importNcVoters(db.url, [JANE, NEW_ONLY], '2026-11-22');
    assert.equal(await statusOf('Otto', 'Oldroll', '1970-01-01'), 'not_found');
    const rollback = cli(['rollback', '--state', 'NC']);
    assert.equal(rollback.status, 0, rollback.stderr);
    assert.match(rollback.stdout, /as of 2026-11-21\) is live again/);
    assert.equal(await statusOf('Otto', 'Oldroll', '1970-01-01'), 'active');
    assert.equal((await request(app).get('/v1/states/NC')).body.roll.dataAsOf, '2026-11-21');
    const list = cli(['list', '--state', 'NC']);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /live/);
    assert.match(list.stdout, /retired/);
    assert.match(list.stdout, /2026-11-22/);
  });

  it('when rolled back twice around a later import, then each rollback returns to what was live before, never to a roll that was rolled away from', async () => {
    await importNcVoters(db.url, [JANE, OLD_ONLY], '2026-11-24', { allowShrink: true });
    await importNcVoters(db.url, [JANE, NEW_ONLY], '2026-11-25');
    assert.equal(cli(['rollback', '--state', 'NC']).status, 0);
    assert.equal((await request(app).get('/v1/states/NC')).body.roll.dataAsOf, '2026-11-24');
    await importNcVoters(db.url, [JANE, OLD_ONLY], '2026-11-26');
    const again = cli(['rollback', '--state', 'NC']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /as of 2026-11-24\) is live again/, 'not the 2026-11-25 roll, which was rolled away from');
    assert.equal(await statusOf('Nina', 'Newroll', '1971-01-01'), 'not_found');
  });

  it('when a roll is dated before the live one, then it is refused unless --allow-older, and the live roll still answers', async () => {
    await assert.rejects(
      importNcVoters(db.url, [JANE, NEW_ONLY], '2026-11-20', { allowShrink: true }),
      /dated 2026-11-20, before the live roll of 2026-11-24.*--allow-older/,
    );
    assert.equal((await request(app).get('/v1/states/NC')).body.roll.dataAsOf, '2026-11-24');
    await withTempDir(async (dir) => {
      const file = join(dir, 'ncvoter_old.txt');
      await writeNcvoterFile(file, [JANE, NEW_ONLY]);
      const refused = cli(['--state', 'NC', '--format', 'ncvoter', '--as-of', '2026-11-20', '--allow-shrink', file]);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /Import refused, nothing changed: .*--allow-older/);
      const loaded = cli(['--state', 'NC', '--format', 'ncvoter', '--as-of', '2026-11-20', '--allow-shrink', '--allow-older', file]);
      assert.equal(loaded.status, 0, loaded.stderr);
    });
    assert.equal((await request(app).get('/v1/states/NC')).body.roll.dataAsOf, '2026-11-20');
  });

  it('when an import is killed with kill -9 half way, then the live roll answers, and the next import cleans up', async () => {
    await importNcVoters(db.url, [JANE, OLD_ONLY, NEW_ONLY], '2026-11-23', { allowShrink: true });
    const live = await snapshotRows();
    const tables = await snapshotTables();
    await withTempDir(async (dir) => {
      const file = join(dir, 'ncvoter_big.txt');
      await writeNcvoterFile(file, syntheticVoters(300_000, 5));
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', '--state', 'NC', '--format', 'ncvoter', file], {
        env: { ...process.env, DATABASE_URL: db.url },
        stdio: 'ignore',
      });
      // Wait until the import is loading rows into its snapshot, then kill it.
      // Half way: its COPY is streaming rows into the new snapshot (uncommitted, so counted by the COPY itself).
      await eventually(
        'the import is copying rows',
        () =>
          db.knex.raw<{ rows: { tuples: number }[] }>(
            `SELECT tuples_processed::int AS tuples FROM pg_stat_progress_copy p JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'voter-lookup import'`,
          ),
        (result) => (result.rows[0]?.tuples ?? 0) > 1000,
        30_000,
        20,
      );
      child.kill('SIGKILL');
      await once(child, 'exit');
      assert.equal(await statusOf('Otto', 'Oldroll', '1970-01-01'), 'active');
      assert.equal((await db.knex('roll_snapshot').where({ lifecycle: 'loading' })).length, 1, 'the killed import left its snapshot');

      const summary = await importNcVoters(db.url, [JANE, NEW_ONLY, OLD_ONLY, { ...JANE, ncid: 'I0099', firstName: 'JUNE' }], '2026-11-24');
      assert.equal(summary.rowsLoaded, 4);
      assert.equal((await db.knex('roll_snapshot').where({ lifecycle: 'loading' })).length, 0);
      const after = await snapshotTables();
      assert.ok(!after.some((t) => !tables.includes(t) && t !== `voter_snapshot_${summary.snapshotId}`), `${after.join()} vs ${tables.join()}`);
      assert.ok(live.length > 0);
    });
  });
});

describe('a 200,000-row North Carolina file', () => {
  it('when generated in the real layout and imported, then every sampled voter gets the right answer', async () => {
    const voters = [...syntheticVoters(200_000, 7)];
    const summary = await withTempDir(async (dir) => {
      const file = join(dir, 'ncvoter_200k.txt');
      await writeNcvoterFile(file, voters);
      return importRoll({ databaseUrl: db.url, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-25', allowShrink: true });
    });
    assert.equal(summary.rowsRead, 200_000);
    assert.equal(summary.rowsLoaded, 200_000);

    // The answer each voter should get, worked out here from the file itself.
    const key = (v: SyntheticVoter) => `${nameKey(normalizeName(v.lastName))}|${nameKey(normalizeName(v.firstName))}|${v.birthYear}|${v.zip ?? '27601'}`;
    const visible = new Map<string, SyntheticVoter[]>();
    for (const voter of voters) {
      if (voter.confidential) continue;
      visible.set(key(voter), [...(visible.get(key(voter)) ?? []), voter]);
    }
    const expected = (voter: SyntheticVoter): string => {
      const same = visible.get(key(voter)) ?? [];
      if (same.length === 0) return 'not_found';
      if (same.length > 1) return 'multiple_matches';
      return 'codes' in northCarolina.status ? northCarolina.status.codes[same[0]!.status ?? 'A']! : 'active';
    };
    const counts: Record<string, number> = {};
    for (let i = 0; i < voters.length; i += 997) {
      const voter = voters[i]!;
      const answer = await statusOf(voter.firstName, voter.lastName, `${voter.birthYear}-06-15`, voter.zip ?? '27601');
      assert.equal(answer, expected(voter), `${voter.ncid}`);
      counts[answer] = (counts[answer] ?? 0) + 1;
    }
    assert.ok((counts.active ?? 0) > 0 && (counts.multiple_matches ?? 0) > 0, JSON.stringify(counts));
  });
});
