import type { StateFile } from '../declaration.ts';

/**
 * Missouri's central voter registration list (PSR_VotersList): a header,
 * tab-delimited, full birth dates MM/DD/YYYY. Older extracts carry "Voter Status"
 * (Active, Inactive); newer ones carry none, and then every listed voter is
 * registered and is loaded as active. The 116 local election authorities appear
 * in "County" and are kept as the county. See ../shared/reference/missouri_columns.txt.
 */
export const missouri: StateFile = {
  format: 'missouri',
  state: 'MO',
  title: "Missouri's central voter registration list (PSR_VotersList)",
  birthKind: 'full',
  source: 'missouri_columns.txt',
  obtained: 'By request to the Secretary of State (the voter list extract)',
  use: 'The references name no use restriction; check the terms of the request.',
  delimiter: '\t',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'Voter ID',
  lastName: 'Last Name',
  firstName: 'First Name',
  middleName: 'Middle Name',
  suffix: 'Suffix',
  birth: { column: 'Birthdate', formats: ['MM/DD/YYYY'] },
  status: {
    column: 'Voter Status',
    codes: { ACTIVE: 'active', INACTIVE: 'inactive' },
    source: 'missouri_columns.txt (Active, Inactive)',
    absent: {
      every: 'active',
      note: 'This Missouri file has no "Voter Status" column: every listed voter is registered and is loaded as active.',
    },
  },
  county: 'County',
  zip: 'Residential ZipCode',
};
