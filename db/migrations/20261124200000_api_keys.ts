import type { Knex } from 'knex';

/** Keys of county clerk systems: stored only as a SHA-256 of the secret. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_key', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('key_hash').notNullable().unique();
    t.text('key_prefix').notNullable();
    t.specificType('scopes', 'text[]').notNullable();
    t.integer('rate_limit_per_minute').notNullable();
    t.specificType('allowed_origins', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('api_key');
}
