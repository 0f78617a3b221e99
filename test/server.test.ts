import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/main.ts';
import { captureLogger } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';
import { eventually } from './helpers/wait.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

describe('startServer', () => {
  it('when a roll goes live in another process, then GET /v1/states, served from memory, shows it within moments', async () => {
    const config = loadConfig({ DATABASE_URL: db.url, AUDIT_HMAC_KEY: 'server-test-audit-secret-of-32-characters', PORT: '0', SHUTDOWN_DRAIN_MS: '0' });
    const service = await startServer(config, { logger: captureLogger() });
    try {
      const nc = async () =>
        ((await (await fetch(`${service.url}/v1/states/nc`)).json()) as { roll: { available: boolean; dataAsOf: string | null; reason: string | null } }).roll;
      assert.deepEqual(await nc(), { available: false, dataAsOf: null, reason: 'not_loaded' });
      await importNcVoters(db.url, [{ ncid: 'S1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }], '2026-11-30');
      const roll = await eventually('the new roll in /v1/states/NC', nc, (r) => r.available);
      assert.deepEqual(roll, { available: true, dataAsOf: '2026-11-30', reason: null });
      const all = (await (await fetch(`${service.url}/v1/states`)).json()) as { states: { code: string; roll: { dataAsOf: string | null } }[] };
      assert.equal(all.states.find((s) => s.code === 'NC')?.roll.dataAsOf, '2026-11-30');
    } finally {
      await service.stop();
    }
  });
});
