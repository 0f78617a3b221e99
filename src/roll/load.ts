import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { ImportRefused } from './snapshots.ts';
import { toCopyLine, type VoterRecord } from './voter-record.ts';

const COPY_CHUNK_CHARS = 1 << 18;

/** A run of loaded rows from consecutive lines of one file: COPY's line `copyLine` is that file's line `line`. */
interface RowOrigin {
  copyLine: number;
  part: string;
  line: number;
}

/**
 * The import's fourth stage: records into the snapshot's table through one COPY,
 * with back-pressure (add returns a promise while the database is behind), keeping
 * where each row came from, so that a value PostgreSQL refuses is named by its file
 * and line, never by PostgreSQL's message, which may quote the value.
 */
export function createLoader(copy: Writable, snapshotId: number, state: string) {
  const origins: RowOrigin[] = [];
  let loaded = 0;
  let buffered = '';
  let failure: Error | undefined;
  copy.once('error', (error) => (failure = error));
  const flush = (): Promise<void> | undefined => {
    if (!buffered) return undefined;
    const ok = copy.write(buffered);
    buffered = '';
    return ok ? undefined : once(copy, 'drain').then(() => undefined);
  };
  return {
    add(record: VoterRecord, part: string, line: number): Promise<void> | undefined {
      if (failure) throw failure;
      const run = origins.at(-1);
      if (!run || run.part !== part || run.line + (loaded + 1 - run.copyLine) !== line) origins.push({ copyLine: loaded + 1, part, line });
      loaded += 1;
      buffered += toCopyLine(snapshotId, state, record);
      return buffered.length >= COPY_CHUNK_CHARS ? flush() : undefined;
    },
    async finish(): Promise<void> {
      await flush();
      copy.end();
      await finished(copy);
    },
    /** A value PostgreSQL refused while loading (a data exception, SQLSTATE class 22), as a refusal naming its file and line. */
    refusedValue(error: unknown): ImportRefused | undefined {
      if (!(error instanceof pg.DatabaseError) || !error.code?.startsWith('22')) return undefined;
      const copyLine = Number(/COPY \S+, line (\d+)/.exec(error.where ?? '')?.[1]);
      let origin: RowOrigin | undefined;
      for (const run of origins) if (run.copyLine <= copyLine) origin = run;
      if (!origin) return new ImportRefused(`PostgreSQL refused a value in the file (SQLSTATE ${error.code}).`);
      return new ImportRefused(`${origin.part}: line ${origin.line + (copyLine - origin.copyLine)}: PostgreSQL refused a value (SQLSTATE ${error.code}).`);
    },
  };
}
