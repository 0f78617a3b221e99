/**
 * npm run bench:import [ROWS]
 *
 * Writes a synthetic North Carolina file in the 2026 layout (default 1,000,000
 * rows), then times in the same run:
 *   - PostgreSQL's own path: psql \copy into a table of 70 text columns, plus one
 *     index on (last_name, first_name, birth_year);
 *   - the project's import (the real CLI, in its own process), into an empty database;
 *   - a second import of the same file while lookups run against the live roll,
 *     reporting their latency and errors during the load.
 * Each of the first two is run RUNS times (default 2), alternating, and the best
 * time of each is compared: this machine's disk and CPU vary from run to run.
 * QUOTED=1 writes every value in double quotes, as NCSBE's own file may (the
 * baseline then loads the quotes as text); QUOTED=mixed only the values with a
 * space, as CSV writers quote where needed (the baseline reads it as CSV).
 * LAYOUT=texas-fixed writes Texas's fixed-width file instead (the baseline copies
 * each line as one value and indexes the name and birth date cut from it), and
 * LAYOUT=pennsylvania Pennsylvania's header-less file of 154 quoted values (the
 * baseline reads it as CSV).
 * Prints the times, their ratio and the import's peak memory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, loadStateCatalog } from '../src/app.ts';
import { createDatabase } from '../src/db/knex.ts';
import { prepareDatabase } from '../src/database.ts';
import { LAYOUT_2026 } from '../src/roll/index.ts';
import { openApiYaml } from '../src/openapi/document.ts';
import { type SyntheticVoter, syntheticVoters, writeNcvoterFile } from '../tools/ncvoter-synthetic.ts';
import { type BenchLayout, writeStateFile } from '../tools/state-synthetic.ts';
import { benchDatabase, percentile } from './bench-support.ts';
import { reportFailuresInOneLine } from '../src/cli/one-line.ts';

reportFailuresInOneLine('npm run bench:import');

const rows = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(rows) || rows <= 0) throw new Error('ROWS must be a positive integer');
if (spawnSync('psql', ['--version']).status !== 0) {
  throw new Error('psql is needed for the \\copy baseline (Debian: apt-get install postgresql-client)');
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const quoted = process.env.QUOTED === 'mixed' ? 'mixed' : process.env.QUOTED === '1';
const layout = (process.env.LAYOUT ?? 'ncvoter') as 'ncvoter' | BenchLayout;
if (!['ncvoter', 'texas-fixed', 'pennsylvania'].includes(layout)) throw new Error('LAYOUT must be ncvoter, texas-fixed or pennsylvania');
const file = join(tmpdir(), `${layout}_bench_${rows}${quoted ? `_quoted_${quoted}` : ''}.txt`);
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const started = Date.now();
if (layout === 'ncvoter') await writeNcvoterFile(file, syntheticVoters(rows, 2026), LAYOUT_2026, quoted);
else await writeStateFile(file, layout, syntheticVoters(rows, 2026));
const written = layout !== 'ncvoter' ? ` in ${layout}'s layout` : quoted === 'mixed' ? ', values with a space quoted,' : quoted ? ', every value quoted,' : '';
console.log(`wrote ${rows.toLocaleString('en-US')} rows${written} to ${file} in ${seconds(Date.now() - started)} s`);
/** What the import is told: the state (whose reader --state finds) and, for Texas's older file, the format. */
const importArgs = { ncvoter: ['--state', 'NC'], 'texas-fixed': ['--state', 'TX', '--format', 'texas-fixed'], pennsylvania: ['--state', 'PA'] }[layout];

