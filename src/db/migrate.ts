import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

/** Reads timestamped migrations from db/migrations, in name order. */
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    const files = await readdir(MIGRATIONS_DIR);
    return files.filter((file) => /^\d{14}_[\w-]+\.ts$/.test(file)).sort();
  },
  getMigrationName: (file) => file,
  getMigration: (file) => import(pathToFileURL(join(MIGRATIONS_DIR, file)).href),
};

const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

/** Applies pending migrations; safe to run twice. */
export async function migrateToLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest(migrationConfig);
}

export async function pendingMigrationCount(knex: Knex): Promise<number> {
  const [, pending] = (await knex.migrate.list(migrationConfig)) as [unknown[], unknown[]];
  return pending.length;
}
