import { POLICY } from '../config.ts';
import { dedicatedClient } from '../db/client.ts';
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

/** A byte that is no text: a NUL or another control character (tabs and line ends are the file's own). */
/** How the importer's connections name themselves (pg_stat_activity). */
const IMPORT_CONNECTION = 'voter-lookup import';

const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;
const TEXT_FIELDS = ['voterId', 'lastName', 'firstName', 'middleName', 'suffix', 'zip', 'county', 'statusCode', 'reasonCode'] as const;

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
  rowsLeftOut: number;
  refused: RowProblem[];
  statusCounts: Record<string, number>;
  statusCodeCounts: Record<string, number>;
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
  const format = rollFormat(options.format, state, options.mapping);
  const maxRefusedShare = options.maxRefusedShare ?? 0.001;
  const input = await openRollInput(options.files, options.stdin);
  // A delivery's other files (voting history, code tables) are left out, and said.
  const skipped = input.parts.flatMap((part) => {
    const what = format.skipPart?.(part.name);
    return what ? [`Left out ${part.name}: ${what}.`] : [];
  });
  const parts = input.parts.filter((part) => !format.skipPart?.(part.name));
  if (parts.length === 0) {
    await input.close();
    throw new ImportRefused(`None of the files is ${options.format}'s voter file: ${skipped.join(' ')}`);
  }
  const asOf = options.asOf ?? asOfFromParts(parts);
  const client = dedicatedClient(options.databaseUrl, IMPORT_CONNECTION);
  let peakRss = process.memoryUsage.rss();
  const tally: LoadTally = {
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRefused: 0,
    rowsWithheld: 0,
    rowsLeftOut: 0,
    refused: [],
    statusCounts: {},
    statusCodeCounts: {},
    notes: new Set(),
  };
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
    const limits = importLimits(previousCount, options);
    await snapshots.checkFreeDisk(input.size);
    const snapshotId = await snapshots.begin(state, options.format, asOf);
    const origins: RowOrigin[] = [];
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
          tally.refused.push({ line, problem: parts.length > 1 ? `${part.name}: ${problem}` : problem });
        }
      };

      for (const note of [...input.notes, ...skipped, ...(format.notes ?? [])]) tally.notes.add(note);
      let decompressed = 0;
      for (const part of parts) {
        let reader: PartReader | undefined;
        let preamble = format.preamble ?? 0;
        const opened = await part.open((n) => (bytesRead += n));
        opened.on('data', (chunk: Buffer) => {
          decompressed += chunk.length;
          if (decompressed > limits.maxBytes) {
            opened.destroy(new ImportRefused(`The files hold more than ${limits.maxBytes} bytes of text, more than this roll can be (--max-bytes).`));
          }
        });
        const text = decodeText(opened, format.encoding);
        await readRows(
          text,
          format,
          (rows, firstLine) => {
            if (copyFailure) throw copyFailure;
            let pending: Promise<void> | undefined;
            rows.forEach((fields, i) => {
              const line = firstLine + i;
              if (fields.length === 1 && fields[0] === '') return; // blank line
              if (preamble > 0) {
                preamble -= 1;
                return;
              }
              if (!reader) {
                reader = format.reader(fields);
                if (reader.note) tally.notes.add(reader.note);
                if (!(reader.firstRowIsData ?? !format.header)) return;
              }
              tally.rowsRead += 1;
              if (tally.rowsRead > limits.maxRows) {
                throw new ImportRefused(`The files hold more than ${limits.maxRows} rows, more than this roll can be (--max-rows).`);
              }
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
              if ('leftOut' in row) {
                tally.rowsLeftOut += 1;
                const code = `${row.leftOut} (left out)`;
                tally.statusCodeCounts[code] = (tally.statusCodeCounts[code] ?? 0) + 1;
                return;
              }
              const control = TEXT_FIELDS.find((field) => CONTROL_CHARACTER.test(row.record[field]));
              if (control) return refuse(part, line, `a control character in ${control}`);
              // Where each loaded row came from, as runs of consecutive lines, to name the line of a value PostgreSQL refuses.
              const run = origins.at(-1);
              if (!run || run.part !== part.name || run.line + (tally.rowsLoaded + 1 - run.copyLine) !== line) {
                origins.push({ copyLine: tally.rowsLoaded + 1, part: part.name, line });
              }
              tally.rowsLoaded += 1;
              const status = row.record.registrationStatus;
              tally.statusCounts[status] = (tally.statusCounts[status] ?? 0) + 1;
              const code = row.record.statusCode;
              tally.statusCodeCounts[code] = (tally.statusCodeCounts[code] ?? 0) + 1;
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
      if (previousCount !== null && tally.rowsLoaded < previousCount * POLICY.shrinkGuard && !options.allowShrink) {
        throw new ImportRefused(
          `The new roll has ${tally.rowsLoaded} voters, fewer than ${POLICY.shrinkGuard * 100}% of the live roll's ${previousCount}; check the file, or give --allow-shrink.`,
        );
      }
      // The loaded table is committed (still unattached, its snapshot still loading, so
      // no lookup sees it and a kill leaves it for the next import to remove).
      await client.query('COMMIT');
      const helper = dedicatedClient(options.databaseUrl, IMPORT_CONNECTION);
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
      throw refusedValue(error, origins) ?? error;
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

/** A run of loaded rows from consecutive lines of one file: COPY's line `copyLine` is that file's line `line`. */
interface RowOrigin {
  copyLine: number;
  part: string;
  line: number;
}

/**
 * A value PostgreSQL refused while loading (a data exception, SQLSTATE class 22),
 * as a refusal naming the file and line it came from; never PostgreSQL's message,
 * which may quote the value.
 */
function refusedValue(error: unknown, origins: readonly RowOrigin[]): ImportRefused | undefined {
  if (!(error instanceof pg.DatabaseError) || !error.code?.startsWith('22')) return undefined;
  const copyLine = Number(/COPY \S+, line (\d+)/.exec(error.where ?? '')?.[1]);
  let origin: RowOrigin | undefined;
  for (const run of origins) if (run.copyLine <= copyLine) origin = run;
  if (!origin) return new ImportRefused(`PostgreSQL refused a value in the file (SQLSTATE ${error.code}).`);
  return new ImportRefused(`${origin.part}: line ${origin.line + (copyLine - origin.copyLine)}: PostgreSQL refused a value (SQLSTATE ${error.code}).`);
}
