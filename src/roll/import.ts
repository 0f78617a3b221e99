import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CsvMapping } from './formats/csv-mapping.ts';
import type { PartReader } from './formats/format.ts';
import { FORMAT_STATE, type ImportFormat, rollFormat } from './formats/index.ts';
import { decodeText, readRows } from './read-text.ts';
import { createSnapshotStore, ImportRefused } from './snapshots.ts';
import { openRollInput, type RollPart } from './sources.ts';
import { type RowProblem, toCopyLine } from './voter-record.ts';

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  /** 0 when unknown (standard input). */
  bytesTotal: number;
  elapsedMs: number;
}

export interface ImportOptions {
  databaseUrl: string;
  state: string;
  format: ImportFormat;
  /** Paths (files, folders, .gz, .zip), or ['-'] for standard input. */
  files: string[];
  /** For the csv format. */
  mapping?: CsvMapping;
  /** YYYY-MM-DD; default: from the files (a date in their names, else their modification time). */
  asOf?: string;
  /** Share of rows that may be refused before the whole roll is (default 0.001, 0.1%). */
  maxRefusedShare?: number;
  /** Load a roll with fewer than 90% of the live roll's voters. */
  allowShrink?: boolean;
  /** Load a roll dated before the live one (normally refused: an old file would bring back voters since removed). */
  allowOlder?: boolean;
  stdin?: Readable;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportSummary {
  snapshotId: number;
  state: string;
  format: ImportFormat;
  asOf: string;
  parts: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRefused: number;
  /** Confidential records whose data the state withholds: not loaded, not refused. */
  rowsWithheld: number;
  /** The first few refused rows, by file and line number. */
  refusedSamples: RowProblem[];
  statusCounts: Record<string, number>;
  notes: string[];
  durationMs: number;
  peakRssBytes: number;
}

const SHRINK_GUARD = 0.9;
const REFUSED_SAMPLES = 5;
const COPY_CHUNK_CHARS = 1 << 18;
const PROGRESS_EVERY_MS = 250;

/** A date in a file name (Florida's ALA_20240105.txt, Missouri's PSR_VotersList_04022018), else the newest modification time. */
function asOfFromParts(parts: readonly Pick<RollPart, 'name' | 'modified'>[]): string {
  const dates = parts.map((part) => {
    for (const [, digits] of part.name.matchAll(/(?:^|\D)(\d{8})(?:\D|$)/g)) {
      for (const [y, m, d] of [
        [digits!.slice(0, 4), digits!.slice(4, 6), digits!.slice(6)],
        [digits!.slice(4), digits!.slice(0, 2), digits!.slice(2, 4)],
      ]) {
        const date = `${y}-${m}-${d}`;
        const parsed = new Date(`${date}T00:00:00Z`);
        if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) && Number(y) >= 1990) return date;
      }
    }
    return part.modified.toISOString().slice(0, 10);
  });
  return dates.sort().at(-1)!;
}

interface LoadTally {
  rowsRead: number;
  rowsLoaded: number;
  rowsRefused: number;
  rowsWithheld: number;
  refused: RowProblem[];
  statusCounts: Record<string, number>;
  notes: Set<string>;
}

/** Writes COPY text with back-pressure: the returned promise waits for the database to catch up. */
function copyWriter(copy: Writable) {
  let buffered = '';
  const flush = (): Promise<void> | undefined => {
    if (!buffered) return undefined;
    const ok = copy.write(buffered);
    buffered = '';
    return ok ? undefined : once(copy, 'drain').then(() => undefined);
  };
  return {
    add(line: string): Promise<void> | undefined {
      buffered += line;
      return buffered.length >= COPY_CHUNK_CHARS ? flush() : undefined;
    },
    flush,
  };
}

/**
 * Loads a roll all-or-nothing: into a new snapshot beside the live one, indexed,
 * analysed and counted, then switched in with one transaction. A failure or a
 * kill leaves the previous roll answering; the next import removes the remains.
 */
