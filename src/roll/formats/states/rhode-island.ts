import type { StateFile } from '../declaration.ts';

export const rhodeIsland: StateFile = {
  format: 'rhode-island',
  state: 'RI',
  title: "Rhode Island's voter file (Voter.txt)",
  birthKind: 'year',
  source: 'states.md, Rhode Island (R:rhode_island, Rp, TAP:ri, OI:rhode_island, U:ri)',
  obtained: 'An order form by mail to the Department of State, $25; Voter.txt and VoterHistory.txt with two data-definition pages',
  use: 'The references name no use restriction; check the terms of the order form.',
  delimiter: '|',
  encoding: 'auto',
  // Line 1 is a note ("Pipe is the delimiter"); the header is on line 2.
  preamble: 1,
  layout: { kind: 'header' },
  voterId: 'VOTER ID',
  lastName: 'LAST NAME',
  firstName: 'FIRST NAME',
  middleName: 'MIDDLE NAME',
  suffix: 'SUFFIX',
  birth: { column: 'YEAR OF BIRTH', formats: ['YYYY'] },
  status: {
    column: 'STATUS CODE',
    codes: { A: 'active', AC: 'active', I: 'inactive', P: 'leave out' },
    source: 'R:rhode_island (A active, AC active with an NCOA change, I inactive, P pending)',
    unsure: 'Rhode Island’s P (pending) is not yet a registration: those voters are left out, counted below.',
  },
  reason: 'OFF REASON CODE',
  // Rhode Island has no counties in its file (its cities and towns keep the rolls): match by ZIP.
  zip: 'ZIP CODE',
  // Every Rhode Island ZIP begins with 0; Reggie zero-pads them to five digits.
  zipLostLeadingZero: true,
  skipFiles: { pattern: /history|\.html?$/i, what: 'the voting history file or a data definition' },
  notes: ['Rhode Island’s file names cities and towns, not counties: a lookup there is confirmed by ZIP.'],
};
