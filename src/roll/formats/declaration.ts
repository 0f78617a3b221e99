import type { RegistrationStatus } from '../../lookup/index.ts';
import {
  type DateFormat,
  describeDateProblem,
  LayoutError,
  parseDate,
  parseYear,
  type PartReader,
  type RollFormat,
  type RowResult,
  type TextEncoding,
} from './format.ts';

/**
 * A state's voter file as data: how its text is written, where each column is
 * (by header name with the aliases of each layout version, by position where the
 * file has no header, or by character range where it is fixed-width), and what its
 * status codes mean, with the source of each fact. One engine (declaredFormat)
 * reads every declared file; ./states/ holds the declarations.
 */

/** A column's name, or its names across layout versions (the first found is read). */
type ColumnNames = string | readonly string[];

interface StatusColumn {
  column: ColumnNames;
  /**
   * Each code as the file writes it (compared in upper case), to the contract's
   * status, or 'leave out' where it means no registration a lookup can state (its
   * voters are then not found, and counted in the summary).
   */
  codes: Readonly<Record<string, RegistrationStatus | 'leave out'>>;
  /** Where the codes' meanings come from. */
  source: string;
  /** What the sources leave unsure; said in every import's summary beside the counts per code. */
  unsure?: string;
  /** Where some versions of the file have no status column (Missouri's newer extracts): what every listed voter then is. */
  absent?: EveryListedVoter;
}

/** A file with no status column lists only registered voters: each gets this status. */
interface EveryListedVoter {
  every: RegistrationStatus;
  note: string;
}

interface OrderedVersion {
  /** How the version is known, e.g. "45 columns, before Dec 2021". */
  name: string;
  columns: readonly string[];
}

export interface FixedVersion {
  name: string;
  /** Every line of this version is this many characters long. */
  length: number;
  /** Each column's [start, end) character range, 0-based. */
  columns: Readonly<Record<string, readonly [number, number]>>;
}

type ColumnLayout =
  /** A header row names the columns; `headerInFirstPartOnly` where later parts repeat none (Iowa). */
  | { kind: 'header'; headerInFirstPartOnly?: boolean }
  /** No header and no fixed count: columns named by position, "#1", "#2"… (an operator's csv mapping). */
  | { kind: 'positions' }
  /** No header: columns by position, the version told by the number of columns. */
  | { kind: 'ordered'; versions: readonly OrderedVersion[] }
  /** Fixed-width lines: columns by character range, the version told by the line length. */
  | { kind: 'fixed'; versions: readonly FixedVersion[] };

export interface StateFile {
  /** The --format name. */
  format: string;
  state: string;
  /** What the state calls the file. */
  title: string;
  /** What the file says of a birth: a full date, or the year alone. */
  birthKind: 'full' | 'year';
  /** ../shared/reference/states.md's section and the source keys it cites. */
  source: string;
  /** How an operator obtains the file, and what it costs, as the sources say. */
  obtained: string;
  /** The use the state allows, as the state says it: operators decide whether a public lookup fits. */
  use: string;

  /** A character; 'sniff' chooses among comma, tab and pipe; 'fixed' reads fixed-width lines. */
  delimiter: string;
  quote?: string;
  encoding: TextEncoding;
  /** Lines above the header (Rhode Island's note line). */
  preamble?: number;
  layout: ColumnLayout;

