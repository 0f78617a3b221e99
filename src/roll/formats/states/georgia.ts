import type { StateFile } from '../declaration.ts';

export const georgia: StateFile = {
  format: 'georgia',
  state: 'GA',
  title: "Georgia's statewide voter list (CSV, since Mar 2023)",
  birthKind: 'year',
  source: 'states.md, Georgia (R:georgia column_aliases, Rp, OI:georgia, TAP:ga, U:ga)',
  obtained: 'Bought online from the Secretary of State, $485 statewide; the download link arrives in 10-21 days',
  use: 'The references name no use restriction; check the terms of the purchase.',
  delimiter: ',',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: ['Voter Registration Number', 'Voter Registration', 'Registration_Number'],
  lastName: ['Last Name', 'Last_name'],
  firstName: ['First Name', 'First_name'],
  middleName: ['Middle Name', 'Middle_maiden_name'],
  suffix: ['Suffix', 'Name_suffix'],
  birth: { column: ['Birth Year', 'Year_of_Birth'], formats: ['YYYY'] },
  status: {
    column: ['Status', 'Voter_status'],
    codes: { ACTIVE: 'active', INACTIVE: 'inactive', A: 'active', I: 'inactive' },
    source: 'Rp:georgia (Active, Inactive; old files A, I)',
  },
  reason: ['Status Reason', 'Status_reason'],
  county: 'County',
  zip: ['Residence Zipcode', 'Zip Code', 'Residence_zipcode'],
  layoutHint: 'Georgia’s files before Mar 2023 were pipe-delimited with an unreliable header; this reader takes the CSV files since then.',
};
