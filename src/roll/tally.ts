import { POLICY } from '../config.ts';
import type { RowResult } from './formats/format.ts';
import { ImportRefused } from './snapshots.ts';
import type { RowProblem, VoterRecord } from './voter-record.ts';

const REFUSED_SAMPLES = 5;

/**
 * The import's third stage: what became of every row (loaded, refused with the
 * first few reasons by line, withheld, left out), the counts by status and by the
 * file's own codes, the notes for the summary, and the verdict on the whole roll.
 */
export class ImportTally {
  rowsRead = 0;
  rowsLoaded = 0;
  rowsRefused = 0;
  rowsWithheld = 0;
  rowsLeftOut = 0;
  readonly refused: RowProblem[] = [];
  readonly statusCounts: Record<string, number> = {};
  readonly statusCodeCounts: Record<string, number> = {};
  readonly notes = new Set<string>();

  private readonly limits: { maxRows: number; maxRefusedShare: number };
  /** Refusals name their file when the roll has several. */
  private readonly manyParts: boolean;

  constructor(limits: { maxRows: number; maxRefusedShare: number }, manyParts: boolean) {
    this.limits = limits;
    this.manyParts = manyParts;
  }

  /** Counts one row: the record to load, or undefined. */
  count(result: RowResult, part: string, line: number): VoterRecord | undefined {
    this.rowsRead += 1;
    if (this.rowsRead > this.limits.maxRows) {
      throw new ImportRefused(`The files hold more than ${this.limits.maxRows} rows, more than this roll can be (--max-rows).`);
    }
    if ('record' in result) {
      this.rowsLoaded += 1;
      const { registrationStatus, statusCode } = result.record;
      this.statusCounts[registrationStatus] = (this.statusCounts[registrationStatus] ?? 0) + 1;
      this.statusCodeCounts[statusCode] = (this.statusCodeCounts[statusCode] ?? 0) + 1;
      return result.record;
    }
    if ('problem' in result) {
      this.rowsRefused += 1;
      if (this.refused.length < REFUSED_SAMPLES) this.refused.push({ line, problem: this.manyParts ? `${part}: ${result.problem}` : result.problem });
    } else if ('withheld' in result) {
      this.rowsWithheld += 1;
    } else {
      this.rowsLeftOut += 1;
      const code = `${result.leftOut} (left out)`;
      this.statusCodeCounts[code] = (this.statusCodeCounts[code] ?? 0) + 1;
    }
    return undefined;
  }

  /** Refuses the whole roll when too many rows were refused, none loaded, or it shrank past the guard. */
  verdict(previousCount: number | null, allowShrink: boolean): void {
    const { maxRefusedShare } = this.limits;
    if (this.rowsRefused > this.rowsRead * maxRefusedShare) {
      const lines = this.refused.map((r) => `line ${r.line}: ${r.problem}`).join('; ');
      throw new ImportRefused(
        `${this.rowsRefused} of ${this.rowsRead} rows cannot be loaded, more than the ${(maxRefusedShare * 100).toFixed(2)}% allowed (${lines})`,
      );
    }
    if (this.rowsLoaded === 0) throw new ImportRefused('The file has no voters to load.');
    if (previousCount !== null && this.rowsLoaded < previousCount * POLICY.shrinkGuard && !allowShrink) {
      throw new ImportRefused(
        `The new roll has ${this.rowsLoaded} voters, fewer than ${POLICY.shrinkGuard * 100}% of the live roll's ${previousCount}; check the file, or give --allow-shrink.`,
      );
    }
  }
}