  voterId: ColumnNames;
  lastName: ColumnNames;
  firstName: ColumnNames;
  middleName?: ColumnNames;
  suffix?: ColumnNames;
  birth: {
    column: ColumnNames;
    /** Tried in order; 'YYYY' is a year alone. */
    formats: readonly (DateFormat | 'YYYY')[];
    /** Values the state writes for an unknown date (West Virginia's 1900-01-01): treated as blank. */
    placeholders?: readonly string[];
  };
  status: StatusColumn | EveryListedVoter;
  reason?: ColumnNames;
  /** A column, or a column whose code becomes the county's name. */
  county?: ColumnNames | { column: ColumnNames; name: (code: string) => string };
  /** Where the county column is blank: a code column whose code becomes the county's name (North Carolina's county_id). */
  countyFromCode?: { column: ColumnNames; name: (code: string) => string };
  /** A column, or the ZIP taken from the end of a one-string address (Texas since 2025). */
  zip?: ColumnNames | { fromAddress: ColumnNames };
  /** The file drops ZIPs' leading zeros (Maine, Rhode Island): a four-digit ZIP gets its zero back. */
  zipLostLeadingZero?: true;
  /**
   * A column whose listed values (upper case) mark a record the state keeps confidential;
   * `statusCodes`: status codes that mark one too (Oregon's ACP, its address confidentiality program).
   */
  confidential?: { column: ColumnNames; values: readonly string[]; statusCodes?: readonly string[] };
  /** Files in a delivery that are not the voter file (history, code tables): left out, and said. */
  skipFiles?: { pattern: RegExp; what: string };
  /** What else the person running the import must know. */
  notes?: readonly string[];
  /** A check of the header before the declaration reads it (North Carolina's three exact layouts): throws a LayoutError. */
  detect?(header: readonly string[]): void;
  /** Said with a layout refusal: where a file of another era goes. */
  layoutHint?: string;
}

const namesOf = (names: ColumnNames): readonly string[] => (typeof names === 'string' ? [names] : names);

/**
 * A header name as compared: case, spaces, underscores and hyphens aside (Arizona's
 * headers vary in their spaces from file to file), and quotes around it (Vermont 2025).
 */
