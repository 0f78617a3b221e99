import type { StateFile } from '../declaration.ts';

export const iowa: StateFile = {
  format: 'iowa',
  state: 'IA',
  title: "Iowa's voter list",
  birthKind: 'full',
  source: 'states.md, Iowa (R:iowa, Rp, OI:iowa, U:ia, PB)',
  obtained: 'A subscription from the Secretary of State, $1,500 a year; several parts (VoterDetails_ Part1 …), the header in Part 1 only',
  use: 'The references name no use restriction; check the terms of the subscription.',
  delimiter: ',',
  encoding: 'auto',
  // The residence's CITY, STATE, ZIP_CODE come first; the mailing address repeats the names, and is not read.
  layout: { kind: 'header', headerInFirstPartOnly: true },
  voterId: 'REGN_NUM',
  lastName: 'LAST_NAME',
  firstName: 'FIRST_NAME',
  middleName: 'MIDDLE_NAME',
  suffix: 'NAME_SUFFIX',
  birth: { column: 'BIRTHDATE', formats: ['MM/DD/YYYY'] },
  status: {
    column: 'VOTERSTATUS',
    codes: { ACTIVE: 'active', INACTIVE: 'inactive', PENDING: 'leave out' },
    source: 'R:iowa (Active, Inactive, Pending)',
    unsure: 'Iowa’s Pending applications are not yet registrations: those voters are left out, counted below.',
  },
  county: 'COUNTY',
  zip: 'ZIP_CODE',
  notes: ['Give the parts in order, Part 1 first: the later parts have no header and are read by Part 1’s.'],
};
