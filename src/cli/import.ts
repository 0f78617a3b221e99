import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { sharesServerSessions, withClient } from '../db/client.ts';
import { locateDatabase } from '../db/connect.ts';
import { createDatabase } from '../db/knex.ts';
import { DatabaseNotCurrent, prepareDatabase, requireCurrentDatabase } from '../database.ts';
import { parseCsvMapping } from '../roll/index.ts';
import { LayoutError } from '../roll/index.ts';
import { IMPORT_FORMATS, STATE_FORMATS, stateFormat } from '../roll/index.ts';
import { type ImportProgress, importRoll, type ImportSummary } from '../roll/index.ts';
import { ImportRefused, listSnapshots, rollbackState } from '../roll/index.ts';
import { ROLL_REASONS, rollReason, STATE_CODES } from '../states/index.ts';
import { reportFailuresInOneLine } from './one-line.ts';

reportFailuresInOneLine('npm run import');

const USAGE = `Usage:
  npm run import -- --state PA [--format pennsylvania] [options] FILE...
  npm run import -- list [--state NC]
  npm run import -- rollback --state NC
  npm run import -- formats

FILE           a file, a folder, a .gz or a .zip; several make one roll; - reads standard input
--format       the state's reader (default: the one for --state; formats lists them), or csv with --mapping
--mapping      the JSON column mapping, for --format csv (see docs/IMPORT-CSV.md)
--as-of        the date of the roll, YYYY-MM-DD (default: a date in the file names, else their modification date)
--max-refused  percentage of rows that may be refused before the roll is (default 0.1)
--allow-shrink load a roll with fewer than 90% of the live roll's voters
--allow-older  load a roll dated before the live one
--max-rows N   refuse the file past N rows (default: twice the live roll, at least 1,000,000; 40,000,000 for a first roll)
--max-bytes N  refuse the file past N bytes of decompressed text (default: 2,000 a row of --max-rows)`;

class UsageError extends Error {}