const database = await benchDatabase(process.env.DATABASE_URL);
console.log(`database: ${database.label}`);
try {
  // PostgreSQL's own path.
  const psql = (sql: string) => {
    const run = spawnSync('psql', [database.url, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
  };
  // The same file into a table of text columns, and one index on the name and birth: PostgreSQL reading the layout as it can.
  const baseline = {
    ncvoter: {
      columns: LAYOUT_2026.map((c) => `${c} text`),
      copy: quoted === 'mixed' ? "FORMAT csv, DELIMITER E'\\t', HEADER true, ENCODING 'LATIN1'" : "FORMAT text, HEADER true, ENCODING 'LATIN1'",
      index: '(last_name, first_name, birth_year)',
    },
    // Each line one value (no byte 0x01 in it), the name and birth date cut from it for the index.
    'texas-fixed': {
      columns: ['line text'],
      copy: "FORMAT text, DELIMITER E'\\x01', ENCODING 'LATIN1'",
      index: '(substr(line, 24, 50), substr(line, 74, 50), substr(line, 229, 8))',
    },
    pennsylvania: {
      columns: Array.from({ length: 154 }, (_, i) => `c${i} text`),
      copy: "FORMAT csv, DELIMITER E'\\t', ENCODING 'LATIN1'",
      index: '(c2, c3, c7)',
    },
  }[layout];
  const copyBaseline = () => {
    psql(`CREATE TABLE raw_roll (${baseline.columns.join(', ')})`);
    const begun = Date.now();
    psql(`\\copy raw_roll FROM '${file}' WITH (${baseline.copy})`);
    psql(`CREATE INDEX ON raw_roll ${baseline.index}`);
    const ms = Date.now() - begun;
    psql('DROP TABLE raw_roll');
    return ms;
  };

  // The project's import, as an operator runs it.
  const runImport = () =>
    new Promise<{ ms: number; peakMb: number; output: string }>((resolve, reject) => {
      const begun = Date.now();
      // As `npm run import` runs it (package.json): a larger young generation, fewer pauses.
      const child = spawn(
        process.execPath,
        ['--max-semi-space-size=32', '--import', 'tsx', 'src/cli/import.ts', ...importArgs, '--as-of', '2026-11-24', file],
        {
          env: { ...process.env, DATABASE_URL: database.url },
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`import failed: ${output.trim().split('\n').at(-1) ?? ''}`));
        resolve({ ms: Date.now() - begun, peakMb: Number(/peak memory (\d+) MB/.exec(output)?.[1]), output });
      });
    });
  const runs = Number(process.env.RUNS ?? 2);
  let baselineMs = Infinity;
  let first = { ms: Infinity, peakMb: 0, output: '' };
  for (let run = 0; run < runs; run += 1) {
    // Each timed import starts from an empty database, as the first one did.
    if (run > 0) psql('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    baselineMs = Math.min(baselineMs, copyBaseline());
    const attempt = await runImport();
    if (attempt.ms < first.ms) first = attempt;
  }

  // A second import while lookups run against the live roll.
  const db = createDatabase(database.url, { statementTimeoutMs: 1500 });
  await prepareDatabase(db);
  // Sizes on disk, for capacity planning (docs/SCALING.md).
  const { rows: sizes } = await db.raw<{ rows: { heap: string; indexes: string }[] }>(
    `SELECT pg_relation_size(c.oid) AS heap, pg_indexes_size(c.oid) AS indexes
       FROM roll_snapshot s JOIN pg_class c ON c.relname = 'voter_snapshot_' || s.id WHERE s.lifecycle = 'live'`,
  );
  const heapBytes = Number(sizes[0]?.heap ?? 0);
  const indexBytes = Number(sizes[0]?.indexes ?? 0);
  const app = createApp({
    db,
    logger: pino({ level: 'silent' }),
    states: await loadStateCatalog(db),
    openApiYaml: openApiYaml(),
    rateLimitPerMinute: 1e9,
    networkRateLimitPerMinute: 1e9,
    trustProxy: false,
    // The sample includes confidential voters (not_found): the enumeration guard must not count them here.
    enumeration: { limit: 1e9, windowMinutes: 1 },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sample: SyntheticVoter[] = [...syntheticVoters(Math.min(rows, 10_000), 2026)];
  const latencies: number[] = [];
  let errors = 0;
  const errorStatuses = new Map<number, number>();
  let loading = true;
  const lookupLoop = async () => {
    for (let i = 0; loading; i += 1) {
      const voter = sample[(i * 7919) % sample.length]!;
      const begun = performance.now();
      const res = await fetch(`${base}/v1/lookup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ state: 'NC', firstName: voter.firstName, lastName: voter.lastName, dateOfBirth: `${voter.birthYear}-01-01` }),
      }).catch(() => undefined);
      latencies.push(performance.now() - begun);
      if (!res || res.status !== 200) {
        errors += 1;
        errorStatuses.set(res?.status ?? 0, (errorStatuses.get(res?.status ?? 0) ?? 0) + 1);
      }
      await res?.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const clients = [lookupLoop(), lookupLoop()];
  const second = await runImport();
  loading = false;
  await Promise.all(clients);
  server.close();
  await db.destroy();
  latencies.sort((a, b) => a - b);

  const ratio = first.ms / baselineMs;
  console.log('');
  console.log(`rows                                   ${rows.toLocaleString('en-US')}`);
  console.log(`psql \\copy + index (baseline)          ${seconds(baselineMs)} s   (best of ${runs})`);
  console.log(`npm run import (empty database)        ${seconds(first.ms)} s   (best of ${runs}) ratio ${ratio.toFixed(2)} (target <= 1.25)`);
  console.log(`npm run import (beside a live roll)    ${seconds(second.ms)} s   ratio ${(second.ms / baselineMs).toFixed(2)}`);
  console.log(
    `roll on disk                           table ${(heapBytes / 2 ** 20).toFixed(0)} MB + indexes ${(indexBytes / 2 ** 20).toFixed(0)} MB (${((heapBytes + indexBytes) / rows).toFixed(0)} bytes per voter)`,
  );
  console.log(`import peak RSS                        ${first.peakMb} MB, ${second.peakMb} MB (target < 300)`);
  console.log(
    `lookups during the second import       ${latencies.length} answered, ${errors} errors${errors ? ` (by status: ${JSON.stringify(Object.fromEntries(errorStatuses))})` : ''}, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
} finally {
  await database.close();
  await rm(file, { force: true });
}
