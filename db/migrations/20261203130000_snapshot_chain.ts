import type { Knex } from 'knex';

/**
 * Each snapshot remembers the one that was live when it went live, so a rollback
 * follows the chain of what was live before, and never returns to a snapshot that
 * was itself rolled away from.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('roll_snapshot', (t) => {
    t.integer('previous_id').references('id').inTable('roll_snapshot').onDelete('SET NULL');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('roll_snapshot', (t) => {
    t.dropColumn('previous_id');
  });
}
