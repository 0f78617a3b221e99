import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { POLICY } from '../config.ts';

export interface AuditEntry {
  outcome: string;
  client: string;
  inputHmac: string;
  /** A confidential record was given (only ever to a key with the confidential scope). */
  confidential: boolean;
}

/** HMAC-SHA256 of the normalised inputs: the same person's repeated lookups are visible, the person is not. */
export function inputHmac(secret: string, normalisedInputs: readonly (string | number | undefined)[]): string {
  return createHmac('sha256', secret)
    .update(normalisedInputs.map((v) => v ?? '').join('\u001f'))
    .digest('hex');
}

/**
 * Writes audit rows in batches, off the lookup's path: entries wait in memory for
 * at most a second (or 500 entries), so a crash can lose that second.
 */
export function createAuditLog(knex: Knex, logger: Logger, options: { retentionDays: number; flushMs?: number }) {
  let pending: AuditEntry[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    // Three arrays as three parameters, not 1,500 bound values for Knex to build into a statement.
    await knex
      .raw('INSERT INTO lookup_audit (outcome, client, input_hmac, confidential) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[])', [
        rows.map((e) => e.outcome),
        rows.map((e) => e.client),
        rows.map((e) => e.inputHmac),
        rows.map((e) => e.confidential),
      ])
      .catch((error: Error) => logger.warn({ errorType: error.name, rows: rows.length }, 'audit rows could not be written'));
  };
  const timer = setInterval(() => void flush(), options.flushMs ?? POLICY.auditFlushMs);
  timer.unref();
  return {
    record(entry: AuditEntry): void {
      pending.push(entry);
      if (pending.length >= POLICY.auditBatchRows) void flush();
    },
    flush,
    /** Removes rows older than AUDIT_RETENTION_DAYS. */
    async prune(): Promise<number> {
      return knex('lookup_audit')
        .where('at', '<', knex.raw(`now() - make_interval(days => ?)`, [options.retentionDays]))
        .delete();
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

export interface AuditSummaryRow {
  client: string;
  outcome: string;
  lookups: number;
}

/** Volumes by client and outcome since a date: scraping shows up as a network with thousands of not_found. */
export async function auditSummary(knex: Knex, since: string): Promise<AuditSummaryRow[]> {
  return knex('lookup_audit')
    .where('at', '>=', since)
    .groupBy('client', 'outcome')
    .select<AuditSummaryRow[]>('client', 'outcome', knex.raw('count(*)::int AS lookups'))
    .orderBy('lookups', 'desc');
}
