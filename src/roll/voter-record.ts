import { countyKey, nameKey, normalizeName, splitSuffix, canonicalSuffix } from '../lookup/index.ts';
import type { RegistrationStatus } from '../lookup/index.ts';

/** One voter as a state file describes it, before normalisation; the same for every format. */
export interface VoterRecord {
  voterId: string;
  lastName: string;
  firstName: string;
  middleName: string;
  suffix: string;
  birthYear: number;
  /** YYYY-MM-DD where the roll has the full date; null where it has only the year (NC). */
  birthDate: string | null;
  zip: string;
  county: string;
  registrationStatus: RegistrationStatus;
  statusCode: string;
  reasonCode: string;
  confidential: boolean;
}

/** A row that cannot be loaded: the line and what is wrong, never the values. */
export interface RowProblem {
  line: number;
  problem: string;
}

/** "NEW HANOVER" as New Hanover, "MCDOWELL" as Mcdowell: what a person reads in an answer. */
function displayCounty(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/(^|[\s-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
const COPY_SPECIAL = /[\\\t\n\r]/;

function copyText(value: string | null, emptyIsNull = true): string {
  if (value === null || (value === '' && emptyIsNull)) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

// A roll names a hundred or so counties millions of times: each is worked out once.
const countyForms = new Map<string, { display: string; key: string }>();

function countyForm(raw: string): { display: string; key: string } | null {
  if (!raw.trim()) return null;
  let form = countyForms.get(raw);
  if (!form) {
    const display = displayCounty(raw);
    form = { display, key: countyKey(display) };
    if (countyForms.size < 10_000) countyForms.set(raw, form);
  }
  return form;
}

/** The voter as a line of COPY text for the snapshot's table, normalised as lookups expect. */
export function toCopyLine(snapshotId: number, state: string, record: VoterRecord): string {
  const lastName = normalizeName(record.lastName);
  const typedSuffix = record.suffix.trim();
  // Some rolls keep the suffix inside the last name; split it off as a lookup does.
  const surname = typedSuffix ? { lastName, suffix: null } : splitSuffix(lastName);
  const suffix = typedSuffix ? (canonicalSuffix(typedSuffix) ?? normalizeName(typedSuffix)) : surname.suffix;
  const firstName = normalizeName(record.firstName);
  const zip5 = /^\d{5}/.exec(record.zip.trim())?.[0] ?? null;
  const county = countyForm(record.county);
  return (
    [
      String(snapshotId),
      state,
      copyText(record.voterId.trim()),
      copyText(surname.lastName, false),
      copyText(normalizeName(record.middleName)),
      copyText(suffix),
      copyText(nameKey(surname.lastName), false),
      copyText(nameKey(firstName), false),
      String(record.birthYear),
      copyText(record.birthDate),
      copyText(zip5),
      copyText(county?.display ?? null),
      copyText(county?.key ?? null),
      record.registrationStatus,
      copyText(record.statusCode),
      copyText(record.reasonCode.trim()),
      record.confidential ? 't' : 'f',
    ].join('\t') + '\n'
  );
}
