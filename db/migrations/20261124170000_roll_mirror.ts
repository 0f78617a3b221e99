import type { Knex } from 'knex';
import { REGISTRATION_STATUSES } from '../../src/db/voter-table.ts';

/**
 * The roll mirror. Each loaded roll is a snapshot; its voters live in their own
 * partition of `voter` (created by the importer, see src/roll/snapshots.ts), so a
 * new roll is loaded and indexed beside the live one and switched in by changing
 * which snapshot is `live`, in one transaction.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('state_info', (t) => {
    t.string('code', 2).primary();
    t.text('name').notNullable();
    t.text('registration_type').notNullable();
    t.text('register_url').notNullable();
    t.text('check_url').notNullable();
    t.text('election_office_url').notNullable();
    t.text('deadline_online');
    t.text('deadline_mail');
    t.text('deadline_in_person');
    t.boolean('same_day_registration').notNullable();
    t.text('source').notNullable();
  });
  await knex.raw(`ALTER TABLE state_info ADD CONSTRAINT state_info_registration_type_check
    CHECK (registration_type IN ('online', 'by-mail', 'in-person', 'not-needed'))`);

  await knex.schema.createTable('roll_snapshot', (t) => {
    t.increments('id');
    t.string('state', 2).notNullable().references('code').inTable('state_info');
    t.text('format').notNullable();
    t.date('as_of').notNullable();
    t.text('lifecycle').notNullable().defaultTo('loading');
    t.bigInteger('rows_read');
    t.bigInteger('rows_loaded');
    t.bigInteger('rows_refused');
    t.jsonb('status_counts');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('live_at', { useTz: true });
    t.timestamp('retired_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE roll_snapshot ADD CONSTRAINT roll_snapshot_lifecycle_check
    CHECK (lifecycle IN ('loading', 'live', 'retired'))`);
  // At most one live roll per state: the switch retires the old one first.
  await knex.raw(`CREATE UNIQUE INDEX roll_snapshot_one_live ON roll_snapshot (state) WHERE lifecycle = 'live'`);

  // Key columns hold names after src/lookup/normalize.ts; *_norm keep word breaks.
  // The per-snapshot indexes (unique voter_id; last/first key + birth year) are
  // built on each partition after its bulk load, see src/roll/snapshots.ts.
  await knex.raw(`
    CREATE TABLE voter (
      snapshot_id integer NOT NULL,
      state char(2) NOT NULL,
      voter_id text NOT NULL,
      last_name_norm text NOT NULL,
      first_name_norm text NOT NULL,
      middle_name_norm text,
      suffix_norm text,
      last_name_key text NOT NULL,
      first_name_key text NOT NULL,
      birth_year smallint NOT NULL,
      birth_date date,
      zip5 char(5),
      county text,
      county_key text,
      registration_status text NOT NULL
        CHECK (registration_status IN (${REGISTRATION_STATUSES.map((status) => `'${status}'`).join(', ')})),
      status_code text NOT NULL,
      reason_code text,
      confidential boolean NOT NULL DEFAULT false
    ) PARTITION BY LIST (snapshot_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS voter CASCADE');
  await knex.schema.dropTableIfExists('roll_snapshot');
  await knex.schema.dropTableIfExists('state_info');
}
