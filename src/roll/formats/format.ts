import type { VoterRecord } from '../voter-record.ts';

/**
 * A state file format: how its text is split, whether it has a header, and how
 * one row becomes a voter. One file per format under this folder.
 */

/**
 * A row becomes a voter, is refused with a reason (never the values), is withheld
 * by the state, or is left out because its status code means no registration the
 * contract can state (Arizona's suspense): a lookup then finds no one, as for a
 * person not on the roll.
 */
export type RowResult = { record: VoterRecord } | { problem: string } | { withheld: true } | { leftOut: string };

export interface PartReader {
  /** How many fields every data row has. */
  width: number;
  toRecord(fields: readonly string[]): RowResult;
  /**
   * The positions toRecord reads, when it reads no others: the importer then takes
   * only these out of each line (read-text.ts), and leaves the rest as holes.
   */
  columns?: readonly number[];
  /** Something the person running the import must know about this file. */
  note?: string;
  /**
   * Whether the part's first row is a voter rather than a header, where the part
   * itself tells (a header-less file that came with one, Iowa's later parts); else
   * RollFormat.header says.
   */
  firstRowIsData?: boolean;
}

export type TextEncoding = 'latin1' | 'utf8' | 'auto';

export interface RollFormat {
  /**
   * A single character, 'sniff' to choose among comma, tab and pipe from the first
   * rows, or 'fixed' for fixed-width lines (each line is then the row's one value).
   */
  delimiter: string;
  /** The quote character (default "). */
  quote?: string;
  header: boolean;
  /** 'auto': latin-1 unless the bytes are valid UTF-8. */
  encoding: TextEncoding;
  /** Lines above the header in each part, read past (Rhode Island's note line). */
  preamble?: number;
  /** Why a part of a delivery is not the voter file (a history file beside it), or undefined to read it. */
  skipPart?(name: string): string | undefined;
  /** What the person running the import must know about every file of this format. */
  notes?: readonly string[];
  /** From the header row (or the first data row when there is none) of one part: how to read its rows. */
  reader(firstRow: readonly string[]): PartReader;
}

export class LayoutError extends Error {
  override name = 'LayoutError';
}

/**
 * A first row of which fewer than half the values are known column names is no
 * header: most likely a voter. It is refused by counting, never by quoting, since
 * its values would be a person's name and birth date.
 */
export function refuseUnlessHeader(names: readonly string[], known: ReadonlySet<string>, formatLabel: string): void {
  const recognised = names.filter((name) => known.has(name)).length;
  if (recognised * 2 < names.length) {
    throw new LayoutError(
      `The first row is not a ${formatLabel} header: ${recognised} of its ${names.length} values are ${formatLabel} column names (a file without its header row?).`,
    );
  }
}

const DATE_PATTERNS = {
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/,
  'MM/DD/YYYY': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})$/,
  YYYYMMDD: /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  // West Virginia writes a time after each date: 3/14/1985 0:00:00.
  'MM/DD/YYYY 0:00:00': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4}) \d{1,2}:\d{2}(?::\d{2})?$/,
  'MM-DD-YYYY': /^(?<m>\d{1,2})-(?<d>\d{1,2})-(?<y>\d{4})$/,
} as const satisfies Record<string, RegExp>;

export type DateFormat = keyof typeof DATE_PATTERNS;
export const DATE_FORMATS = Object.keys(DATE_PATTERNS) as [DateFormat, ...DateFormat[]];

export type ParsedDate = { date: string; year: number } | { problem: 'blank' | 'masked' | 'invalid' };

/**
 * A birth date as YYYY-MM-DD. States mask some dates (XX-XX-XXXX, ##/##/####) and
 * leave others blank; neither is a date, and neither is a parse error.
 */
export function parseDate(text: string, format: DateFormat, currentYear: number): ParsedDate {
  const value = text.trim();
  if (value === '') return { problem: 'blank' };
  if (/[X#*]/i.test(value)) return { problem: 'masked' };
  const groups = DATE_PATTERNS[format].exec(value)?.groups;
  if (!groups) return { problem: 'invalid' };
  const [year, month, day] = [Number(groups.y), Number(groups.m), Number(groups.d)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { problem: 'invalid' };
  if (year < 1850 || year > currentYear) return { problem: 'invalid' };
  return { date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, year };
}

/** A birth year alone (YYYY), for the states whose file gives no more. */
export function parseYear(text: string, currentYear: number): { year: number } | { problem: 'blank' | 'masked' | 'invalid' } {
  const value = text.trim();
  if (value === '') return { problem: 'blank' };
  if (/[X#*]/i.test(value)) return { problem: 'masked' };
  if (!/^\d{4}$/.test(value)) return { problem: 'invalid' };
  const year = Number(value);
  return year < 1850 || year > currentYear ? { problem: 'invalid' } : { year };
}

export function describeDateProblem(column: string, problem: 'blank' | 'masked' | 'invalid'): string {
  return problem === 'invalid' ? `${column} is not a real date` : `${column} is ${problem}`;
}
