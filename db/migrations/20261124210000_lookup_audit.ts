import type { Knex } from 'knex';

/**
 * One row per lookup: when, the outcome, the client (a key id or the address's
 * /24 or /56 network) and an HMAC of the normalised inputs. Never a name or date.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE lookup_audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      outcome text NOT NULL,
      client text NOT NULL,
      input_hmac text NOT NULL
    )`);
  await knex.raw('CREATE INDEX lookup_audit_at ON lookup_audit (at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS lookup_audit');
}
