import type { StateFile } from '../declaration.ts';

/**
 * The two-letter county codes the references give (TAP:wa). Reggie has the full
 * map, which is not copied here; another code is kept as written, and a lookup in
 * that county is confirmed by ZIP.
 */
const WASHINGTON_COUNTIES: Readonly<Record<string, string>> = { AD: 'Adams', KI: 'King', PI: 'Pierce', SN: 'Snohomish', SP: 'Spokane' };

export const washington: StateFile = {
  format: 'washington',
  state: 'WA',
  title: "Washington's VRDB extract",
  birthKind: 'year',
  source: 'states.md, Washington (R:washington, Rp, OI:washington, TAP:wa, U:wa)',
  obtained:
    'Free, ordered online from the Secretary of State and available at once; a zip with the voter file, history extracts, a districts workbook and PDFs',
  use: 'Political purposes only, never commercial (RCW 29A.08.720/740).',
  // Pipe since 2020, tab in 2018.
  delimiter: 'sniff',
  encoding: 'latin1',
  layout: { kind: 'header' },
  voterId: 'StateVoterID',
  lastName: 'LName',
  firstName: 'FName',
  middleName: 'MName',
  suffix: 'NameSuffix',
  // Birthyear since Aug 2023; a full Birthdate before.
  birth: { column: ['Birthyear', 'Birthdate'], formats: ['YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD'] },
  status: {
    column: 'StatusCode',
    codes: {
      A: 'active',
      ACTIVE: 'active',
      I: 'inactive',
      INACTIVE: 'inactive',
      IM: 'inactive',
      C: 'removed',
      CD: 'removed',
      CF: 'removed',
      CS: 'removed',
      CT: 'removed',
      P: 'leave out',
      PENDING: 'leave out',
      'A-DUP': 'leave out',
      'I-DUP': 'leave out',
      'IM-DUP': 'leave out',
      PDETH: 'leave out',
      PDUPL: 'leave out',
      PFELN: 'leave out',
    },
    source:
      'TAP:wa (A active, I inactive, now in words); R:washington remap (C cancelled, CD duplicate, CF felon, CS deceased, CT transferred, IM inactive-other)',
    unsure:
      'Washington’s pending and duplicate codes (P, Pending, A-DUP, I-DUP, IM-DUP, PDETH, PDUPL, PFELN) are not a registration the sources let us state: left out, counted below.',
  },
  county: { column: 'CountyCode', name: (code) => WASHINGTON_COUNTIES[code.toUpperCase()] ?? code },
  zip: 'RegZipCode',
  skipFiles: { pattern: /votinghistory|districts_precincts|\.(pdf|xlsx)$/i, what: 'a history extract, the districts workbook or a PDF' },
};
