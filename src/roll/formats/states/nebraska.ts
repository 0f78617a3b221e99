import type { StateFile } from '../declaration.ts';

export const nebraska: StateFile = {
  format: 'nebraska',
  state: 'NE',
  title: "Nebraska's voter registration file",
  birthKind: 'year',
  source: 'states.md, Nebraska (R:nebraska column_aliases, Rp, OI:nebraska, U:ne)',
  obtained: 'A mail-in affidavit to the Secretary of State, $500; one tab file with a history-code file',
  use: 'The references name no use restriction beyond the affidavit.',
  delimiter: '\t',
  quote: '\u0000',
  encoding: 'latin1',
  layout: { kind: 'header' },
  // Renamed text_voter_id, then text_voterno (Mar 2026).
  voterId: ['text_registrant_id', 'text_voter_id', 'text_voterno'],
  lastName: 'text_name_last',
  firstName: 'text_name_first',
  middleName: 'text_name_middle',
  suffix: 'cde_name_suffix',
  birth: { column: ['birth_year', 'date_of_birth'], formats: ['YYYY', 'MM/DD/YYYY'] },
  status: {
    column: ['cde_registrant_status', 'cde_voter_status'],
    codes: { A: 'active', I: 'inactive' },
    source: 'R:nebraska (A, I)',
  },
  county: 'db_logid',
  zip: 'text_res_zip5',
  skipFiles: { pattern: /history|code/i, what: 'the history-code file' },
};
