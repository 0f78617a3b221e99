import type { RegistrationStatus } from '../../lookup/index.ts';
import { describeDateProblem, LayoutError, parseDate, type RollFormat } from './format.ts';

/**
 * Florida's voter extract: one file per county (a folder or a zip of 67), no
 * header, tab-delimited, 38 columns, dates MM/DD/YYYY. Records with the public
 * records exemption are confidential and have data withheld.
 * See ../shared/reference/florida_columns.txt.
 */

export const FLORIDA_COLUMNS = [
  'County_Code',
  'Voter_ID',
  'Name_Last',
  'Name_Suffix',
  'Name_First',
  'Name_Middle',
  'Requested_public_records_exemption',
  'Residence_Address_Line_1',
  'Residence_Address_Line_2',
  'Residence_City',
  'Residence_State',
  'Residence_Zipcode',
  'Mailing_Address_Line_1',
  'Mailing_Address_Line_2',
  'Mailing_Address_Line_3',
  'Mailing_City',
  'Mailing_State',
  'Mailing_Zipcode',
  'Mailing_Country',
  'Gender',
  'Race',
  'Birth_Date',
  'Registration_Date',
  'Party_Affiliation',
  'Precinct',
  'Precinct_Group',
  'Precinct_Split',
  'Precinct_Suffix',
  'Voter_Status',
  'Congressional_District',
  'House_District',
  'Senate_District',
  'County_Commission_District',
  'School_Board_District',
  'Daytime_Area_Code',
  'Daytime_Phone_Number',
  'Daytime_Phone_Extension',
  'Email_address',
] as const;

const at = (name: (typeof FLORIDA_COLUMNS)[number]) => FLORIDA_COLUMNS.indexOf(name);

const FLORIDA_STATUS: Readonly<Record<string, RegistrationStatus>> = {
  ACT: 'active',
  INA: 'inactive',
  PRE: 'preregistered',
};

// The Division of Elections' three-letter county codes (second-hand: verify
// against a real extract's file names). An unknown code is kept as it is.
const FLORIDA_COUNTIES: Readonly<Record<string, string>> = {
  ALA: 'Alachua',
  BAK: 'Baker',
  BAY: 'Bay',
  BRA: 'Bradford',
  BRE: 'Brevard',
  BRO: 'Broward',
  CAL: 'Calhoun',
  CHA: 'Charlotte',
  CIT: 'Citrus',
  CLA: 'Clay',
  CLL: 'Collier',
  CLM: 'Columbia',
  DAD: 'Miami-Dade',
  DES: 'DeSoto',
  DIX: 'Dixie',
  DUV: 'Duval',
  ESC: 'Escambia',
  FLA: 'Flagler',
  FRA: 'Franklin',
  GAD: 'Gadsden',
  GIL: 'Gilchrist',
  GLA: 'Glades',
  GUL: 'Gulf',
  HAM: 'Hamilton',
  HAR: 'Hardee',
  HEN: 'Hendry',
  HER: 'Hernando',
  HIG: 'Highlands',
  HIL: 'Hillsborough',
  HOL: 'Holmes',
  IND: 'Indian River',
  JAC: 'Jackson',
  JEF: 'Jefferson',
  LAF: 'Lafayette',
  LAK: 'Lake',
  LEE: 'Lee',
  LEO: 'Leon',
  LEV: 'Levy',
  LIB: 'Liberty',
  MAD: 'Madison',
  MAN: 'Manatee',
  MRN: 'Marion',
  MRT: 'Martin',
  MON: 'Monroe',
  NAS: 'Nassau',
  OKA: 'Okaloosa',
  OKE: 'Okeechobee',
  ORA: 'Orange',
  OSC: 'Osceola',
  PAL: 'Palm Beach',
  PAS: 'Pasco',
  PIN: 'Pinellas',
  POL: 'Polk',
  PUT: 'Putnam',
  STJ: 'St. Johns',
  STL: 'St. Lucie',
  SAN: 'Santa Rosa',
  SAR: 'Sarasota',
  SEM: 'Seminole',
  SUM: 'Sumter',
  SUW: 'Suwannee',
  TAY: 'Taylor',
  UNI: 'Union',
  VOL: 'Volusia',
  WAK: 'Wakulla',
  WAL: 'Walton',
  WAS: 'Washington',
};

export const floridaExtractFormat: RollFormat = {
  delimiter: '\t',
  header: false,
  encoding: 'auto',
  reader(firstRow) {
    if (firstRow.length !== FLORIDA_COLUMNS.length) {
      throw new LayoutError(`A Florida extract has ${FLORIDA_COLUMNS.length} tab-separated columns; this file's first row has ${firstRow.length}.`);
    }
    const currentYear = new Date().getUTCFullYear();
    return {
      width: FLORIDA_COLUMNS.length,
      toRecord(fields) {
        const get = (i: number) => (fields[i] ?? '').trim();
        const confidential = get(at('Requested_public_records_exemption')).toUpperCase() === 'Y';
        const voterId = get(at('Voter_ID'));
        if (!voterId) return { problem: 'Voter_ID is blank' };
        const born = parseDate(get(at('Birth_Date')), 'MM/DD/YYYY', currentYear);
        const lastName = get(at('Name_Last'));
        // Exempt records may lack the name or birth date: nobody could match them publicly anyway.
        if (confidential && (!lastName || 'problem' in born)) return { withheld: true };
        if (!lastName) return { problem: 'Name_Last is blank' };
        if ('problem' in born) return { problem: describeDateProblem('Birth_Date', born.problem) };
        const statusCode = get(at('Voter_Status')).toUpperCase();
        const registrationStatus = FLORIDA_STATUS[statusCode];
        if (!registrationStatus) return { problem: 'Voter_Status is not ACT, INA or PRE' };
        const countyCode = get(at('County_Code')).toUpperCase();
        return {
          record: {
            voterId,
            lastName,
            firstName: get(at('Name_First')),
            middleName: get(at('Name_Middle')),
            suffix: get(at('Name_Suffix')),
            birthYear: born.year,
            birthDate: born.date,
            zip: get(at('Residence_Zipcode')),
            county: FLORIDA_COUNTIES[countyCode] ?? countyCode,
            registrationStatus,
            statusCode,
            reasonCode: '',
            confidential,
          },
        };
      },
    };
  },
};
