import type { StateFile } from '../declaration.ts';

export const westVirginia: StateFile = {
  format: 'west-virginia',
  state: 'WV',
  title: "West Virginia's statewide voter file",
  birthKind: 'full',
  source: 'states.md, West Virginia (R:west_virginia, Rp, OI:west_virginia, TAP:wv, U:wv, WV-law)',
  obtained: 'A request form to the Secretary of State, $1,000 for a year’s subscription; Statewide_VRMMDDYY.txt, sometimes with a history file',
  use: 'Noncommercial use only, and never resold (W. Va. Code § 3-2-30).',
  delimiter: '|',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'ID_VOTER',
  lastName: 'LAST NAME',
  firstName: 'FIRST NAME',
  middleName: 'Mid',
  suffix: 'Suffix',
  // 1900-01-01 stands for an unknown date (TAP:wv).
  birth: {
    column: 'DATE OF BIRTH',
    formats: ['MM/DD/YYYY 0:00:00', 'MM/DD/YYYY', 'YYYY-MM-DD'],
    placeholders: ['1900-01-01', '1/1/1900 0:00:00', '01/01/1900'],
  },
  status: { column: 'Status', codes: { ACTIVE: 'active', INACTIVE: 'inactive' }, source: 'R:west_virginia (Active, Inactive)' },
  county: 'County_Name',
  zip: 'ZIP',
  skipFiles: { pattern: /_vh\.txt$|history/i, what: 'the voting history file' },
};
