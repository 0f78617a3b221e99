/**
 * DATABASE_READ_URL on a real hot standby: a primary and a standby of this
 * test's own (pg_basebackup -R, streaming replication), the service on both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { withClient } from '../src/db/client.ts';
import { createDatabase, withDatabaseName } from '../src/db/knex.ts';
import { prepareDatabase } from '../src/database.ts';
import { type RunningServer, startServer } from '../src/main.ts';
import { captureLogger, recordSent } from './helpers/app.ts';
import { PG_BIN, type ReplicatedPair, startReplicatedPair } from './helpers/replication.ts';
import { importNcVoters } from './helpers/rolls.ts';
import { eventually } from './helpers/wait.ts';

const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };
const METRICS_TOKEN = 'replica-test-metrics-token';
const VOTERS = [{ ncid: 'H0001', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }];

let pair: ReplicatedPair;
let primary: string;
let standby: string;
let service: RunningServer;

before(async () => {
  if (!PG_BIN) return;
  pair = await startReplicatedPair();
  await withClient(pair.primaryUrl, (client) => client.query('CREATE DATABASE voter_lookup'));
  primary = withDatabaseName(pair.primaryUrl, 'voter_lookup');
  standby = withDatabaseName(pair.standbyUrl, 'voter_lookup');
  const migrator = createDatabase(primary);
  await prepareDatabase(migrator);
  await migrator.destroy();
  await importNcVoters(primary, VOTERS, '2026-11-01');
  await eventually(
    'the standby has replayed the first roll',
    () => liveRollOn(standby).catch(() => null),
    (asOf) => asOf === '2026-11-01',
    20_000,
    100,
  );
  const config = loadConfig({
    DATABASE_URL: primary,
    DATABASE_READ_URL: standby,
    AUDIT_HMAC_KEY: 'replica-test-audit-secret-of-32-characters',
    METRICS_TOKEN,
    PORT: '0',
    SHUTDOWN_DRAIN_MS: '0',
    RATE_LIMIT_PER_MINUTE: '100000',
    NETWORK_RATE_LIMIT_PER_MINUTE: '100000',
    ENUMERATION_LIMIT: '100000',
  });
  service = await startServer(config, { logger: captureLogger() });
  recordSent(['Jane', 'Doe', '1985-03-14']);
});
after(async () => {
  await service?.stop();
  await pair?.close();
});

async function liveRollOn(url: string): Promise<string | null> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ as_of: string }>(`SELECT as_of::text FROM roll_snapshot WHERE state = 'NC' AND lifecycle = 'live'`);
    return rows[0]?.as_of ?? null;
  });
}

async function lookup(): Promise<{ status: number; retryAfter: string | null; dataAsOf?: string }> {
  const res = await fetch(`${service.url}/v1/lookup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(JANE) });
  const body = (await res.json()) as { dataAsOf?: string };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...(res.ok ? { dataAsOf: body.dataAsOf! } : {}) };
}

async function replicaLag(): Promise<number | undefined> {
  const text = await (await fetch(`${service.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = /^db_replica_lag_seconds (\S+)$/m.exec(text);
  return line ? Number(line[1]) : undefined;
}

const onStandby = (sql: string) => withClient(pair.standbyUrl, (client) => client.query(sql));

describe('a hot standby as DATABASE_READ_URL', { skip: PG_BIN ? false : 'no PostgreSQL server programs (Debian postgresql) in /usr/lib/postgresql' }, () => {
  it('when an import goes live on the primary, then lookups answer from the standby’s roll until it replays the switch, and the lag metric says how far behind it is', async () => {
    assert.equal((await lookup()).dataAsOf, '2026-11-01');
    assert.equal(await replicaLag(), 0);

    // Replay held back: the standby receives the new roll but does not apply it yet.
    await onStandby('SELECT pg_wal_replay_pause()');
    try {
      await importNcVoters(primary, VOTERS, '2026-11-15');
      assert.equal(await liveRollOn(primary), '2026-11-15');
      await eventually('the lag metric grows', replicaLag, (lag) => lag !== undefined && lag > 0, 10_000, 100);
      assert.equal((await lookup()).dataAsOf, '2026-11-01', 'answered from the standby, which has not replayed the switch');
    } finally {
      await onStandby('SELECT pg_wal_replay_resume()');
    }
    await eventually('the standby replays the switch', lookup, (answer) => answer.dataAsOf === '2026-11-15', 10_000, 100);
    await eventually('the lag metric returns to 0', replicaLag, (lag) => lag === 0, 10_000, 100);
  });

  it('when the standby stops under load, then readiness and lookups are 503 with Retry-After (never a 500), and both recover when it returns, without a restart', async () => {
    const seen: { status: number; retryAfter: string | null }[] = [];
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loading) seen.push(await lookup());
      }),
    );
    try {
      await eventually(
        'lookups under way',
        () => Promise.resolve(seen.length),
        (count) => count > 20,
        5000,
        10,
      );
      await pair.stopStandby();
      await eventually(
        'readiness 503',
        async () => (await fetch(`${service.url}/readyz`)).status,
        (status) => status === 503,
        5000,
        100,
      );
      const during = await eventually('lookups 503', lookup, (answer) => answer.status === 503, 5000, 50);
      assert.ok(Number(during.retryAfter) > 0);
      await pair.startStandby();
      await eventually(
        'readiness 200 again',
        async () => (await fetch(`${service.url}/readyz`)).status,
        (status) => status === 200,
        10_000,
        100,
      );
      await eventually('lookups 200 again', lookup, (answer) => answer.status === 200, 10_000, 50);
    } finally {
      loading = false;
      await load;
    }
    const statuses = [...new Set(seen.map((answer) => answer.status))].sort();
    assert.deepEqual(statuses, [200, 503]);
    assert.ok(
      seen.filter((answer) => answer.status === 503).every((answer) => Number(answer.retryAfter) > 0),
      'every 503 says when to retry',
    );
  });
});
