import { dedicatedClient } from '../db/client.ts';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CsvMapping } from './formats/csv-mapping.ts';
import { FORMAT_STATE, type ImportFormat, rollFormat } from './formats/index.ts';
import { createLoader } from './load.ts';
import { readRecords } from './read-records.ts';
import { decodeText } from './read-text.ts';
import { ImportTally } from './tally.ts';
import { createSnapshotStore, ImportRefused, type SnapshotStore } from './snapshots.ts';
import { openRollInput, type RollPart } from './sources.ts';
import type { RowProblem } from './voter-record.ts';

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
  /** Rows and decompressed bytes past which the file is refused while it streams (default: from the live roll, see importLimits). */
  maxRows?: number;
  maxBytes?: number;
  stdin?: Readable;
  onProgress?: (progress: ImportProgress) => void;
}

/** A roll's rows take this many bytes of text at most, on average, in any state's layout (NC's are some 400). */
const BYTES_PER_ROW_CEILING = 2000;

/**
 * What a file may hold before it is refused while it streams, so a zip bomb or a
 * runaway file stops long before it fills the primary's disk: twice the live roll,
 * at least 1,000,000 rows, or 40,000,000 rows for a state's first roll (California
 * has some 22,000,000 voters); --max-rows and --max-bytes say otherwise.
 */
function importLimits(liveRows: number | null, options: Pick<ImportOptions, 'maxRows' | 'maxBytes'>): { maxRows: number; maxBytes: number } {
  const maxRows = options.maxRows ?? (liveRows === null ? 40_000_000 : Math.max(liveRows * 2, 1_000_000));
  return { maxRows, maxBytes: options.maxBytes ?? maxRows * BYTES_PER_ROW_CEILING };
}

/** How the importer's connections name themselves (pg_stat_activity). */
const IMPORT_CONNECTION = 'voter-lookup import';

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
  /** Records whose status code means no registration a lookup can state: not loaded, not refused. */
  rowsLeftOut: number;
  /** The first few refused rows, by file and line number. */
  refusedSamples: RowProblem[];
  statusCounts: Record<string, number>;
  /** Loaded rows by the status code as the file writes it, so an operator can check each code's mapping. */
  statusCodeCounts: Record<string, number>;
  notes: string[];
  durationMs: number;
  peakRssBytes: number;
}

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
  const format = rollFormat(options.format, state, options.mapping);
  const maxRefusedShare = options.maxRefusedShare ?? 0.001;
  const input = await openRollInput(options.files, options.stdin);
  // A delivery's other files (voting history, code tables) are left out, and said.
  const skipped: string[] = [];
  const parts = input.parts.filter((part) => {
    const what = format.skipPart?.(part.name);
    if (what) skipped.push(`Left out ${part.name}: ${what}.`);
    return !what;
  });
  if (parts.length === 0) {
    await input.close();
    throw new ImportRefused(`None of the files is ${options.format}'s voter file: ${skipped.join(' ')}`);
  }
  const asOf = options.asOf ?? asOfFromParts(parts);
  const client = dedicatedClient(options.databaseUrl, IMPORT_CONNECTION);
  let peakRss = process.memoryUsage.rss();
  let bytesRead = 0;
  let lastProgress = 0;
  const progress = (rowsRead: number, force = false) => {
    const now = Date.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    options.onProgress?.({ rowsRead, bytesRead, bytesTotal: input.size, elapsedMs: now - started });
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
    const limits = importLimits(previousCount, options);
    const tally = new ImportTally({ maxRows: limits.maxRows, maxRefusedShare }, parts.length > 1);
    for (const note of [...input.notes, ...skipped, ...(format.notes ?? [])]) tally.notes.add(note);
    await snapshots.checkFreeDisk(input.size);
    const snapshotId = await snapshots.begin(state, options.format, asOf);
    let copy: Writable | undefined;
    let loader: ReturnType<typeof createLoader> | undefined;
    try {
      await client.query('BEGIN');
      await snapshots.createTable(snapshotId);
      copy = client.query(copyFrom(snapshots.copySql(snapshotId)));
      const load = createLoader(copy, snapshotId, state);
      loader = load;
      let decompressed = 0;
      for (const part of parts) {
        const opened = await part.open((n) => (bytesRead += n));
        opened.on('data', (chunk: Buffer) => {
          decompressed += chunk.length;
          if (decompressed > limits.maxBytes) {
            opened.destroy(new ImportRefused(`The files hold more than ${limits.maxBytes} bytes of text, more than this roll can be (--max-bytes).`));
          }
        });
        let pending: Promise<void> | undefined;
        const reader = await readRecords(decodeText(opened, format.encoding), format, {
          row(result, line) {
            const record = tally.count(result, part.name, line);
            if (record) pending = load.add(record, part.name, line) ?? pending;
          },
          batchDone() {
            progress(tally.rowsRead);
            const waiting = pending;
            pending = undefined;
            return waiting;
          },
          note: (text) => tally.notes.add(text),
        }).catch((error: unknown) => {
          throw readError(error, part);
        });
        if (!reader) throw new ImportRefused(`${part.name} is empty.`);
      }
      await load.finish();
      copy = undefined;
      progress(tally.rowsRead, true);
      tally.verdict(previousCount, options.allowShrink ?? false);
      // The loaded table is committed (still unattached, its snapshot still loading, so
      // no lookup sees it and a kill leaves it for the next import to remove).
      await client.query('COMMIT');
      await publish(snapshots, snapshotId, state, tally, options.databaseUrl);
    } catch (error) {
      // An unfinished COPY is cancelled (CopyFail) before the transaction can roll back.
      if (copy && !copy.writableFinished) {
        copy.destroy();
        await finished(copy).catch(() => {});
      }
      await client.query('ROLLBACK').catch(() => {});
      await snapshots.discard(snapshotId).catch(() => {});
      throw loader?.refusedValue(error) ?? error;
    }
    await snapshots.pruneRetired(state);
    await snapshots.unlockState(state);
    return {
      snapshotId,
      state,
      format: options.format,
      asOf,
      parts: parts.length,
      rowsRead: tally.rowsRead,
      rowsLoaded: tally.rowsLoaded,
      rowsRefused: tally.rowsRefused,
      rowsWithheld: tally.rowsWithheld,
      rowsLeftOut: tally.rowsLeftOut,
      refusedSamples: tally.refused,
      statusCounts: tally.statusCounts,
      statusCodeCounts: tally.statusCodeCounts,
      notes: [...tally.notes],
      durationMs: Date.now() - started,
      peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
    };
  } finally {
    await client.end().catch(() => {});
    await input.close();
  }
}

