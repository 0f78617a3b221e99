import { POLICY } from '../config.ts';
import { statfs } from 'node:fs/promises';
import type pg from 'pg';
import { VOTER_COLUMNS, VOTER_INDEXES } from '../db/voter-table.ts';

/**
 * The snapshot lifecycle, on one dedicated connection: a roll loads into its own
 * table beside the live one, gets its indexes and statistics, and becomes a
 * partition of `voter` in the same transaction that makes it live.
 */

/** Notified with the state's code whenever a roll goes live or is rolled back: servers refresh what they keep of it. */
export const ROLL_LIVE_CHANNEL = 'roll_live';

function snapshotTable(id: number): string {
  if (!Number.isInteger(id) || id <= 0) throw new Error('snapshot id must be a positive integer');
  return `voter_snapshot_${id}`;
}

export class ImportRefused extends Error {
  override name = 'ImportRefused';
}

export type SnapshotStore = ReturnType<typeof createSnapshotStore>;

export function createSnapshotStore(client: pg.ClientBase) {
  return {
    /** Session-level: released when this connection ends, even by kill -9. */
    async lockState(state: string): Promise<void> {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext('voter-lookup import ' || $1)) AS locked`, [state]);
      if (!rows[0]?.locked) throw new ImportRefused(`Another import of ${state} is running; try again when it ends.`);
    },

    async unlockState(state: string): Promise<void> {
      await client.query(`SELECT pg_advisory_unlock(hashtext('voter-lookup import ' || $1))`, [state]);
    },

    /** What an import killed half way left behind: its loading snapshot and table. */
    async removeAbandoned(state: string): Promise<number> {
      const { rows } = await client.query<{ id: number }>(`SELECT id FROM roll_snapshot WHERE state = $1 AND lifecycle = 'loading'`, [state]);
      for (const { id } of rows) {
        await client.query(`DROP TABLE IF EXISTS ${snapshotTable(id)}`);
        await client.query('DELETE FROM roll_snapshot WHERE id = $1', [id]);
      }
      return rows.length;
    },

    async liveVoterCount(state: string): Promise<number | null> {
      const { rows } = await client.query<{ rows_loaded: string }>(`SELECT rows_loaded FROM roll_snapshot WHERE state = $1 AND lifecycle = 'live'`, [state]);
      return rows[0] ? Number(rows[0].rows_loaded) : null;
    },

    /**
     * Refuses before loading when the database's own disk (when this machine can see it)
     * has less free space than the files' size: the new roll is built beside the live one.
     */
    async checkFreeDisk(inputBytes: number): Promise<void> {
      const dir = await client
        .query<{ data_directory: string }>('SHOW data_directory')
        .then((r) => r.rows[0]?.data_directory)
        .catch(() => undefined);
      const disk = dir ? await statfs(dir).catch(() => undefined) : undefined;
      if (!disk) return; // a server elsewhere, or no right to ask: its own limits apply
      const free = disk.bavail * disk.bsize;
      if (free < inputBytes) {
        const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
        throw new ImportRefused(`The database's disk has ${gib(free)} free, less than the ${gib(inputBytes)} of files to load; free some space first.`);
      }
    },

    /** The as-of date of the state's live roll, YYYY-MM-DD, or null. */
    async liveAsOf(state: string): Promise<string | null> {
      const { rows } = await client.query<{ as_of: string }>(
        `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of FROM roll_snapshot WHERE state = $1 AND lifecycle = 'live'`,
        [state],
      );
      return rows[0]?.as_of ?? null;
    },

    async begin(state: string, format: string, asOf: string): Promise<number> {
      const { rows } = await client.query<{ id: number }>(`INSERT INTO roll_snapshot (state, format, as_of) VALUES ($1, $2, $3) RETURNING id`, [
        state,
        format,
        asOf,
      ]);
      return rows[0]!.id;
    },

    /** Inside the load transaction, so COPY can write frozen rows and a failure leaves nothing. */
    async createTable(id: number): Promise<void> {
      const table = snapshotTable(id);
      await client.query(`CREATE TABLE ${table} (LIKE voter INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      // Lets ATTACH PARTITION skip its validating scan.
      await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_snapshot CHECK (snapshot_id = ${id})`);
    },

    copySql(id: number): string {
      return `COPY ${snapshotTable(id)} (${VOTER_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT text, FREEZE true)`;
    },

    /**
     * After the load has committed: the indexes in two halves of about equal time on
     * two connections at once (each build also uses PostgreSQL's parallel workers),
     * then statistics. The halves were chosen by timing the whole import with each
     * split (docs/BENCHMARKS.md): a grouping scan for repeated voter ids in place of
     * the unique index was slower there, though not on a settled table.
     */
    async buildIndexes(id: number, helper: pg.ClientBase): Promise<void> {
      const table = snapshotTable(id);
      const { unique, name, given, surnameFirst, surnameLast } = VOTER_INDEXES;
      const build = async (on: pg.ClientBase, statements: string[]) => {
        // Sorting millions of keys in memory rather than on disk, for this session.
        await on.query(`SET maintenance_work_mem = '1GB'`);
        for (const statement of statements) await on.query(statement);
      };
      const results = await Promise.allSettled([
        build(client, [unique.definition(table), given.definition(table)]),
        build(helper, [name.definition(table), surnameFirst.definition(table), surnameLast.definition(table)]),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      await client.query(`ANALYZE ${table}`);
    },

    async countRows(id: number): Promise<number> {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${snapshotTable(id)}`);
      return Number(rows[0]!.n);
    },

    /** The switch: one transaction attaches the new roll, retires the old one and makes the new one live. */
    async goLive(
      id: number,
      state: string,
      summary: { rowsRead: number; rowsLoaded: number; rowsRefused: number; statusCounts: Record<string, number> },
    ): Promise<void> {
      await client.query('BEGIN');
      try {
        await client.query(`ALTER TABLE voter ATTACH PARTITION ${snapshotTable(id)} FOR VALUES IN (${id})`);
        const { rows: previous } = await client.query<{ id: number }>(
          `UPDATE roll_snapshot SET lifecycle = 'retired', retired_at = now() WHERE state = $1 AND lifecycle = 'live' RETURNING id`,
          [state],
        );
        await client.query(
          `UPDATE roll_snapshot
              SET lifecycle = 'live', live_at = now(), rows_read = $2, rows_loaded = $3, rows_refused = $4, status_counts = $5, previous_id = $6
            WHERE id = $1`,
          [id, summary.rowsRead, summary.rowsLoaded, summary.rowsRefused, JSON.stringify(summary.statusCounts), previous[0]?.id ?? null],
        );
        await client.query(`SELECT pg_notify('${ROLL_LIVE_CHANNEL}', $1)`, [state]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },

    async discard(id: number): Promise<void> {
      await client.query(`DROP TABLE IF EXISTS ${snapshotTable(id)}`);
      await client.query('DELETE FROM roll_snapshot WHERE id = $1', [id]);
    },

    /** Keeps the live roll and the newest retired ones, for rollback; drops the rest. */
    async pruneRetired(state: string, keep = POLICY.snapshotsKept): Promise<void> {
      const { rows } = await client.query<{ id: number }>(
        `SELECT id FROM roll_snapshot WHERE state = $1 AND lifecycle = 'retired' ORDER BY id DESC OFFSET $2`,
        [state, Math.max(keep - 1, 0)],
      );
      for (const { id } of rows) {
        // CONCURRENTLY: lookups on the other partitions are never blocked.
        await client.query(`ALTER TABLE voter DETACH PARTITION ${snapshotTable(id)} CONCURRENTLY`);
        await client.query(`DROP TABLE ${snapshotTable(id)}`);
        await client.query('DELETE FROM roll_snapshot WHERE id = $1', [id]);
      }
    },
  };
}

export interface SnapshotListing {
  id: number;
  state: string;
  format: string;
  asOf: string;
  lifecycle: 'loading' | 'live' | 'retired';
  rowsLoaded: number | null;
  rowsRefused: number | null;
  startedAt: string;
  liveAt: string | null;
}

/** Every snapshot, newest first: what `npm run import -- list` shows. */
export async function listSnapshots(client: pg.ClientBase, state?: string): Promise<SnapshotListing[]> {
  const { rows } = await client.query<SnapshotListing>(
    `SELECT id, state, format, to_char(as_of, 'YYYY-MM-DD') AS "asOf", lifecycle,
            rows_loaded::int AS "rowsLoaded", rows_refused::int AS "rowsRefused",
            to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS "startedAt",
            to_char(live_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS "liveAt"
       FROM roll_snapshot WHERE $1::text IS NULL OR state = $1 ORDER BY state, id DESC`,
    [state ?? null],
  );
  return rows;
}

/**
 * Switches a state back to the snapshot loaded before the live one; the live one
 * is retired. Run again, it goes one further back.
 */
export async function rollbackState(client: pg.ClientBase, state: string): Promise<{ from: number; to: number; asOf: string }> {
  const snapshots = createSnapshotStore(client);
  await snapshots.lockState(state);
  try {
    await client.query('BEGIN');
    const { rows: live } = await client.query<{ id: number; previous_id: number | null }>(
      `SELECT id, previous_id FROM roll_snapshot WHERE state = $1 AND lifecycle = 'live' FOR UPDATE`,
      [state],
    );
    const current = live[0];
    if (!current) throw new ImportRefused(`${state} has no live roll to roll back.`);
    // The snapshot that was live before this one, whose table is still kept: never one rolled away from.
    const { rows: earlier } = await client.query<{ id: number; as_of: string }>(
      `SELECT id, to_char(as_of, 'YYYY-MM-DD') AS as_of FROM roll_snapshot
        WHERE id = $2 AND state = $1 AND lifecycle = 'retired' AND to_regclass('voter_snapshot_' || id) IS NOT NULL`,
      [state, current.previous_id],
    );
    const target = earlier[0];
    if (!target) throw new ImportRefused(`${state} has no earlier snapshot to go back to.`);
    await client.query(`UPDATE roll_snapshot SET lifecycle = 'retired', retired_at = now() WHERE id = $1`, [current.id]);
    await client.query(`UPDATE roll_snapshot SET lifecycle = 'live', live_at = now(), retired_at = NULL WHERE id = $1`, [target.id]);
    await client.query(`SELECT pg_notify('${ROLL_LIVE_CHANNEL}', $1)`, [state]);
    await client.query('COMMIT');
    return { from: current.id, to: target.id, asOf: target.as_of };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await snapshots.unlockState(state);
  }
}
