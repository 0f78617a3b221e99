import { alphabeticalCounty } from '../counties.ts';
import type { StateFile } from '../declaration.ts';

export const california: StateFile = {
  format: 'california',
  state: 'CA',
  title: "California's voter registration database extract (pvrdr-vrd)",
  birthKind: 'full',
  source: 'states.md, California (R:california, Rp, OI:california, U:ca)',
  obtained: 'An application to the Secretary of State; three tab files …-pvrdr-vrd (voters), -vph (history), -pd (districts)',
  use: 'Only for applicants who qualify (political, campaign, academic, media, governmental); a public lookup needs a purpose that qualifies.',
  delimiter: '\t',
  quote: '\u0000',
  encoding: 'latin1',
  layout: { kind: 'header' },
  voterId: 'RegistrantID',
  lastName: 'LastName',
  firstName: 'FirstName',
  middleName: 'MiddleName',
  suffix: 'Suffix',
  birth: { column: 'DOB', formats: ['YYYY-MM-DD'] },
  status: {
    column: 'Status',
    codes: { A: 'active', I: 'inactive' },
    source: 'R:california (A active, I inactive; the state supplies active voters only)',
  },
  reason: 'VoterStatusReasonCodeDesc',
  // CountyCode 01-58 in alphabetical order, Alameda to Yuba (second-hand: verify against a real file).
  county: { column: 'CountyCode', name: alphabeticalCounty('CA') },
  zip: 'Zip',
  skipFiles: { pattern: /pvrdr-(vph|pd)/i, what: 'the voting history or district file' },
};
