import type { StateFile } from '../declaration.ts';

export const arizona: StateFile = {
  format: 'arizona',
  state: 'AZ',
  title: "Arizona's voter registration export (CSV)",
  birthKind: 'year',
  source: 'states.md, Arizona (R:arizona2, Rp, OI:arizona, U:az, PB)',
  obtained: 'A public-records request to the Secretary of State (NextRequest), about $516; files by county and status, as .xlsx or CSV: save each sheet as CSV',
  use: 'The references name no use restriction; check the terms of the records request.',
  delimiter: 'sniff',
  encoding: 'auto',
  layout: { kind: 'header' },
  voterId: ['RegistrantID', 'Id'],
  lastName: 'LastName',
  firstName: 'FirstName',
  middleName: 'MiddleName',
  suffix: ['Suffix', 'NameSuffix'],
  birth: { column: ['YearofBirth', 'DOB', 'DOB(Restricted)'], formats: ['YYYY'] },
  status: {
    column: 'Status',
    codes: {
      ACTIVE: 'active',
      INACTIVE: 'inactive',
      CANCELED: 'removed',
      CANCELLED: 'removed',
      'NOT ELIGIBLE': 'denied',
      'NOT REGISTERED': 'leave out',
      SUSPENSE: 'leave out',
    },
    source:
      'R:arizona2 (active, inactive, canceled, not eligible, not registered, suspense; the Secretary of State confirmed in Nov 2025 that suspense is not registered)',
  },
  reason: 'StatusReason',
  county: ['County', 'RegistrantCounty'],
  zip: 'ResidenceZip',
  skipFiles: { pattern: /legend/i, what: 'the legend' },
};
