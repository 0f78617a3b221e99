import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type pg from 'pg';
import { withClient } from '../../src/db/client.ts';
import { createDatabase, withDatabaseName } from '../../src/db/knex.ts';
import { prepareDatabase } from '../../src/database.ts';

export interface TestDatabase {
  url: string;
  knex: Knex;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('Run the tests with `npm test`, which provides TEST_DATABASE_URL');
  return url;
}

const admin = <T>(work: (client: pg.Client) => Promise<T>) => withClient(serverUrl(), work);

/** A database of the test's own, migrated and seeded, dropped by drop(). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `vl_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabaseName(serverUrl(), name);
  const knex = createDatabase(url, { statementTimeoutMs: 10_000 });
  await prepareDatabase(knex);
  return {
    url,
    knex,
    drop: async () => {
      await knex.destroy();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