function positiveWhole(raw: string, option: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${option} must be a positive whole number`);
  return value;
}

const OPTIONS = {
  state: { type: 'string' },
  format: { type: 'string' },
  mapping: { type: 'string' },
  'as-of': { type: 'string' },
  'max-refused': { type: 'string' },
  'allow-shrink': { type: 'boolean' },
  'allow-older': { type: 'boolean' },
  'max-rows': { type: 'string' },
  'max-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function stateOption(value: string | undefined, required: boolean): string | undefined {
  const state = value?.toUpperCase();
  if (state === undefined && !required) return undefined;
  if (!state || !STATE_CODES.has(state)) throw new UsageError('--state must be the USPS code of a state or territory');
  return state;
}

async function importRequest(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'], files: string[]) {
  const state = stateOption(values.state, true)!;
  const format = values.format ?? stateFormat(state);
  if (format === undefined) {
    const why = rollReason(state);
    throw new UsageError(
      `no reader for ${state}'s file${why === 'not_loaded' ? '' : `: ${ROLL_REASONS[why].replace(/\.$/, '')}`}; give --format csv with a --mapping (docs/IMPORT-CSV.md)`,
    );
  }
  if (!IMPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of: ${IMPORT_FORMATS.join(', ')}`);
  const asOf = values['as-of'];
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))) {
    throw new UsageError('--as-of must be a date in the form YYYY-MM-DD');
  }
  const maxRefused = values['max-refused'] === undefined ? undefined : Number(values['max-refused']);
  if (maxRefused !== undefined && !(maxRefused >= 0 && maxRefused <= 100)) throw new UsageError('--max-refused must be a percentage between 0 and 100');
  if (files.length === 0) throw new UsageError('give at least one FILE (or - for standard input)');
  if ((format === 'csv') !== (values.mapping !== undefined)) throw new UsageError('--mapping goes with --format csv, and only with it');
  let mapping;
  if (values.mapping) {
    const text = await readFile(values.mapping, 'utf8').catch(() => {
      throw new UsageError(`cannot read the mapping file ${values.mapping}`);
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(`the mapping file ${values.mapping} is not valid JSON`);
    }
    mapping = parseCsvMapping(json);
  }
  return {
    state,
    format,
    files,
    ...(mapping ? { mapping } : {}),
    ...(asOf ? { asOf } : {}),
    ...(maxRefused !== undefined ? { maxRefusedShare: maxRefused / 100 } : {}),
    ...(values['allow-shrink'] ? { allowShrink: true } : {}),
    ...(values['allow-older'] ? { allowOlder: true } : {}),
    ...(values['max-rows'] !== undefined ? { maxRows: positiveWhole(values['max-rows'], '--max-rows') } : {}),
    ...(values['max-bytes'] !== undefined ? { maxBytes: positiveWhole(values['max-bytes'], '--max-bytes') } : {}),
  };
}

/** A progress bar on a terminal; a plain line every few seconds in a log. */
function progressReporter(): { update(p: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}', stream: process.stderr, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = {
          rows: p.rowsRead.toLocaleString('en-US'),
          rate: Math.round(p.rowsRead / Math.max(p.elapsedMs / 1000, 0.001)).toLocaleString('en-US'),
        };
        if (!started) {
          bar.start(p.bytesTotal || 1, 0, payload);
          started = true;
        }
        bar.update(Math.min(p.bytesRead, p.bytesTotal || p.bytesRead), payload);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p) {
      if (p.elapsedMs - last < 5000) return;
      last = p.elapsedMs;
      const seconds = p.elapsedMs / 1000;
      const rate = p.rowsRead / Math.max(seconds, 0.001);
      const share = p.bytesTotal ? p.bytesRead / p.bytesTotal : 0;
      const eta = share > 0 ? Math.round(seconds / share - seconds) : undefined;
      console.error(`progress: ${p.rowsRead} rows, ${Math.round(rate)} rows/s` + (p.bytesTotal ? `, ${(share * 100).toFixed(1)}% read, ETA ${eta} s` : ''));
    },
    stop: () => {},
  };
}

function printSummary(summary: ImportSummary): void {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  console.log(
    `Imported ${summary.state} (${summary.format}, ${summary.parts} file${summary.parts > 1 ? 's' : ''}) as of ${summary.asOf}: snapshot ${summary.snapshotId} is live.`,
  );
  console.log(
    `  rows read ${summary.rowsRead}, loaded ${summary.rowsLoaded}, refused ${summary.rowsRefused}, withheld by the state ${summary.rowsWithheld}, in ${seconds} s`,
  );
  for (const problem of summary.refusedSamples) console.log(`  refused line ${problem.line}: ${problem.problem}`);
  const statuses = Object.entries(summary.statusCounts)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  console.log(`  by status: ${statuses}`);
  // The codes as the file writes them, so an operator can check each one's reading against the state's documentation.
  const codes = Object.entries(summary.statusCodeCounts)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  console.log(`  by the file's status code: ${codes}`);
  if (summary.rowsLeftOut > 0) console.log(`  left out for their status code (a lookup finds no one): ${summary.rowsLeftOut}`);
  console.log(`  peak memory ${Math.round(summary.peakRssBytes / 1048576)} MB`);
  for (const note of summary.notes) console.log(`  note: ${note}`);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: OPTIONS });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command] = parsed.positionals;
  if (command === 'formats') {
    const rows = [
      ['state', 'format', 'birth', 'file', 'source'],
      ...STATE_FORMATS.map((info) => [info.state, info.format, info.birthKind === 'full' ? 'full date' : 'year', info.title, info.source]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows)
      console.log(
        row
          .map((value, i) => value.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
    return 0;
  }
  const isImport = command !== 'list' && command !== 'rollback';
  let request: Awaited<ReturnType<typeof importRequest>> | undefined;
  try {
    if (isImport) request = await importRequest(parsed.values, parsed.positionals);
    else stateOption(parsed.values.state, command === 'rollback');
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof LayoutError)) throw error;
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `Import refused, nothing changed: ${error.message}`);
    return error instanceof UsageError ? 2 : 1;
  }
  const config = loadConfig();
  const location = await locateDatabase(config, (line) => console.error(line));
  // An import holds one server session for its whole run (its lock, COPY, the index builds): never a transaction pool's.
  if (command !== 'list' && (config.transactionPooler || (!location.embedded && (await sharesServerSessions(location.url))))) {
    await location.close();
    console.error(
      'Import refused, nothing changed: DATABASE_URL reaches PostgreSQL through a transaction pooler; point it at PostgreSQL itself or a session-mode pool for npm run import',
    );
    return 1;
  }
  try {
    const db = createDatabase(location.url);
    // An import or a rollback writes, and brings the database up to date first; listing only reads.
    await (command === 'list' ? requireCurrentDatabase(db) : prepareDatabase(db)).finally(() => db.destroy());
    if (command === 'list') {
      const state = stateOption(parsed.values.state, false);
      const rows = await withClient(location.url, (client) => listSnapshots(client, state));
      if (rows.length === 0) console.log('No snapshots.');
      else console.table(rows);
      return 0;
    }
    if (command === 'rollback') {
      const state = stateOption(parsed.values.state, true)!;
      const result = await withClient(location.url, (client) => rollbackState(client, state));
      console.log(`${state} rolled back: snapshot ${result.to} (as of ${result.asOf}) is live again; ${result.from} is retired.`);
      return 0;
    }
    const reporter = progressReporter();
    const summary = await importRoll({ databaseUrl: location.url, ...request!, onProgress: (progress) => reporter.update(progress) }).finally(() =>
      reporter.stop(),
    );
    printSummary(summary);
    return 0;
  } catch (error) {
    if (error instanceof DatabaseNotCurrent) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof ImportRefused || error instanceof LayoutError) {
      console.error(`Import refused, nothing changed: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await location.close();
  }
}

process.exit(await main());
