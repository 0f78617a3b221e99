import type { Knex } from 'knex';

/**
 * The variant step of matching: fuzzystrmatch for surname slips, and the
 * indexes it probes on every snapshot already loaded (new snapshots get them
 * from the importer).
 */
function indexes(table: string): string[] {
  const compound = `WHERE last_name_norm LIKE '% %'`;
  return [
    `DROP INDEX IF EXISTS ${table}_name`,
    `CREATE INDEX ${table}_name ON ${table} (last_name_key, birth_year, first_name_key)`,
    `CREATE INDEX IF NOT EXISTS ${table}_given ON ${table} (first_name_key, birth_year) WHERE length(last_name_key) >= 7`,
    `CREATE INDEX IF NOT EXISTS ${table}_surname_first ON ${table} (split_part(last_name_norm, ' ', 1), birth_year) ${compound}`,
    `CREATE INDEX IF NOT EXISTS ${table}_surname_last ON ${table} ((substring(last_name_norm from '[^ ]+$')), birth_year) ${compound}`,
  ];
}

async function snapshotTables(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: { relname: string }[] }>(
    `SELECT c.relname FROM pg_class c JOIN roll_snapshot s ON c.relname = 'voter_snapshot_' || s.id WHERE c.relkind = 'r'`,
  );
  return rows.map((r) => r.relname);
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS fuzzystrmatch');
  for (const table of await snapshotTables(knex)) {
    for (const statement of indexes(table)) await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of await snapshotTables(knex)) {
    await knex.raw(`DROP INDEX IF EXISTS ${table}_given, ${table}_surname_first, ${table}_surname_last, ${table}_name`);
    await knex.raw(`CREATE INDEX ${table}_name ON ${table} (last_name_key, first_name_key, birth_year)`);
  }
  await knex.raw('DROP EXTENSION IF EXISTS fuzzystrmatch');
}
