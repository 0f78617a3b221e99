import type { Knex } from 'knex';
import { migrateToLatest, pendingMigrationCount } from './db/migrate.ts';
import { seedStateInfo } from './states/index.ts';

/** Brings a database to what this version serves: pending migrations, then the state registration facts refreshed. Safe to run twice. */
export async function prepareDatabase(knex: Knex): Promise<void> {
  await migrateToLatest(knex);
  await seedStateInfo(knex);
}

/** A read-only command's refusal when the database is behind this version: it never migrates as a side effect. */
export class DatabaseNotCurrent extends Error {
  constructor(pending: number) {
    super(`The database has ${pending} pending migration${pending === 1 ? '' : 's'}: run \`npm run migrate\` first (read-only commands never migrate).`);
    this.name = 'DatabaseNotCurrent';
  }
}

/** For read-only commands: throws DatabaseNotCurrent unless every migration is applied. */
export async function requireCurrentDatabase(knex: Knex): Promise<void> {
  const pending = await pendingMigrationCount(knex);
  if (pending > 0) throw new DatabaseNotCurrent(pending);
}
