import type { Knex } from 'knex';
import { VOTER_INDEXES } from '../../src/db/voter-table.ts';

/**
 * Snapshots loaded before today's index definitions kept the ones an earlier
 * migration copied (20261124190000): _given without the surname's first letter and
 * its included columns, no packed pages. Each snapshot's indexes are rebuilt from the
 * one definition the importer uses (src/db/voter-table.ts).
 */
export async function up(knex: Knex): Promise<void> {
  const { rows } = await knex.raw<{ rows: { relname: string }[] }>(
    `SELECT c.relname FROM pg_class c JOIN roll_snapshot s ON c.relname = 'voter_snapshot_' || s.id WHERE c.relkind = 'r'`,
  );
  for (const { relname: table } of rows) {
    for (const index of Object.values(VOTER_INDEXES)) {
      await knex.raw(`DROP INDEX IF EXISTS ${table}_${index.suffix}`);
      await knex.raw(index.definition(table));
    }
  }
}

/** Nothing to undo: the definitions before were drifted copies, and today's serve every earlier lookup statement. */
export async function down(): Promise<void> {}
