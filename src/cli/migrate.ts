import { loadConfig } from '../config.ts';
import { locateDatabase } from '../db/connect.ts';
import { createDatabase } from '../db/knex.ts';
import { migrateToLatest } from '../db/migrate.ts';

const config = loadConfig();
const location = await locateDatabase(config, (line) => console.log(line));
const db = createDatabase(location.url);
try {
  await migrateToLatest(db);
  console.log('Migrations are current; state registration info refreshed.');
} finally {
  await db.destroy();
  await location.close();
}
