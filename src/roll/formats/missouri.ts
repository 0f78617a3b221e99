import type { RegistrationStatus } from '../../lookup/index.ts';
import { describeDateProblem, headerName, locateColumns, parseDate, type RollFormat } from './format.ts';

/**
 * Missouri's central voter registration list (PSR_VotersList): a header,
 * tab-delimited, full birth dates MM/DD/YYYY. Older extracts carry "Voter Status"
 * (Active, Inactive); newer ones carry none, and then every listed voter is
 * registered and is loaded as active. The 116 local election authorities appear
 * in "County" and are kept as the county. See ../shared/reference/missouri_columns.txt.
 */

const REQUIRED = ['county', 'voter id', 'first name', 'last name', 'birthdate'];
const OPTIONAL = [
  'middle name',
  'suffix',
  'house number',
  'house suffix',
  'pre direction',
  'street name',
  'street type',
  'post direction',
  'unit type',
  'unit number',
  'non standard address',
  'residential city',
  'residential state',
  'residential zipcode',
  'mailing address',
  'mailing city',
  'mailing state',
  'mailing zipcode',
  'registration date',
  'precinct',
  'precinct name',
  'split',
  'township',
  'ward',
  'congressional- new',
  'legislative- new',
  'state senate- new',
  'voter status',
];
const VOTER_HISTORY = /^voter history \d+$/;

const MISSOURI_STATUS: Readonly<Record<string, RegistrationStatus>> = { ACTIVE: 'active', INACTIVE: 'inactive' };

export const NO_STATUS_NOTE = 'This Missouri file has no "Voter Status" column: every listed voter is registered and is loaded as active.';

export const missouriFormat: RollFormat = {
  delimiter: '\t',
  header: true,
  encoding: 'auto',
  reader(header) {
    const at = locateColumns(header, { required: REQUIRED, optional: OPTIONAL, ignored: VOTER_HISTORY }, 'Missouri voter list');
    const statusAt = at.get('voter status');
    const currentYear = new Date().getUTCFullYear();
    const index = (name: string) => at.get(headerName(name));
    return {
      width: header.length,
      ...(statusAt === undefined ? { note: NO_STATUS_NOTE } : {}),
      toRecord(fields) {
        const get = (name: string) => {
          const i = index(name);
          return i === undefined ? '' : (fields[i] ?? '').trim();
        };
        const voterId = get('Voter ID');
        if (!voterId) return { problem: 'Voter ID is blank' };
        const lastName = get('Last Name');
        if (!lastName) return { problem: 'Last Name is blank' };
        const born = parseDate(get('Birthdate'), 'MM/DD/YYYY', currentYear);
        if ('problem' in born) return { problem: describeDateProblem('Birthdate', born.problem) };
        const statusCode = statusAt === undefined ? '' : get('Voter Status');
        const registrationStatus = statusAt === undefined ? 'active' : MISSOURI_STATUS[statusCode.toUpperCase()];
        if (!registrationStatus) return { problem: 'Voter Status is not Active or Inactive' };
        return {
          record: {
            voterId,
            lastName,
            firstName: get('First Name'),
            middleName: get('Middle Name'),
            suffix: get('Suffix'),
            birthYear: born.year,
            birthDate: born.date,
            zip: get('Residential ZipCode'),
            county: get('County'),
            registrationStatus,
            statusCode: statusCode || 'LISTED',
            reasonCode: '',
            confidential: false,
          },
        };
      },
    };
  },
};