function comparable(raw: string): string {
  return raw
    .trim()
    .replace(/^'(.*)'$/, '$1')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

type Field = 'voterId' | 'lastName' | 'firstName' | 'middleName' | 'suffix' | 'birth' | 'status' | 'reason' | 'county' | 'countyCode' | 'zip' | 'confidential';

/** Each field's column names, as declared. */
function fieldColumns(file: StateFile): Partial<Record<Field, ColumnNames>> {
  const { county, zip } = file;
  return {
    voterId: file.voterId,
    lastName: file.lastName,
    firstName: file.firstName,
    ...(file.middleName ? { middleName: file.middleName } : {}),
    ...(file.suffix ? { suffix: file.suffix } : {}),
    birth: file.birth.column,
    ...('column' in file.status ? { status: file.status.column } : {}),
    ...(file.reason ? { reason: file.reason } : {}),
    ...(county ? { county: typeof county === 'object' && 'column' in county ? county.column : county } : {}),
    ...(file.countyFromCode ? { countyCode: file.countyFromCode.column } : {}),
    ...(zip ? { zip: typeof zip === 'object' && 'fromAddress' in zip ? zip.fromAddress : zip } : {}),
    ...(file.confidential ? { confidential: file.confidential.column } : {}),
  };
}

const REQUIRED: readonly Field[] = ['voterId', 'lastName', 'firstName', 'birth', 'status'];

/** A column by its 1-based position, "#3", where a file has no header. */
const POSITION = /^#[1-9]\d*$/;

/** Where each field is in a row: its position and the column name it was found by. */
type Located = Map<Field, { at: number; name: string }>;

/** Finds each field's column among `names`; refuses, naming them, when a required one is missing. */
function locate(file: StateFile, names: readonly string[], what: string): Located {
  const compared = names.map(comparable);
  const located: Located = new Map();
  const missing: string[] = [];
  for (const [field, declared] of Object.entries(fieldColumns(file)) as [Field, ColumnNames][]) {
    const candidates = namesOf(declared);
    const found = candidates.find((name) => compared.includes(comparable(name)) || (POSITION.test(name) && Number(name.slice(1)) <= names.length));
    if (found !== undefined) located.set(field, { at: POSITION.test(found) ? Number(found.slice(1)) - 1 : compared.indexOf(comparable(found)), name: found });
    else if (REQUIRED.includes(field) && !(field === 'status' && 'absent' in file.status)) missing.push(candidates.join(' or '));
  }
  if (missing.length > 0) throw new LayoutError(`${what} is not that of ${file.title}: missing columns: ${missing.join('; ')}`);
  return located;
}

/** True when most of a first row's values are this version's column names: a header in a file that usually has none. */
function isHeaderOf(row: readonly string[], columns: readonly string[]): boolean {
  const known = new Set(columns.map(comparable));
  return row.filter((value) => known.has(comparable(value))).length * 2 > row.length;
}

const ZIP_AT_END = /\b(\d{5})(?:-\d{4})?\s*$/;

/** The row reader for one part, once its columns are located. */
function rowReader(file: StateFile, located: Located, width: number, get: (fields: readonly string[], field: Field) => string): PartReader {
  const currentYear = new Date().getUTCFullYear();
  const columnName = (field: Field) => located.get(field)?.name ?? field;
  const status = file.status;
  // A file that lists only registered voters: by declaration, or by lacking the status column where some versions do.
  const listedOnly = 'every' in status ? status : located.has('status') ? undefined : status.absent;
  const codes =
    'codes' in status && !listedOnly ? new Map(Object.entries(status.codes).map(([code, value]) => [code.toUpperCase(), value] as const)) : undefined;
  const confidentialValues = new Set(file.confidential?.values.map((value) => value.toUpperCase()));
  const confidentialCodes = new Set(file.confidential?.statusCodes?.map((code) => code.toUpperCase()));
  const countyName = typeof file.county === 'object' && 'name' in file.county ? file.county.name : (code: string) => code;
  const knownCodes = codes ? [...codes.keys()].sort().join(', ') : '';
  const countyFromCode = file.countyFromCode?.name;
  const zipFromAddress = typeof file.zip === 'object' && 'fromAddress' in file.zip;
  const placeholders = new Set(file.birth.placeholders);

  type DateProblem = 'blank' | 'masked' | 'invalid';
  const born = (text: string): { year: number; date: string | null } | { problem: string } => {
    let problem: DateProblem = 'invalid';
    if (placeholders.has(text.trim())) problem = 'blank';
    else
      for (const format of file.birth.formats) {
        const parsed: { year: number; date?: string } | { problem: DateProblem } =
          format === 'YYYY' ? parseYear(text, currentYear) : parseDate(text, format, currentYear);
        if ('year' in parsed) return { year: parsed.year, date: parsed.date ?? null };
        problem = parsed.problem;
        if (problem !== 'invalid') break;
      }
    const yearOnly = file.birth.formats.every((format) => format === 'YYYY');
    return {
      problem: yearOnly && problem === 'invalid' ? `${columnName('birth')} is not a plausible year` : describeDateProblem(columnName('birth'), problem),
    };
  };

  return {
    width,
    ...(listedOnly && listedOnly !== status ? { note: listedOnly.note } : {}),
    columns: [...located.values()].map(({ at }) => at),
    toRecord(fields): RowResult {
      const voterId = get(fields, 'voterId');
      if (!voterId) return { problem: `${columnName('voterId')} is blank` };
      const statusCode = codes ? get(fields, 'status').toUpperCase() : '';
      const confidential = confidentialValues.has(get(fields, 'confidential').toUpperCase()) || confidentialCodes.has(statusCode);
      const lastName = get(fields, 'lastName');
      const birth = born(get(fields, 'birth'));
      // The state withholds a confidential voter's details: neither loaded nor refused.
      if (confidential && (!lastName || 'problem' in birth)) return { withheld: true };
      if (!lastName) return { problem: `${columnName('lastName')} is blank` };
      if ('problem' in birth) return birth;
      const registrationStatus = codes ? codes.get(statusCode) : listedOnly!.every;
      if (!registrationStatus) return { problem: `${columnName('status')} is not one of the codes this reader knows (${knownCodes})` };
      if (registrationStatus === 'leave out') return { leftOut: statusCode };
      const address = get(fields, 'zip');
      return {
        record: {
          voterId,
          lastName,
          firstName: get(fields, 'firstName'),
          middleName: get(fields, 'middleName'),
          suffix: get(fields, 'suffix'),
          birthYear: birth.year,
          birthDate: birth.date,
          zip: zipFromAddress ? (ZIP_AT_END.exec(address)?.[1] ?? '') : file.zipLostLeadingZero && /^\d{4}(-\d{4})?$/.test(address) ? `0${address}` : address,
          county: countyName(get(fields, 'county')) || (countyFromCode ? countyFromCode(get(fields, 'countyCode')) : ''),
          registrationStatus,
          statusCode: statusCode || 'LISTED',
          reasonCode: get(fields, 'reason'),
          confidential,
        },
      };
    },
  };
}

/** The importer's format for a declared file; made anew for each import (Iowa's later parts reuse the first part's header). */
export function declaredFormat(file: StateFile): RollFormat {
  const { layout } = file;
  let firstHeader: readonly string[] | undefined;
  // Each field's position, read once per part: a row's values are then plain index reads.
  const delimited = (located: Located) => {
    const at: Partial<Record<Field, number>> = Object.fromEntries([...located].map(([field, where]) => [field, where.at]));
    return (fields: readonly string[], field: Field) => {
      const i = at[field];
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
  };
  return {
    delimiter: file.delimiter,
    ...(file.quote ? { quote: file.quote } : {}),
    header: layout.kind === 'header',
    encoding: file.encoding,
    ...(file.preamble ? { preamble: file.preamble } : {}),
    ...(file.skipFiles ? { skipPart: (name: string) => (file.skipFiles!.pattern.test(name) ? file.skipFiles!.what : undefined) } : {}),
    notes: [
      ...('every' in file.status ? [file.status.note] : []),
      ...('unsure' in file.status && file.status.unsure ? [file.status.unsure] : []),
      ...(file.notes ?? []),
    ],
    reader(firstRow) {
      try {
        return partReader(firstRow);
      } catch (error) {
        if (error instanceof LayoutError && file.layoutHint) throw new LayoutError(`${error.message} ${file.layoutHint}`);
        throw error;
      }
    },
  };
  function partReader(firstRow: readonly string[]): PartReader {
    switch (layout.kind) {
      case 'header': {
        let header = firstRow;
        let firstRowIsData = false;
        if (layout.headerInFirstPartOnly && firstHeader) {
          const compared = new Set(firstRow.map(comparable));
          if (!namesOf(file.voterId).some((name) => compared.has(comparable(name)))) [header, firstRowIsData] = [firstHeader, true];
        }
        if (!firstRowIsData) file.detect?.(header);
        const located = locate(file, header, firstRowIsData ? 'The first part’s header' : 'The header');
        firstHeader ??= header;
        return { ...rowReader(file, located, header.length, delimited(located)), firstRowIsData };
      }
      case 'positions': {
        const located = locate(
          file,
          firstRow.map((_, i) => `#${i + 1}`),
          'The file',
        );
        return { ...rowReader(file, located, firstRow.length, delimited(located)), firstRowIsData: true };
      }
      case 'ordered': {
        const version = layout.versions.find((v) => v.columns.length === firstRow.length);
        if (!version) {
          const counts = layout.versions.map((v) => `${v.columns.length} (${v.name})`).join(', ');
          throw new LayoutError(`The first row has ${firstRow.length} columns; ${file.title} has ${counts}.`);
        }
        const located = locate(file, version.columns, `The ${version.name} layout`);
        return { ...rowReader(file, located, version.columns.length, delimited(located)), firstRowIsData: !isHeaderOf(firstRow, version.columns) };
      }
      case 'fixed': {
        const line = firstRow[0] ?? '';
        const version = layout.versions.find((v) => v.length === line.length);
        if (!version) {
          const lengths = layout.versions.map((v) => `${v.length} (${v.name})`).join(', ');
          throw new LayoutError(`The first line is ${line.length} characters long; ${file.title}'s lines are ${lengths}.`);
        }
        const names = Object.keys(version.columns);
        const located = locate(file, names, `The ${version.name} layout`);
        const ranges = new Map([...located].map(([field, { name }]) => [field, version.columns[name]!] as const));
        const reader = rowReader(file, located, 1, (fields, field) => {
          const range = ranges.get(field);
          return range ? (fields[0] ?? '').slice(range[0], range[1]).trim() : '';
        });
        return {
          width: 1,
          firstRowIsData: true,
          toRecord: (fields) =>
            (fields[0] ?? '').length === version.length
              ? reader.toRecord(fields)
              : { problem: `is ${(fields[0] ?? '').length} characters long, expected ${version.length} (${version.name})` },
        };
      }
    }
  }
}
