import type { RegistrationStatus } from '../../lookup/index.ts';
import { describeDateProblem, locateColumns, parseDate, type RollFormat } from './format.ts';

/**
 * Ohio's statewide voter file (SWVF): a header, comma-separated with quoted values
 * (one source says pipes: the delimiter is sniffed), 46 fixed columns and then one
 * per election, which are read past. Four part files make the statewide roll.
 * See ../shared/reference/ohio_columns.txt.
 */

const OHIO_STATUS: Readonly<Record<string, RegistrationStatus>> = {
  ACTIVE: 'active',
  // A confirmation notice went unanswered: still registered.
  CONFIRMATION: 'inactive',
};

/** COUNTY_NUMBER is 1-88 in alphabetical order. */
const OHIO_COUNTIES = [
  'Adams',
  'Allen',
  'Ashland',
  'Ashtabula',
  'Athens',
  'Auglaize',
  'Belmont',
  'Brown',
  'Butler',
  'Carroll',
  'Champaign',
  'Clark',
  'Clermont',
  'Clinton',
  'Columbiana',
  'Coshocton',
  'Crawford',
  'Cuyahoga',
  'Darke',
  'Defiance',
  'Delaware',
  'Erie',
  'Fairfield',
  'Fayette',
  'Franklin',
  'Fulton',
  'Gallia',
  'Geauga',
  'Greene',
  'Guernsey',
  'Hamilton',
  'Hancock',
  'Hardin',
  'Harrison',
  'Henry',
  'Highland',
  'Hocking',
  'Holmes',
  'Huron',
  'Jackson',
  'Jefferson',
  'Knox',
  'Lake',
  'Lawrence',
  'Licking',
  'Logan',
  'Lorain',
  'Lucas',
  'Madison',
  'Mahoning',
  'Marion',
  'Medina',
  'Meigs',
  'Mercer',
  'Miami',
  'Monroe',
  'Montgomery',
  'Morgan',
  'Morrow',
  'Muskingum',
  'Noble',
  'Ottawa',
  'Paulding',
  'Perry',
  'Pickaway',
  'Pike',
  'Portage',
  'Preble',
  'Putnam',
  'Richland',
  'Ross',
  'Sandusky',
  'Scioto',
  'Seneca',
  'Shelby',
  'Stark',
  'Summit',
  'Trumbull',
  'Tuscarawas',
  'Union',
  'Van Wert',
  'Vinton',
  'Warren',
  'Washington',
  'Wayne',
  'Williams',
  'Wood',
  'Wyandot',
];

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

const ELECTION_COLUMN = /^(primary|general|special)-\d{2}\/\d{2}\/\d{4}$/;

export const ohioSwvfFormat: RollFormat = {
  delimiter: 'sniff',
  header: true,
  encoding: 'auto',
  reader(header) {
    const at = locateColumns(header, { required: OHIO_FIXED_COLUMNS.map((c) => c.toLowerCase()), ignored: ELECTION_COLUMN }, 'Ohio SWVF');
    const column = (name: string) => at.get(name)!;
    const [voterId, countyNumber, last, first, middle, suffix, birth, status, zip] = [
      'sos_voterid',
      'county_number',
      'last_name',
      'first_name',
      'middle_name',
      'suffix',
      'date_of_birth',
      'voter_status',
      'residential_zip',
    ].map(column) as [number, number, number, number, number, number, number, number, number];
    const currentYear = new Date().getUTCFullYear();
    return {
      width: header.length,
      columns: [voterId, countyNumber, last, first, middle, suffix, birth, status, zip],
      toRecord(fields) {
        const get = (i: number) => (fields[i] ?? '').trim();
        if (!get(voterId)) return { problem: 'SOS_VOTERID is blank' };
        if (!get(last)) return { problem: 'LAST_NAME is blank' };
        const statusCode = get(status).toUpperCase();
        const registrationStatus = OHIO_STATUS[statusCode];
        if (!registrationStatus) return { problem: 'VOTER_STATUS is not ACTIVE or CONFIRMATION' };
        const born = parseDate(get(birth), 'YYYY-MM-DD', currentYear);
        if ('problem' in born) return { problem: describeDateProblem('DATE_OF_BIRTH', born.problem) };
        return {
          record: {
            voterId: get(voterId),
            lastName: get(last),
            firstName: get(first),
            middleName: get(middle),
            suffix: get(suffix),
            birthYear: born.year,
            birthDate: born.date,
            zip: get(zip),
            county: OHIO_COUNTIES[Number(get(countyNumber)) - 1] ?? '',
            registrationStatus,
            statusCode,
            reasonCode: '',
            confidential: false,
          },
        };
      },
    };
  },
};
