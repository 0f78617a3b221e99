import type { Knex } from 'knex';

/** first_name_norm was never read: matching compares first_name_key. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE voter DROP COLUMN first_name_norm');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE voter ADD COLUMN first_name_norm text NOT NULL DEFAULT ''`);
}
