import { alphabeticalCounty } from '../counties.ts';
import type { FixedVersion, StateFile } from '../declaration.ts';

/** Texas numbers its 254 counties in alphabetical order, Anderson 1 to Zavala 254. */
const texasCounty = alphabeticalCounty('TX');

const obtained = 'By a signed, notarised request to the Secretary of State; costly; one zip of files per county (254)';
const use = 'The references name no use restriction; check the terms of the Secretary of State’s release.';
const statusCodes = {
  column: ['Status', 'cd_status'],
  codes: { V: 'active', S: 'inactive', C: 'removed' },
  source: 'R:texas (V valid, S suspense, which Reggie reads as inactive, C cancelled)',
} as const;

/** The 686-character layout, or a variant: a narrower precinct moves what follows it left; in one, status comes before the registration date. */
function fixed(name: string, length: number, precinctWidth: number, statusBeforeRegDate: boolean): FixedVersion {
  const d = precinctWidth - 10;
  const at = (start: number, end: number) => [start + d, end + d] as const;
  return {
    name,
    length,
    columns: {
      County_Code: [0, 3],
      VUID: at(13, 23),
      Last_Name: at(23, 73),
      First_Name: at(73, 123),
      Middle_Name: at(123, 173),
      Suffix: at(223, 227),
      DOB: at(228, 236),
      Zip: at(397, 406),
      ...(statusBeforeRegDate ? { Status: at(656, 657) } : { Status: at(664, 665) }),
    },
  };
}

export const texasFixed: StateFile = {
  format: 'texas-fixed',
  state: 'TX',
  title: "Texas's fixed-width voter file (until Aug 2025)",
  birthKind: 'full',
  source: 'states.md, Texas (Rp:texas line lengths, TAP:tx, R:texas)',
  obtained,
  use,
  delimiter: 'fixed',
  encoding: 'latin1',
  layout: {
    kind: 'fixed',
    versions: [
      fixed('686 characters', 686, 10, false),
      // A precinct of 4 characters: everything after it 6 to the left (TAP's 2018 layout).
      fixed('680 characters', 680, 4, false),
      // Status and registration date trade places.
      fixed('667 characters', 667, 10, true),
    ],
  },
  voterId: 'VUID',
  lastName: 'Last_Name',
  firstName: 'First_Name',
  middleName: 'Middle_Name',
  suffix: 'Suffix',
  birth: { column: 'DOB', formats: ['YYYYMMDD'] },
  status: statusCodes,
  county: { column: 'County_Code', name: texasCounty },
  zip: 'Zip',
  skipFiles: { pattern: /summary_file|(^|[/:])count[^/]*\.txt$/i, what: 'a summary or count file, not voters' },
  notes: ['Texas voter-history records share this layout; give only the voter files (a history file is refused line by line).'],
};

export const texas: StateFile = {
  format: 'texas',
  state: 'TX',
  title: "Texas's voter file (CSV, since Oct 2025)",
  birthKind: 'full',
  source: 'states.md, Texas (R:texas column_aliases, Rp)',
  obtained,
  use,
  delimiter: ',',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: 'vuid',
  lastName: 'last_name',
  firstName: 'first_name',
  middleName: 'mid_name',
  suffix: 'suff',
  birth: { column: 'dob', formats: ['YYYYMMDD', 'YYYY-MM-DD'] },
  status: statusCodes,
  county: { column: 'county_code', name: texasCounty },
  zip: { fromAddress: 'residential_address' },
  skipFiles: { pattern: /summary_file|(^|[/:])count[^/]*\.txt$/i, what: 'a summary or count file, not voters' },
  layoutHint: 'A Texas file from before Oct 2025 is fixed-width: import it with --format texas-fixed.',
};
