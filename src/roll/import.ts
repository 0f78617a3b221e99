import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { LayoutError, ncvoterColumns, ncvoterRecord } from './formats/ncvoter.ts';
import { createSnapshotStore, ImportRefused } from './snapshots.ts';
import { type RowProblem, toCopyLine } from './voter-record.ts';

export const IMPORT_FORMATS = ['ncvoter'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  databaseUrl: string;
  state: string;
  format: ImportFormat;
  /** A path, or '-' for standard input. */
  file: string;
  /** YYYY-MM-DD; default: the file's modification date (today for standard input). */
  asOf?: string;
  /** Share of rows that may be refused before the whole file is (default 0.001, 0.1%). */
  maxRefusedShare?: number;
  stdin?: Readable;
}

export interface ImportSummary {
  snapshotId: number;
  state: string;
  format: ImportFormat;
  asOf: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRefused: number;
  /** The first few refused rows, by line number. */
  refusedSamples: RowProblem[];
  statusCounts: Record<string, number>;
  durationMs: number;
}

const REFUSED_SAMPLES = 5;
const COPY_CHUNK_CHARS = 1 << 16;

async function defaultAsOf(file: string): Promise<string> {
  const date = file === '-' ? new Date() : (await stat(file)).mtime;
  return date.toISOString().slice(0, 10);
}

/** The file's bytes, decompressed when it is a .gz. */
function openSource(options: ImportOptions): Readable {
  const source: Readable = options.file === '-' ? (options.stdin ?? process.stdin) : createReadStream(options.file);
  if (!options.file.endsWith('.gz')) return source;
  const gunzip = createGunzip();
  source.once('error', (error: Error) => gunzip.destroy(error));
  return source.pipe(gunzip);
}

/** Counts of each kind, then the rows themselves. */
interface LoadTally {
  rowsRead: number;
  rowsLoaded: number;
  refused: RowProblem[];
  rowsRefused: number;
  statusCounts: Record<string, number>;
}

function refuseRow(tally: LoadTally, line: number, problem: string): void {
  tally.rowsRefused += 1;
  if (tally.refused.length < REFUSED_SAMPLES) tally.refused.push({ line, problem });
}

/**
 * Reads a state file and turns each row into a line of COPY text. Rows that
 * cannot be loaded are counted with their line numbers; the header must be a
 * known layout or nothing is loaded.
 */
function toCopyText(snapshotId: number, state: string, tally: LoadTally) {
  const currentYear = new Date().getUTCFullYear();
  return async function* (records: AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    let columns: ReturnType<typeof ncvoterColumns> | undefined;
    let width = 0;
    let chunk = '';
    for await (const { record: fields, info } of records) {
      if (!columns) {
        columns = ncvoterColumns(fields);
        width = fields.length;
        continue;
      }
      tally.rowsRead += 1;
      if (fields.length !== width) {
        refuseRow(tally, info.lines, `has ${fields.length} fields, the header has ${width}`);
        continue;
      }
      const row = ncvoterRecord(fields, columns, currentYear);
      if ('problem' in row) {
        refuseRow(tally, info.lines, row.problem);
        continue;
      }
      tally.rowsLoaded += 1;
      const status = row.record.registrationStatus;
      tally.statusCounts[status] = (tally.statusCounts[status] ?? 0) + 1;
      chunk += toCopyLine(snapshotId, state, row.record);
      if (chunk.length >= COPY_CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (!columns) throw new LayoutError('The file is empty: it has no header row.');
    if (chunk) yield chunk;
  };
}

/**
 * Loads a roll all-or-nothing: into a new snapshot beside the live one, indexed
 * and counted, then switched in with one transaction. Any failure, or a kill,
 * leaves the previous roll answering.
 */
export async function importRoll(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const state = options.state.toUpperCase();
  const asOf = options.asOf ?? (await defaultAsOf(options.file));
  const maxRefusedShare = options.maxRefusedShare ?? 0.001;
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'voter-lookup import' });
  await client.connect();
  const snapshots = createSnapshotStore(client);
  try {
    await client.query(`SET lock_timeout = '10s'`);
    await snapshots.lockState(state);
    await snapshots.removeAbandoned(state);
    const snapshotId = await snapshots.begin(state, options.format, asOf);
    const tally: LoadTally = { rowsRead: 0, rowsLoaded: 0, rowsRefused: 0, refused: [], statusCounts: {} };
    try {
      await client.query('BEGIN');
      await snapshots.createTable(snapshotId);
      const parser = parse({
        delimiter: '\t',
        quote: '"',
        encoding: 'latin1',
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        info: true,
      });
      await pipeline(
        openSource(options),
        parser,
        toCopyText(snapshotId, state, tally),
        client.query(copyFrom(snapshots.copySql(snapshotId))),
      ).catch((error: unknown) => {
        throw describeReadError(error);
      });
      if (tally.rowsRefused > tally.rowsRead * maxRefusedShare) {
        const lines = tally.refused.map((r) => `line ${r.line}: ${r.problem}`).join('; ');
        throw new ImportRefused(
          `${tally.rowsRefused} of ${tally.rowsRead} rows cannot be loaded, more than the ${(maxRefusedShare * 100).toFixed(2)}% allowed (${lines})`,
        );
      }
      if (tally.rowsLoaded === 0) throw new ImportRefused('The file has no voters to load.');
      await snapshots.buildIndexes(snapshotId).catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') {
          throw new ImportRefused('The file has the same ncid on more than one row.');
        }
        throw error;
      });
      await client.query('COMMIT');
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
      rowsRead: tally.rowsRead,
      rowsLoaded: tally.rowsLoaded,
      rowsRefused: tally.rowsRefused,
      refusedSamples: tally.refused,
      statusCounts: tally.statusCounts,
      durationMs: Date.now() - started,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/** A parser failure names its line, never the text on it. */
function describeReadError(error: unknown): unknown {
  const parseError = error as { code?: unknown; lines?: unknown };
  if (typeof parseError.code === 'string' && parseError.code.startsWith('CSV_')) {
    return new ImportRefused(`Line ${String(parseError.lines)}: the file cannot be read as tab-delimited text (${parseError.code}).`);
  }
  if ((error as { code?: unknown }).code === 'Z_DATA_ERROR') return new ImportRefused('The .gz file is damaged.');
  return error;
}
