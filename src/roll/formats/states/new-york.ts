import { alphabeticalCounty } from '../counties.ts';
import type { StateFile } from '../declaration.ts';

const NAMES = ['LASTNAME', 'FIRSTNAME', 'MIDDLENAME', 'NAMESUFFIX', 'RADDNUMBER', 'RHALFCODE'];
const MAIL = ['MAILADD1', 'MAILADD2', 'MAILADD3', 'MAILADD4'];
const MIDDLE = ['DOB', 'GENDER', 'ENROLLMENT', 'OTHERPARTY', 'COUNTYCODE', 'ED', 'LD', 'TOWNCITY', 'WARD', 'CD', 'SD', 'AD'];
const REST = [
  'LASTVOTEDDATE',
  'PREVYEARVOTED',
  'PREVCOUNTY',
  'PREVADDRESS',
  'PREVNAME',
  'COUNTYVRNUMBER',
  'REGDATE',
  'VRSOURCE',
  'IDREQUIRED',
  'IDMET',
  'STATUS',
  'REASONCODE',
  'INACT_DATE',
  'PURGE_DATE',
  'SBOEID',
  'VoterHistory',
];
const V2_5 = [
  ...NAMES,
  'RPREDIRECTION',
  'RSTREETNAME',
  'RPOSTDIRECTION',
  'RAPARTMENTTYPE',
  'RAPARTMENT',
  'RADDRNONSTD',
  'RCITY',
  'RZIP5',
  'RZIP4',
  ...MAIL,
  ...MIDDLE,
  ...REST,
];

export const newYork: StateFile = {
  format: 'new-york',
  state: 'NY',
  title: "New York's statewide FOIL voter list",
  birthKind: 'full',
  source: 'states.md, New York (R:new_york, Rp, RMB, OI:new_york, U:ny, PB)',
  obtained:
    'By a Freedom of Information Law request to the State Board of Elections; one zip holding AllNYSVoters_MMDDYYYY.txt (since Dec 2025 also a purged-voters file)',
  use: 'The references name no use restriction beyond the FOIL request; check the terms the State Board attaches to the release.',
  delimiter: ',',
  encoding: 'latin1',
  layout: {
    kind: 'ordered',
    versions: [
      {
        name: '45 columns, before Dec 2021',
        columns: [...NAMES, 'RAPARTMENT', 'RPREDIRECTION', 'RSTREETNAME', 'RPOSTDIRECTION', 'RCITY', 'RZIP5', 'RZIP4', ...MAIL, ...MIDDLE, ...REST],
      },
      { name: '47 columns, layout 2.5 from Dec 2021', columns: V2_5 },
      { name: '49 columns, from about Apr 2022', columns: [...V2_5, 'PHONE', 'EMAIL'] },
    ],
  },
  voterId: 'SBOEID',
  lastName: 'LASTNAME',
  firstName: 'FIRSTNAME',
  middleName: 'MIDDLENAME',
  suffix: 'NAMESUFFIX',
  birth: { column: 'DOB', formats: ['YYYYMMDD'] },
  status: {
    column: 'STATUS',
    codes: {
      A: 'active',
      AM: 'active',
      AF: 'active',
      AP: 'active',
      AU: 'active',
      I: 'inactive',
      P: 'removed',
      17: 'preregistered',
      ACTIVE: 'active',
      INACTIVE: 'inactive',
      PURGED: 'removed',
      PREREG: 'preregistered',
    },
    source:
      'R:new_york status_codes_remap; RMB (A active, AM military, AF special federal, AP special presidential, AU UOCAVA, I inactive, P purged, 17 pre-registered; older files in words)',
  },
  reason: 'REASONCODE',
  // COUNTYCODE 01-62 in alphabetical order, Albany to Yates (second-hand: verify against a real file).
  county: { column: 'COUNTYCODE', name: alphabeticalCounty('NY') },
  zip: 'RZIP5',
  skipFiles: { pattern: /\.pdf$/i, what: 'the layout document' },
};