export async function importRoll(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const state = options.state.toUpperCase();
  const expectedState = FORMAT_STATE[options.format];
  if (expectedState && expectedState !== state) {
    throw new ImportRefused(`The ${options.format} format is ${expectedState}'s file; it cannot be loaded as ${state}'s roll.`);
  }
  const format = rollFormat(options.format, options.mapping);
  const maxRefusedShare = options.maxRefusedShare ?? 0.001;
  const input = await openRollInput(options.files, options.stdin);
  const asOf = options.asOf ?? asOfFromParts(input.parts);
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'voter-lookup import' });
  let peakRss = process.memoryUsage.rss();
  const tally: LoadTally = { rowsRead: 0, rowsLoaded: 0, rowsRefused: 0, rowsWithheld: 0, refused: [], statusCounts: {}, notes: new Set() };
  let bytesRead = 0;
  let lastProgress = 0;
  const progress = (force = false) => {
    const now = Date.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    options.onProgress?.({ rowsRead: tally.rowsRead, bytesRead, bytesTotal: input.size, elapsedMs: now - started });
  };

  await client.connect();
  const snapshots = createSnapshotStore(client);
  try {
    await client.query(`SET lock_timeout = '10s'`);
    await snapshots.lockState(state);
    await snapshots.removeAbandoned(state);
    const liveAsOf = await snapshots.liveAsOf(state);
    if (liveAsOf !== null && asOf < liveAsOf && !options.allowOlder) {
      throw new ImportRefused(`This roll is dated ${asOf}, before the live roll of ${liveAsOf}. Pass --allow-older to load it anyway.`);
    }
    const previousCount = await snapshots.liveVoterCount(state);
    const snapshotId = await snapshots.begin(state, options.format, asOf);
    let copy: Writable | undefined;
    try {
      await client.query('BEGIN');
      await snapshots.createTable(snapshotId);
      copy = client.query(copyFrom(snapshots.copySql(snapshotId)));
      let copyFailure: Error | undefined;
      copy.once('error', (error) => (copyFailure = error));
      const writer = copyWriter(copy);

      const refuse = (part: RollPart, line: number, problem: string) => {
        tally.rowsRefused += 1;
        if (tally.refused.length < REFUSED_SAMPLES) {
          tally.refused.push({ line, problem: input.parts.length > 1 ? `${part.name}: ${problem}` : problem });
        }
      };

      for (const part of input.parts) {
        let reader: PartReader | undefined;
        const text = decodeText(await part.open((n) => (bytesRead += n)), format.encoding);
        await readRows(
          text,
          format,
          (rows, firstLine) => {
            if (copyFailure) throw copyFailure;
            let pending: Promise<void> | undefined;
            rows.forEach((fields, i) => {
              const line = firstLine + i;
              if (fields.length === 1 && fields[0] === '') return; // blank line
              if (!reader) {
                reader = format.reader(fields);
                if (reader.note) tally.notes.add(reader.note);
                if (format.header) return;
              }
              tally.rowsRead += 1;
              if (fields.length !== reader.width) {
                refuse(part, line, `has ${fields.length} fields, expected ${reader.width}`);
                return;
              }
              const row = reader.toRecord(fields);
              if ('problem' in row) return refuse(part, line, row.problem);
              if ('withheld' in row) {
                tally.rowsWithheld += 1;
                return;
              }
              tally.rowsLoaded += 1;
              const status = row.record.registrationStatus;
              tally.statusCounts[status] = (tally.statusCounts[status] ?? 0) + 1;
              pending = writer.add(toCopyLine(snapshotId, state, row.record)) ?? pending;
            });
            progress();
            return pending;
          },
          () => reader?.columns,
        ).catch((error: unknown) => {
          throw readError(error, part);
        });
        if (!reader) throw new ImportRefused(`${part.name} is empty.`);
      }
      await writer.flush();
      copy.end();
      await finished(copy);
      copy = undefined;
      progress(true);

      if (tally.rowsRefused > tally.rowsRead * maxRefusedShare) {
        const lines = tally.refused.map((r) => `line ${r.line}: ${r.problem}`).join('; ');
        throw new ImportRefused(
          `${tally.rowsRefused} of ${tally.rowsRead} rows cannot be loaded, more than the ${(maxRefusedShare * 100).toFixed(2)}% allowed (${lines})`,
        );
      }
      if (tally.rowsLoaded === 0) throw new ImportRefused('The file has no voters to load.');
      if (previousCount !== null && tally.rowsLoaded < previousCount * SHRINK_GUARD && !options.allowShrink) {
        throw new ImportRefused(
          `The new roll has ${tally.rowsLoaded} voters, fewer than 90% of the live roll's ${previousCount}; check the file, or give --allow-shrink.`,
        );
      }
      // The loaded table is committed (still unattached, its snapshot still loading, so
      // no lookup sees it and a kill leaves it for the next import to remove).
      await client.query('COMMIT');
      const helper = new pg.Client({ connectionString: options.databaseUrl, application_name: 'voter-lookup import' });
      await helper.connect();
      await snapshots
        .buildIndexes(snapshotId, helper)
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505') throw new ImportRefused('The file has the same voter id on more than one row.');
          throw error;
        })
        .finally(() => helper.end().catch(() => {}));
      const counted = await snapshots.countRows(snapshotId);
      if (counted !== tally.rowsLoaded) {
        throw new ImportRefused(`Verification failed: ${counted} rows in the new roll, ${tally.rowsLoaded} expected.`);
      }
      await snapshots.goLive(snapshotId, state, {
        rowsRead: tally.rowsRead,
        rowsLoaded: tally.rowsLoaded,
        rowsRefused: tally.rowsRefused,
        statusCounts: tally.statusCounts,
      });
    } catch (error) {
      // An unfinished COPY is cancelled (CopyFail) before the transaction can roll back.
      if (copy && !copy.writableFinished) {
        copy.destroy();
        await finished(copy).catch(() => {});
      }
      await client.query('ROLLBACK').catch(() => {});
      await snapshots.discard(snapshotId).catch(() => {});
      throw error;
    }
    await snapshots.pruneRetired(state);
    await snapshots.unlockState(state);
    return {
      snapshotId,
      state,
      format: options.format,
      asOf,
      parts: input.parts.length,
      rowsRead: tally.rowsRead,
      rowsLoaded: tally.rowsLoaded,
      rowsRefused: tally.rowsRefused,
      rowsWithheld: tally.rowsWithheld,
      refusedSamples: tally.refused,
      statusCounts: tally.statusCounts,
      notes: [...tally.notes],
      durationMs: Date.now() - started,
      peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
    };
  } finally {
    await client.end().catch(() => {});
    await input.close();
  }
}

/** A read failure names the file, never the text in it. */
function readError(error: unknown, part: RollPart): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return new ImportRefused(`${part.name} is a damaged .gz file.`);
  if (code === 'ENOENT') return new ImportRefused(`There is no file at ${part.name}.`);
  return error;
}
