import type { StateFile } from '../declaration.ts';

export const colorado: StateFile = {
  format: 'colorado',
  state: 'CO',
  title: "Colorado's Master Voter List",
  birthKind: 'year',
  source: 'states.md, Colorado (R:colorado, Rp, OI:colorado, U:co, PB)',
  obtained: 'From the Secretary of State, $50 for the list; since May 2023 one EX-003_Master_Voter_List file (before: Registered_Voters_List_Part* files)',
  use: 'The references name no use restriction; check the terms of the purchase.',
  delimiter: ',',
  // Some files are UTF-8 with a byte-order mark, others latin-1: told apart by their bytes.
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'VOTER_ID',
  lastName: 'LAST_NAME',
  firstName: 'FIRST_NAME',
  middleName: 'MIDDLE_NAME',
  suffix: 'NAME_SUFFIX',
  birth: { column: 'BIRTH_YEAR', formats: ['YYYY'] },
  status: { column: 'STATUS', codes: { ACTIVE: 'active', INACTIVE: 'inactive' }, source: 'R:colorado (Active, Inactive)' },
  reason: 'STATUS_REASON',
  county: 'COUNTY',
  zip: 'RESIDENTIAL_ZIP_CODE',
  skipFiles: { pattern: /voting_history|split_district/i, what: 'a voting history or split-district file' },
};
