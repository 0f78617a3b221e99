import { loadConfig } from '../config.ts';
import { locateDatabase } from '../db/connect.ts';
import { createDatabase } from '../db/knex.ts';
import { prepareDatabase } from '../database.ts';
import { reportFailuresInOneLine } from './one-line.ts';

reportFailuresInOneLine('npm run migrate');

const config = loadConfig();
const location = await locateDatabase(config, (line) => console.log(line));
const db = createDatabase(location.url);
try {
  await prepareDatabase(db);
  console.log('Migrations are current; state registration info refreshed.');
} finally {
  await db.destroy();
  await location.close();
}
