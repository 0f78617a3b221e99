import { readFileSync } from 'node:fs';

/** The 56 jurisdictions of vote.gov's list: the only codes a lookup accepts. */
export const STATE_CODES: ReadonlySet<string> = new Set(
  Object.keys(JSON.parse(readFileSync(new URL('../../seeds/vote-gov-states.json', import.meta.url), 'utf8')) as object).map((code) => code.toUpperCase()),
);
