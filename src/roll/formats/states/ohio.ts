import { alphabeticalCounty } from '../counties.ts';
import type { StateFile } from '../declaration.ts';

/**
 * Ohio's statewide voter file (SWVF): a header, comma-separated with quoted values
 * (one source says pipes: the delimiter is sniffed), 46 fixed columns and then one
 * per election, which are read past. Four part files make the statewide roll.
 * See ../shared/reference/ohio_columns.txt.
 */

export const OHIO_FIXED_COLUMNS = [
  'SOS_VOTERID',
  'COUNTY_NUMBER',
  'COUNTY_ID',
  'LAST_NAME',
  'FIRST_NAME',
  'MIDDLE_NAME',
  'SUFFIX',
  'DATE_OF_BIRTH',
  'REGISTRATION_DATE',
  'VOTER_STATUS',
  'PARTY_AFFILIATION',
  'RESIDENTIAL_ADDRESS1',
  'RESIDENTIAL_SECONDARY_ADDR',
  'RESIDENTIAL_CITY',
  'RESIDENTIAL_STATE',
  'RESIDENTIAL_ZIP',
  'RESIDENTIAL_ZIP_PLUS4',
  'RESIDENTIAL_COUNTRY',
  'RESIDENTIAL_POSTALCODE',
  'MAILING_ADDRESS1',
  'MAILING_SECONDARY_ADDRESS',
  'MAILING_CITY',
  'MAILING_STATE',
  'MAILING_ZIP',
  'MAILING_ZIP_PLUS4',
  'MAILING_COUNTRY',
  'MAILING_POSTAL_CODE',
  'CAREER_CENTER',
  'CITY',
  'CITY_SCHOOL_DISTRICT',
  'COUNTY_COURT_DISTRICT',
  'CONGRESSIONAL_DISTRICT',
  'COURT_OF_APPEALS',
  'EDU_SERVICE_CENTER_DISTRICT',
  'EXEMPTED_VILL_SCHOOL_DISTRICT',
  'LIBRARY',
  'LOCAL_SCHOOL_DISTRICT',
  'MUNICIPAL_COURT_DISTRICT',
  'PRECINCT_NAME',
  'PRECINCT_CODE',
  'STATE_BOARD_OF_EDUCATION',
  'STATE_REPRESENTATIVE_DISTRICT',
  'STATE_SENATE_DISTRICT',
  'TOWNSHIP',
  'VILLAGE',
  'WARD',
] as const;

export const ohio: StateFile = {
  format: 'ohio-swvf',
  state: 'OH',
  title: "Ohio's Statewide Voter File (SWVF)",
  birthKind: 'full',
  source: 'ohio_columns.txt',
  obtained: 'Download from the Secretary of State: four statewide part files SWVF_1_22 … SWVF_67_88 (or 88 county files)',
  use: 'The references name no use restriction.',
  delimiter: 'sniff',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'SOS_VOTERID',
  lastName: 'LAST_NAME',
  firstName: 'FIRST_NAME',
  middleName: 'MIDDLE_NAME',
  suffix: 'SUFFIX',
  birth: { column: 'DATE_OF_BIRTH', formats: ['YYYY-MM-DD'] },
  status: {
    column: 'VOTER_STATUS',
    // CONFIRMATION: a confirmation notice went unanswered, still registered.
    codes: { ACTIVE: 'active', CONFIRMATION: 'inactive' },
    source: 'ohio_columns.txt (ACTIVE, CONFIRMATION)',
  },
  // COUNTY_NUMBER is 1-88 in alphabetical order, Adams to Wyandot.
  county: { column: 'COUNTY_NUMBER', name: alphabeticalCounty('OH') },
  zip: 'RESIDENTIAL_ZIP',
};
