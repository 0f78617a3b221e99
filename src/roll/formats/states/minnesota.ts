import { alphabeticalCounty } from '../counties.ts';
import type { StateFile } from '../declaration.ts';

export const minnesota: StateFile = {
  format: 'minnesota',
  state: 'MN',
  title: "Minnesota's public information list",
  birthKind: 'year',
  source: 'states.md, Minnesota (R:minnesota, Rp, U:mn)',
  obtained: 'From the Secretary of State, $46; a zip of 16 files (voter files and election-history files) and a readme',
  use: 'Only for registered Minnesota voters, and only for election, political or law-enforcement use (Minn. Stat. 201.091).',
  delimiter: ',',
  encoding: 'latin1',
  layout: { kind: 'header' },
  voterId: 'VoterId',
  lastName: 'LastName',
  firstName: 'FirstName',
  middleName: 'MiddleName',
  suffix: 'NameSuffix',
  birth: { column: 'DOBYear', formats: ['YYYY'] },
  status: {
    every: 'active',
    note: 'Minnesota’s file has no status column: every listed voter is registered and is loaded as active.',
  },
  // CountyCode 1-87 in alphabetical order, Aitkin to Yellow Medicine (second-hand: verify against a real file).
  county: { column: 'CountyCode', name: alphabeticalCounty('MN') },
  zip: 'ZipCode',
  skipFiles: { pattern: /election|readme/i, what: 'an election-history file or the readme' },
};
