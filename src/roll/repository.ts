import type { Knex } from 'knex';
import { z } from 'zod';

export const liveRollSchema = z
  .object({
    state: z.string(),
    dataAsOf: z.string().meta({ format: 'date' }),
    importedAt: z.string().nullable().meta({ format: 'date-time', description: 'When this roll was switched in' }),
    format: z.string(),
    voters: z.number().int(),
    statusCounts: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'LiveRoll' });

export type LiveRoll = z.infer<typeof liveRollSchema>;

interface LiveRollRow {
  state: string;
  as_of: string;
  live_at: Date | null;
  format: string;
  rows_loaded: string | null;
  status_counts: Record<string, number> | null;
}

/** Every live roll, for keyed clients to see how fresh the mirror is. */
export function createRollRepository(knex: Knex) {
  return {
    async live(): Promise<LiveRoll[]> {
      const rows = await knex('roll_snapshot')
        .where({ lifecycle: 'live' })
        .orderBy('state')
        .select<LiveRollRow[]>('state', knex.raw(`to_char(as_of, 'YYYY-MM-DD') AS as_of`), 'live_at', 'format', 'rows_loaded', 'status_counts');
      return rows.map((row) => ({
        state: row.state,
        dataAsOf: row.as_of,
        importedAt: row.live_at ? new Date(row.live_at).toISOString() : null,
        format: row.format,
        voters: Number(row.rows_loaded ?? 0),
        statusCounts: row.status_counts ?? {},
      }));
    },
  };
}
