import type { Readable } from 'node:stream';
import type { PartReader, RollFormat, RowResult } from './formats/format.ts';
import { readRows } from './read-text.ts';

/**
 * The import's second stage: one part's text (decoded) to the outcome of each of
 * its data rows, by line: a voter's record, a refusal naming what is wrong (never
 * the values), withheld by the state or left out for its status code. Lines above
 * the header, the header and blank lines are passed over.
 */
export interface RecordSink {
  row(result: RowResult, line: number): void;
  /** After each batch of lines: a promise while the database is behind, so that reading waits and memory stays flat. */
  batchDone(): Promise<void> | undefined;
  /** Something the reader says about this part (Missouri's missing status column). */
  note(text: string): void;
}

/** A byte that is no text: a NUL or another control character (tabs and line ends are the file's own). */
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;
const TEXT_FIELDS = ['voterId', 'lastName', 'firstName', 'middleName', 'suffix', 'zip', 'county', 'statusCode', 'reasonCode'] as const;

/** Reads the part's rows into `sink`; the part's reader, or undefined when the part holds no row at all. */
export async function readRecords(text: Readable, format: RollFormat, sink: RecordSink): Promise<PartReader | undefined> {
  let reader: PartReader | undefined;
  let preamble = format.preamble ?? 0;
  await readRows(
    text,
    format,
    (rows, firstLine) => {
      for (let i = 0; i < rows.length; i += 1) {
        const fields = rows[i]!;
        const line = firstLine + i;
        if (fields.length === 1 && fields[0] === '') continue; // a blank line
        if (preamble > 0) {
          preamble -= 1;
          continue;
        }
        if (!reader) {
          reader = format.reader(fields);
          if (reader.note) sink.note(reader.note);
          if (!(reader.firstRowIsData ?? !format.header)) continue;
        }
        sink.row(rowResult(reader, fields), line);
      }
      return sink.batchDone();
    },
    () => reader?.columns,
  );
  return reader;
}

function rowResult(reader: PartReader, fields: readonly string[]): RowResult {
  if (fields.length !== reader.width) return { problem: `has ${fields.length} fields, expected ${reader.width}` };
  const result = reader.toRecord(fields);
  if (!('record' in result)) return result;
  const control = TEXT_FIELDS.find((field) => CONTROL_CHARACTER.test(result.record[field]));
  return control ? { problem: `a control character in ${control}` } : result;
}
