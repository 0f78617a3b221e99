import type { StateFile } from '../declaration.ts';

export const maine: StateFile = {
  format: 'maine',
  state: 'ME',
  title: "Maine's Central Voter Registration file",
  birthKind: 'year',
  source: 'states.md, Maine (R:maine, Rp, U:me)',
  obtained: 'A request form to the Secretary of State, about $2,200; the voter file, a separate cancelled-voters file and history files',
  use: 'Only for candidates, PACs, parties, ballot-question committees and others the law names.',
  delimiter: '|',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'VOTER ID',
  lastName: 'LAST NAME',
  firstName: 'FIRST NAME',
  middleName: 'MIDDLE NAME',
  suffix: 'SUFF',
  birth: { column: 'YOB', formats: ['YYYY'] },
  status: {
    column: 'STATUS',
    codes: { A: 'active', I: 'inactive', C: 'removed', PR: 'preregistered' },
    source: 'R:maine (A, I, C cancelled, PR pre-registered)',
  },
  reason: 'REASON',
  // CTY is "a county code of sorts" whose values the sources do not give: not read; match by ZIP.
  zip: 'ZIP',
  skipFiles: { pattern: /cancel|history|\.xlsx$/i, what: 'the cancelled-voters or a history file (other columns)' },
  // Every Maine ZIP begins with 0, which the file may have lost (Rp:maine).
  zipLostLeadingZero: true,
};
