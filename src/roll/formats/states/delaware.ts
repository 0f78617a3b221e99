import type { StateFile } from '../declaration.ts';

export const delaware: StateFile = {
  format: 'delaware',
  state: 'DE',
  title: "Delaware's voter registration file",
  birthKind: 'year',
  source: 'states.md, Delaware (R:delaware, Rp, OI:delaware, U:de, PB)',
  obtained: 'An order form and payment to the Department of Elections, $25; one de_voter_reg.txt',
  use: 'The references name no use restriction; check the terms of the order form.',
  // Tab in Reggie's copies, comma in Open-Ink's 2023 copy.
  delimiter: 'sniff',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: ['Voter-ID', 'Voter ID'],
  lastName: 'Name-Last',
  firstName: 'Name-First',
  middleName: 'Name-Middle',
  suffix: 'Name-Suffix',
  birth: { column: 'Year of Birth', formats: ['YYYY'] },
  status: { column: 'Status', codes: { A: 'active', I: 'inactive' }, source: 'R:delaware (A, I)' },
  county: 'County',
  zip: 'Res-Addr-Zip Code',
};
