import type { StateFile } from '../declaration.ts';

export const arkansas: StateFile = {
  format: 'arkansas',
  state: 'AR',
  title: "Arkansas's voter registration file (VR.csv)",
  birthKind: 'full',
  source: 'states.md, Arkansas (R:arkansas, Rp, TAP:ar, OI:arkansas, U:ar, PB)',
  obtained: 'A data request form to the Secretary of State, $2.50 a file, by CD, FTP or Dropbox; VR.csv with VH.csv (history)',
  use: 'The references name no use restriction; check the terms of the request form.',
  delimiter: ',',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'VoterID',
  lastName: 'TEXT_NAME_LAST',
  firstName: 'TEXT_NAME_FIRST',
  middleName: 'TEXT_NAME_MIDDLE',
  suffix: 'CDE_NAME_SUFFIX',
  birth: { column: 'date_of_birth', formats: ['MM/DD/YYYY'] },
  status: {
    column: 'CDE_REGISTRANT_STATUS',
    codes: { A: 'active', I: 'inactive', N: 'leave out', R: 'leave out', S: 'leave out', NR: 'leave out' },
    source: 'R:arkansas status_codes (A active, I inactive, N not eligible, R removable, S suspense, NR not registered)',
    unsure:
      'Arkansas’s N (not eligible), R (removable), S (suspense) and NR (not registered) are not a registration the sources let us state: those voters are left out, counted below.',
  },
  reason: 'CDE_REGISTRANT_REASON',
  county: 'County',
  zip: 'TEXT_RES_ZIP5',
  skipFiles: { pattern: /(^|[/:])vh\.csv$|\.xlsx$/i, what: 'the voting history file or the data dictionary' },
};
