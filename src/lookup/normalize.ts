/**
 * Name normalisation, shared by the importer (roll side) and the lookup (request
 * side) so both sides of `=` are built by the same rules:
 * case, accents and diacritics, surrounding and repeated spaces, apostrophes
 * (straight and curly), hyphens against spaces, and a suffix typed in lastName.
 * Every other character, `%` and `_` included, stays as it is: matching is by
 * equality, never by pattern.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const INVISIBLE = /[\p{Cc}\p{Cf}]+/gu;
const APOSTROPHES = /['\u2018\u2019\u201B\u02BC\u02BB\u0060\u00B4]/g;
// Hyphens and dashes, periods and commas separate words just as spaces do.
const SEPARATORS = /[\s\u2010-\u2015\u2212\-.,]+/gu;

const SUFFIX_ALIASES: Readonly<Record<string, string>> = {
  JR: 'JR',
  JUNIOR: 'JR',
  SR: 'SR',
  SENIOR: 'SR',
  II: 'II',
  '2ND': 'II',
  III: 'III',
  '3RD': 'III',
  IV: 'IV',
  '4TH': 'IV',
  V: 'V',
  '5TH': 'V',
};

function foldCase(value: string): string {
  return value.normalize('NFKD').replace(COMBINING_MARKS, '').toUpperCase();
}

// Most roll names are already upper-case ASCII words: they are their own normal form.
const ALREADY_NORMAL = /^[A-Z0-9]+(?: [A-Z0-9]+)*$/;

/** Upper case, no accents or apostrophes, words separated by single spaces. */
export function normalizeName(raw: string): string {
  if (ALREADY_NORMAL.test(raw)) return raw;
  return foldCase(foldCase(raw)).replace(INVISIBLE, '').replace(APOSTROPHES, '').replace(SEPARATORS, ' ').trim();
}

/** The form compared for an exact match: "SMITH-JONES", "Smith Jones" and "SMITHJONES" agree. */
export function nameKey(normalized: string): string {
  return normalized.includes(' ') ? normalized.replaceAll(' ', '') : normalized;
}

/** JR, SR, II ... in one spelling; null when the text is not a known suffix. */
export function canonicalSuffix(raw: string): string | null {
  return SUFFIX_ALIASES[nameKey(normalizeName(raw))] ?? null;
}

export interface SurnameAndSuffix {
  lastName: string;
  suffix: string | null;
}

/** "Smith Jr." or "SMITH, III" typed in lastName: the suffix is split off. */
export function splitSuffix(normalizedLastName: string): SurnameAndSuffix {
  const words = normalizedLastName.split(' ');
  const last = words.at(-1);
  const suffix = words.length > 1 && last !== undefined ? (SUFFIX_ALIASES[last] ?? null) : null;
  return suffix ? { lastName: words.slice(0, -1).join(' '), suffix } : { lastName: normalizedLastName, suffix: null };
}

/** "Wake County", "wake", "NEW HANOVER" and "NewHanover" agree. */
export function countyKey(raw: string): string {
  return nameKey(normalizeName(raw).replace(/ (COUNTY|PARISH)$/, ''));
}
