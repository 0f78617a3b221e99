import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordSent } from './helpers/app.ts';
import { spawnService, stopService } from './helpers/service.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { freePort } from '../tools/ports.ts';

/** The README's sample request. */
const README_LOOKUP = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };

async function lookup(baseUrl: string) {
  recordSent(Object.values(README_LOOKUP));
  const res = await fetch(`${baseUrl}/v1/lookup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(README_LOOKUP),
  });
  return (await res.json()) as { status: string };
}

describe('npm start', () => {
  let dataDir: string;
  let db: TestDatabase;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'voter-lookup-start-'));
    db = await createTestDatabase();
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('when no DATABASE_URL is set, then it starts its embedded PostgreSQL with the demo roll and the README lookup is active', async () => {
    const service = await spawnService({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
    try {
      assert.equal((await lookup(service.baseUrl)).status, 'active');
      assert.equal((await fetch(`${service.baseUrl}/readyz`)).status, 200);
    } finally {
      const code = await stopService(service);
      assert.equal(code, 0, `exit ${code}: ${service.output()}`);
    }
  });

  it('when DATABASE_URL is set, then it migrates that database and never loads demo data', async () => {
    const service = await spawnService({ DATABASE_URL: db.url, AUDIT_HMAC_KEY: 'test-audit-secret-of-at-least-32-characters' });
    try {
      assert.equal((await lookup(service.baseUrl)).status, 'not_available');
      const states = (await (await fetch(`${service.baseUrl}/v1/states`)).json()) as { states: unknown[] };
      assert.equal(states.states.length, 56);
    } finally {
      const code = await stopService(service);
      assert.equal(code, 0, `exit ${code}: ${service.output()}`);
    }
    const snapshots = await db.knex('roll_snapshot').count<{ count: string }[]>('* as count');
    assert.equal(Number(snapshots[0]!.count), 0);
  });
});
