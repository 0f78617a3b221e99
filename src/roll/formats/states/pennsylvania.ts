import type { StateFile } from '../declaration.ts';

/** Columns 0-29 of the Full Voter Export, then 40 district codes, 40 elections, and four more. */
const FIRST_COLUMNS = [
  'ID Number',
  'Title',
  'Last Name',
  'First Name',
  'Middle Name',
  'Suffix',
  'Gender',
  'DOB',
  'Registration Date',
  'Voter Status',
  'Status Change Date',
  'Party Code',
  'House Number',
  'House Number Suffix',
  'Street Name',
  'Apartment Number',
  'Address Line 2',
  'City',
  'State',
  'Zip',
  'Mail Address 1',
  'Mail Address 2',
  'Mail City',
  'Mail State',
  'Mail Zip',
  'Last Vote Date',
  'Precinct Code',
  'Precinct Split ID',
  'Date Last Changed',
  'Custom Data 1',
];
const DISTRICTS = Array.from({ length: 40 }, (_, i) => `District ${i + 1}`);
const ELECTIONS = Array.from({ length: 40 }, (_, i) => [`Election ${i + 1} Vote Method`, `Election ${i + 1} Party`]).flat();
const UNTIL_2024 = [...FIRST_COLUMNS, ...DISTRICTS, ...ELECTIONS, 'Home Phone', 'County', 'Mail Country'];

export const pennsylvania: StateFile = {
  format: 'pennsylvania',
  state: 'PA',
  title: 'the Pennsylvania Full Voter Export',
  birthKind: 'full',
  source: 'states.md, Pennsylvania (R:pa, Rp:pa, KD, OI:pennsylvania, PA-law)',
  obtained: 'Bought online from the Department of State (SURE), $20, downloaded within minutes; one zip of four files for each of the 67 counties',
  use: 'Only for purposes related to elections, political activity or law enforcement; the buyer shows ID and signs a statement (25 Pa.C.S. § 1404). Check with counsel whether a public lookup counts.',
  delimiter: '\t',
  encoding: 'auto',
  layout: {
    kind: 'ordered',
    versions: [
      { name: '153 columns, until June 2024', columns: UNTIL_2024 },
      { name: '154 columns, since 18 June 2024', columns: [...UNTIL_2024, 'Registration Method'] },
    ],
  },
  voterId: 'ID Number',
  lastName: 'Last Name',
  firstName: 'First Name',
  middleName: 'Middle Name',
  suffix: 'Suffix',
  birth: { column: 'DOB', formats: ['MM/DD/YYYY'] },
  status: {
    column: 'Voter Status',
    codes: { A: 'active', I: 'inactive', D: 'leave out' },
    source: 'R:pa (A active, I inactive; D very rare, meaning unknown)',
    unsure: "Pennsylvania's rare status D has no published meaning: its voters are left out (a lookup finds no one), counted below.",
  },
  county: 'County',
  zip: 'Zip',
  skipFiles: { pattern: /election map|zone codes|zone types/i, what: "a county's election map or zone code table, not its voter file" },
};
