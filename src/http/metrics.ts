import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { poolUse } from '../db/client.ts';

/**
 * Prometheus metrics. Labels are routes, methods, statuses, outcomes and state
 * codes: never a name, a date, an address or any other value a person sent.
 */
export interface ServiceMetrics {
  registry: Registry;
  /** Records a finished request's time by its route pattern (never its path with values in it). */
  observe(route: string, method: string, status: number, seconds: number): void;
  countLookup(outcome: string, match: string | null): void;
}

export function createMetrics(db: Knex, options: { limitsLocal?: () => boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const limitsLocal = options.limitsLocal ?? (() => false);
  new Gauge({
    name: 'rate_limits_local',
    help: '1 while the shared store (Redis) cannot be reached and limits are counted in this process only',
    registers: [registry],
    collect() {
      this.set(limitsLocal() ? 1 : 0);
    },
  });

  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const lookups = new Counter({
    name: 'lookups_total',
    help: 'Lookups answered, by outcome (status) and match kind',
    labelNames: ['outcome', 'match'] as const,
    registers: [registry],
  });

  // Knex's pool (tarn): used, free and waiting connections, read when scraped.
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { used, free, pending } = poolUse(db);
      this.set({ state: 'used' }, used);
      this.set({ state: 'free' }, free);
      this.set({ state: 'pending' }, pending);
    },
  });

  // One query per scrape for both roll gauges (prom-client collects them concurrently).
  type LiveRollDate = { state: string; as_of: string; live_at: string | null };
  let liveRolls: Promise<LiveRollDate[]> | undefined;
  const readLiveRolls = (): Promise<LiveRollDate[]> => {
    liveRolls ??= db('roll_snapshot')
      .where({ lifecycle: 'live' })
      .select('state', db.raw('extract(epoch from as_of::timestamptz) AS as_of'), db.raw('extract(epoch from live_at) AS live_at'))
      .finally(() => setTimeout(() => (liveRolls = undefined), 1000).unref()) as Promise<LiveRollDate[]>;
    return liveRolls;
  };
  new Gauge({
    name: 'roll_age_seconds',
    help: 'Age of the live roll of each state, from its as-of date',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now() / 1000;
      for (const roll of await readLiveRolls().catch(() => [])) this.set({ state: roll.state }, Math.max(0, now - Number(roll.as_of)));
    },
  });
  new Gauge({
    name: 'roll_last_import_timestamp_seconds',
    help: 'When the live roll of each state was switched in (its import succeeded)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const roll of await readLiveRolls().catch(() => [])) if (roll.live_at !== null) this.set({ state: roll.state }, Number(roll.live_at));
    },
  });

  // Lookups read the database of DATABASE_READ_URL when it is set: on a hot standby,
  // how far its replay is behind what it has received (0 when caught up). Absent on a
  // primary, and while the database cannot be asked.
  new Gauge({
    name: 'db_replica_lag_seconds',
    help: 'Replication lag of the read replica lookups use: time since the last replayed transaction while WAL waits to be replayed, else 0',
    registers: [registry],
    async collect() {
      this.reset();
      const [row] = await db
        .select<{ standby: boolean; lag: string | null }[]>(
          db.raw('pg_is_in_recovery() AS standby'),
          db.raw(
            `CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                  ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END AS lag`,
          ),
        )
        .catch(() => []);
      if (row?.standby) this.set(Math.max(0, Number(row.lag ?? 0)));
    },
  });

  // One histogram child per route, method and status, looked up by a plain string
  // rather than prom-client hashing the label object on every observation.
  const observers = new Map<string, { observe(seconds: number): void }>();
  const observe = (route: string, method: string, status: number, seconds: number) => {
    const key = `${route} ${method} ${status}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = duration.labels({ route, method, status: String(status) });
      observers.set(key, observer);
    }
    observer.observe(seconds);
  };

  return {
    registry,
    observe,
    countLookup: (outcome, match) => lookups.inc({ outcome, match: match ?? 'none' }),
  };
}
