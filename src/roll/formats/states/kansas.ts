import type { StateFile } from '../declaration.ts';

export const kansas: StateFile = {
  format: 'kansas',
  state: 'KS',
  title: "Kansas's statewide voter file",
  birthKind: 'full',
  source: 'states.md, Kansas (R:kansas, Rp, OI:kansas, TAP:ks, U:ks)',
  obtained: 'A request form to the Secretary of State and $200; one tab-delimited .txt',
  use: 'The references name no use restriction; anyone may buy it.',
  delimiter: '\t',
  // No quoting: a quote mark in a value is part of it.
  quote: '\u0000',
  encoding: 'latin1',
  // The column order was shuffled in Nov 2024 under the same names: columns are found by name.
  layout: { kind: 'header' },
  voterId: 'text_registrant_id',
  lastName: 'text_name_last',
  firstName: 'text_name_first',
  middleName: 'text_name_middle',
  suffix: 'cde_name_suffix',
  birth: { column: 'date_of_birth', formats: ['MM/DD/YYYY'] },
  status: {
    column: 'cde_registrant_status',
    codes: { A: 'active', I: 'inactive', S: 'leave out' },
    source: 'R:kansas (A active, I inactive; S of unknown meaning)',
    unsure: 'Kansas’s status S has no published meaning: its voters are left out (a lookup finds no one), counted below.',
  },
  county: 'db_logid',
  zip: 'text_res_zip5',
  skipFiles: { pattern: /(^|[/:])\._|description/i, what: 'a description or a macOS resource file' },
};
