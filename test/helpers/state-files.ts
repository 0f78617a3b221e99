import { writeFileSync } from 'node:fs';
import { FLORIDA_COLUMNS } from '../../src/roll/formats/states/florida.ts';
import { OHIO_FIXED_COLUMNS } from '../../src/roll/formats/states/ohio.ts';

/** Fictional people in each state's real file layout, for the format tests. */
export interface StatePerson {
  id: string;
  last: string;
  first: string;
  middle?: string;
  suffix?: string;
  /** YYYY-MM-DD */
  born: string;
  status: string;
  zip?: string;
  county?: string;
  exempt?: boolean;
}

const csvQuote = (value: string) => `"${value.replaceAll('"', '""')}"`;
const mdy = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : iso);

const OHIO_ELECTIONS = ['PRIMARY-03/07/2000', 'GENERAL-11/07/2000', 'SPECIAL-05/02/2023'];

export function ohioText(people: StatePerson[], delimiter = ','): string {
  const header = [...OHIO_FIXED_COLUMNS, ...OHIO_ELECTIONS];
  const rows = people.map((p) => {
    const values: Record<string, string> = {
      SOS_VOTERID: p.id,
      COUNTY_NUMBER: p.county ?? '25',
      COUNTY_ID: '123',
      LAST_NAME: p.last,
      FIRST_NAME: p.first,
      MIDDLE_NAME: p.middle ?? '',
      SUFFIX: p.suffix ?? '',
      DATE_OF_BIRTH: p.born,
      REGISTRATION_DATE: '2010-01-01',
      VOTER_STATUS: p.status,
      PARTY_AFFILIATION: 'D',
      RESIDENTIAL_ADDRESS1: '1 FICTIONAL AVE',
      RESIDENTIAL_CITY: 'COLUMBUS',
      RESIDENTIAL_STATE: 'OH',
      RESIDENTIAL_ZIP: p.zip ?? '43215',
    };
    return [...OHIO_FIXED_COLUMNS.map((c) => values[c] ?? ''), 'X', '', 'X'].map(csvQuote).join(delimiter);
  });
  return [header.map(csvQuote).join(delimiter), ...rows].join('\r\n') + '\r\n';
}

export function floridaText(people: StatePerson[]): string {
  return (
    people
      .map((p) => {
        const values: Record<string, string> = {
          County_Code: p.county ?? 'ALA',
          Voter_ID: p.id,
          Name_Last: p.last,
          Name_Suffix: p.suffix ?? '',
          Name_First: p.first,
          Name_Middle: p.middle ?? '',
          Requested_public_records_exemption: p.exempt ? 'Y' : 'N',
          Residence_Address_Line_1: '1 FICTIONAL WAY',
          Residence_City: 'GAINESVILLE',
          Residence_State: 'FL',
          Residence_Zipcode: p.zip ?? '32601',
          Gender: 'U',
          Race: '9',
          Birth_Date: mdy(p.born),
          Registration_Date: '01/01/2010',
          Party_Affiliation: 'NPA',
          Voter_Status: p.status,
        };
        return FLORIDA_COLUMNS.map((c) => values[c] ?? '').join('\t');
      })
      .join('\n') + '\n'
  );
}

const MISSOURI_HEADER = [
  'County',
  'Voter ID',
  'First Name',
  'Middle Name',
  'Last Name',
  'Suffix',
  'House Number',
  'Street Name',
  'Residential City',
  'Residential State',
  'Residential ZipCode',
  'Birthdate',
  'Registration Date',
  'Precinct',
  'Voter History 1',
  'Voter History 2',
];

export function missouriText(people: StatePerson[], withStatus: boolean): string {
  const header = withStatus ? [...MISSOURI_HEADER, 'Voter Status'] : MISSOURI_HEADER;
  const rows = people.map((p) => {
    const values: Record<string, string> = {
      County: p.county ?? 'Boone',
      'Voter ID': p.id,
      'First Name': p.first,
      'Middle Name': p.middle ?? '',
      'Last Name': p.last,
      Suffix: p.suffix ?? '',
      'House Number': '1',
      'Street Name': 'FICTIONAL',
      'Residential City': 'COLUMBIA',
      'Residential State': 'MO',
      'Residential ZipCode': p.zip ?? '65201',
      Birthdate: mdy(p.born),
      'Registration Date': '01/01/2010',
      'Voter Status': p.status,
    };
    return header.map((c) => values[c] ?? '').join('\t');
  });
  return [header.join('\t'), ...rows].join('\n') + '\n';
}

export function writeText(path: string, text: string, encoding: 'latin1' | 'utf8' = 'latin1'): void {
  writeFileSync(path, Buffer.from(text, encoding));
}
