import type { Knex } from 'knex';

/**
 * Keys that open only their own doors: a key may be limited to some states
 * (`states`, null for every state), and the audit marks each confidential record
 * a keyed lookup was given. Seeing confidential records becomes a scope of its own
 * (`confidential` in `scopes`), which no existing key has.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_key', (t) => {
    t.specificType('states', 'text[]');
  });
  await knex.schema.alterTable('lookup_audit', (t) => {
    t.boolean('confidential').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lookup_audit', (t) => {
    t.dropColumn('confidential');
  });
  await knex.schema.alterTable('api_key', (t) => {
    t.dropColumn('states');
  });
}
