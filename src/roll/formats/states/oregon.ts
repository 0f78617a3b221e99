import type { StateFile } from '../declaration.ts';

export const oregon: StateFile = {
  format: 'oregon',
  state: 'OR',
  title: "Oregon's registered voter export",
  birthKind: 'year',
  source: 'states.md, Oregon (R:oregon, Rp, TAP:or, OI:oregon, U:or, PB)',
  obtained: 'An online request to the Secretary of State, $500; one tab-delimited export with a readme',
  use: 'The references name no use restriction; check the terms of the request.',
  delimiter: '\t',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'VOTER_ID',
  lastName: 'LAST_NAME',
  firstName: 'FIRST_NAME',
  middleName: 'MIDDLE_NAME',
  suffix: 'NAME_SUFFIX',
  // BIRTH_DATE holds only the year; protected voters' are ACP or XXXXXXXX.
  birth: { column: 'BIRTH_DATE', formats: ['YYYY', 'MM-DD-YYYY'], placeholders: ['ACP'] },
  status: {
    column: 'STATUS',
    codes: { A: 'active', I: 'inactive', ACP: 'active' },
    source: 'R:oregon (A, I; ACP active but protected)',
  },
  county: 'COUNTY',
  zip: 'ZIP_CODE',
  // Values the sources do not give exactly: any of these marks a confidential voter, never matched by a public lookup.
  // ACP ("active but protected": the address confidentiality program) is confidential whatever that column says.
  confidential: { column: 'CONFIDENTIAL', values: ['Y', 'YES', 'TRUE', '1', 'CONFIDENTIAL'], statusCodes: ['ACP'] },
  skipFiles: { pattern: /readme/i, what: 'the readme' },
};
