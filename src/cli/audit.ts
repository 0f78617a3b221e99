import { parseArgs } from 'node:util';
import { auditSummary } from '../audit/index.ts';
import { loadConfig } from '../config.ts';
import { locateDatabase } from '../db/connect.ts';
import { createDatabase } from '../db/knex.ts';
import { DatabaseNotCurrent, requireCurrentDatabase } from '../database.ts';
import { reportFailuresInOneLine } from './one-line.ts';

reportFailuresInOneLine('npm run audit');

const USAGE = `Usage:
  npm run audit -- summary --since YYYY-MM-DD    lookups by client (key or network) and outcome since a date`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { since: { type: 'string' } } });
  const since = values.since;
  if (positionals[0] !== 'summary' || !since || !/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(since))) {
    console.error(USAGE);
    return 2;
  }
  const location = await locateDatabase(loadConfig(), (line) => console.error(line));
  const db = createDatabase(location.url);
  try {
    await requireCurrentDatabase(db);
    const rows = await auditSummary(db, since);
    if (rows.length === 0) console.log(`No lookups since ${since}.`);
    else console.table(rows);
    return 0;
  } catch (error) {
    if (!(error instanceof DatabaseNotCurrent)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await db.destroy();
    await location.close();
  }
}

process.exit(await main());
