import { alphabeticalCounty } from '../counties.ts';
import type { StateFile } from '../declaration.ts';

/** The first two digits of a precinct are its county, 01 Adair to 77 Woodward. */
const oklahomaCounty = alphabeticalCounty('OK');

export const oklahoma: StateFile = {
  format: 'oklahoma',
  state: 'OK',
  title: "Oklahoma's voter registration file (VIRS)",
  birthKind: 'full',
  source: 'states.md, Oklahoma (R:oklahoma, Rp, OI:oklahoma, TAP:ok, U:ok, PB)',
  obtained:
    'Downloaded from the State Election Board’s VIRS site once an account is approved; no fee; a zip of per-county files CTYnn_vr.csv, with history files and precincts.csv',
  use: 'Only for bona fide Oklahoma residents, recognised parties, candidates, or others the law allows.',
  delimiter: ',',
  encoding: 'latin1',
  layout: { kind: 'header' },
  voterId: 'VoterID',
  lastName: 'LastName',
  firstName: 'FirstName',
  middleName: 'MiddleName',
  suffix: 'Suffix',
  // Reggie reads MM/DD/YYYY; the state's readme documents CCYYMMDD: both are read.
  birth: { column: 'DateOfBirth', formats: ['MM/DD/YYYY', 'YYYYMMDD'] },
  status: { column: 'Status', codes: { A: 'active', I: 'inactive' }, source: 'TAP:ok readme; R:oklahoma (A active, I inactive)' },
  county: { column: 'Precinct', name: (precinct) => oklahomaCounty(precinct.slice(0, 2)) },
  zip: 'Zip',
  skipFiles: { pattern: /_vh\.csv$|precincts\.csv$/i, what: 'a voting history or precinct file' },
};