/**
 * The import's last stage: the loaded table indexed (on two connections) and
 * analysed, counted against the tally, and switched in with one transaction.
 */
async function publish(snapshots: SnapshotStore, snapshotId: number, state: string, tally: ImportTally, databaseUrl: string): Promise<void> {
  const helper = dedicatedClient(databaseUrl, IMPORT_CONNECTION);
  await helper.connect();
  await snapshots
    .buildIndexes(snapshotId, helper)
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505') throw new ImportRefused('The file has the same voter id on more than one row.');
      throw error;
    })
    .finally(() => helper.end().catch(() => {}));
  const counted = await snapshots.countRows(snapshotId);
  if (counted !== tally.rowsLoaded) throw new ImportRefused(`Verification failed: ${counted} rows in the new roll, ${tally.rowsLoaded} expected.`);
  await snapshots.goLive(snapshotId, state, {
    rowsRead: tally.rowsRead,
    rowsLoaded: tally.rowsLoaded,
    rowsRefused: tally.rowsRefused,
    statusCounts: tally.statusCounts,
  });
}

/** A read failure names the file, never the text in it. */
/** yauzl's words for a damaged or truncated zip entry. */
const DAMAGED_ZIP = /signature|unexpected EOF|stream ended|too many bytes|compressed|size mismatch|invalid (relative|central|local)|CRC/i;

function readError(error: unknown, part: RollPart): unknown {
  if (error instanceof ImportRefused || error instanceof pg.DatabaseError) return error;
  const code = (error as { code?: unknown }).code;
  const zipped = part.name.includes('.zip:');
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return new ImportRefused(`${part.name} is ${zipped ? 'a damaged zip entry' : 'a damaged .gz file'}.`);
  if (code === 'ENOENT') return new ImportRefused(`There is no file at ${part.name}.`);
  if (zipped && error instanceof Error && DAMAGED_ZIP.test(error.message)) return new ImportRefused(`${part.name} is a damaged zip entry.`);
  return error;
}
