import type { StateFile } from '../declaration.ts';

export const virginia: StateFile = {
  format: 'virginia',
  state: 'VA',
  title: "Virginia's registered voter list",
  birthKind: 'full',
  source: 'states.md, Virginia (R:virginia, Rp, OI:virginia, U:va)',
  obtained:
    'A request form and an eligibility check by the Department of Elections; $9.50 per million records; a zip with the voter file ("Registered") and a history file',
  use: 'Only for candidates, parties, PACs and others the law names; a general public lookup service may not qualify.',
  delimiter: ',',
  encoding: 'latin1',
  layout: { kind: 'header' },
  voterId: 'IDENTIFICATION_NUMBER',
  lastName: 'LAST_NAME',
  firstName: 'FIRST_NAME',
  middleName: 'MIDDLE_NAME',
  suffix: 'SUFFIX',
  birth: { column: 'DOB', formats: ['MM/DD/YYYY'] },
  status: {
    column: 'STATUS',
    codes: { ACTIVE: 'active', INACTIVE: 'inactive', CANCELLED: 'removed', DENIED: 'denied', INCOMPLETE: 'leave out' },
    source: 'R:virginia (Active, Inactive; Cancelled, Denied and Incomplete are not registered)',
    unsure: 'Virginia’s Incomplete status is read as not registered on Reggie’s guess: those voters are left out, counted below.',
  },
  county: 'LOCALITYNAME',
  zip: 'ZIP',
  skipFiles: { pattern: /history/i, what: 'the voting history file' },
};
