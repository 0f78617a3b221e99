import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { up as oneDefinition } from '../db/migrations/20261203140000_voter_indexes_one_definition.ts';
import { VOTER_INDEXES } from '../src/db/voter-table.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

async function indexDefinitions(table: string): Promise<Map<string, string>> {
  const rows = await db.knex('pg_indexes').where({ tablename: table }).select<{ indexname: string; indexdef: string }[]>('indexname', 'indexdef');
  return new Map(rows.map((r) => [r.indexname, r.indexdef]));
}

describe('the voter indexes have one definition', () => {
  it('when a snapshot kept an index an old migration copied, then the migration rebuilds it from today’s definition', async () => {
    const summary = await importNcVoters(db.url, [{ ncid: 'M1', lastName: 'MIGRATE', firstName: 'MINA', birthYear: 1970 }]);
    const table = `voter_snapshot_${summary.snapshotId}`;
    const current = await indexDefinitions(table);
    // What 20261124190000 left on the snapshots it found: _given without the first letter, unpacked.
    await db.knex.raw(`DROP INDEX ${table}_given`);
    await db.knex.raw(`CREATE INDEX ${table}_given ON ${table} (first_name_key, birth_year) WHERE length(last_name_key) >= 7`);
    assert.notEqual((await indexDefinitions(table)).get(`${table}_given`), current.get(`${table}_given`));

    await oneDefinition(db.knex);
    const rebuilt = await indexDefinitions(table);
    assert.deepEqual(rebuilt, current);
    for (const index of Object.values(VOTER_INDEXES)) assert.ok(rebuilt.has(`${table}_${index.suffix}`), index.suffix);
  });
});
