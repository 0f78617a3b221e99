import type { StateFile } from '../declaration.ts';

export const vermont: StateFile = {
  format: 'vermont',
  state: 'VT',
  title: "Vermont's statewide checklist",
  birthKind: 'year',
  source: 'states.md, Vermont (R:vermont, Rp, TAP:vt, OI:vermont, U:vt)',
  obtained: 'Free from the Secretary of State, by a request form with an affidavit of non-commercial use; one text file in a zip',
  use: 'Non-commercial use, sworn by affidavit; sharing the data requires registering as a data broker.',
  // Usually pipe; tab and comma have both been seen.
  delimiter: 'sniff',
  quote: '\u0000',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'VoterID',
  lastName: 'Last Name',
  firstName: 'First Name',
  middleName: ['Middle Name', 'Middle'],
  suffix: 'Suffix',
  birth: { column: 'Year of Birth', formats: ['YYYY'] },
  status: {
    column: 'Status',
    codes: { ACTIVE: 'active', CHALLENGED: 'inactive', N18: 'preregistered' },
    source: 'R:vermont (ACTIVE, CHALLENGED read as inactive, N18 registered under 18)',
  },
  county: 'County',
  zip: ['Legal Address Zip', 'Legal Address Zip5'],
  notes: [
    'Since June 2025 some Vermont files end each line with some 50 empty columns the header lacks; such lines are refused by their count of fields: remove the trailing commas first.',
  ],
};
