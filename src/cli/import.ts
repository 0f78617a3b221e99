import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { locateDatabase } from '../db/connect.ts';
import { createDatabase } from '../db/knex.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { LayoutError } from '../roll/formats/ncvoter.ts';
import { IMPORT_FORMATS, type ImportFormat, importRoll, type ImportSummary } from '../roll/import.ts';
import { ImportRefused } from '../roll/snapshots.ts';
import { STATE_CODES } from '../states/codes.ts';

const USAGE = `Usage: npm run import -- --state NC --format ncvoter [--as-of YYYY-MM-DD] [--max-refused PERCENT] FILE
  FILE        a path (plain or .gz), or - for standard input
  --as-of     the date of the roll (default: the file's modification date)
  --max-refused  percentage of rows that may be refused before the file is (default 0.1)`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      format: { type: 'string' },
      'as-of': { type: 'string' },
      'max-refused': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const state = values.state?.toUpperCase();
  if (!state || !STATE_CODES.has(state)) throw new UsageError('--state must be the USPS code of a state or territory');
  if (!IMPORT_FORMATS.includes(values.format as ImportFormat)) {
    throw new UsageError(`--format must be one of: ${IMPORT_FORMATS.join(', ')}`);
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))) {
    throw new UsageError('--as-of must be a date in the form YYYY-MM-DD');
  }
  const maxRefused = values['max-refused'] === undefined ? undefined : Number(values['max-refused']);
  if (maxRefused !== undefined && !(maxRefused >= 0 && maxRefused <= 100)) {
    throw new UsageError('--max-refused must be a percentage between 0 and 100');
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one FILE (or - for standard input)');
  return {
    state,
    format: values.format as ImportFormat,
    file: positionals[0]!,
    ...(asOf ? { asOf } : {}),
    ...(maxRefused !== undefined ? { maxRefusedShare: maxRefused / 100 } : {}),
  };
}

function printSummary(summary: ImportSummary): void {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  console.log(`Imported ${summary.state} (${summary.format}) as of ${summary.asOf}: snapshot ${summary.snapshotId} is live.`);
  console.log(`  rows read ${summary.rowsRead}, loaded ${summary.rowsLoaded}, refused ${summary.rowsRefused}, in ${seconds} s`);
  for (const problem of summary.refusedSamples) console.log(`  refused line ${problem.line}: ${problem.problem}`);
  const statuses = Object.entries(summary.statusCounts).map(([status, n]) => `${status} ${n}`).join(', ');
  console.log(`  by status: ${statuses}`);
}

async function main(): Promise<number> {
  let request: ReturnType<typeof parseCommandLine>;
  try {
    request = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const location = await locateDatabase(config, (line) => console.error(line));
  try {
    const db = createDatabase(location.url);
    await migrateToLatest(db).finally(() => db.destroy());
    printSummary(await importRoll({ databaseUrl: location.url, ...request }));
    return 0;
  } catch (error) {
    if (error instanceof ImportRefused || error instanceof LayoutError) {
      console.error(`Import refused, nothing changed: ${error.message}`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`Import refused, nothing changed: no file at ${request.file}`);
      return 1;
    }
    throw error;
  } finally {
    await location.close();
  }
}

process.exit(await main());
