import type { StateFile } from './declaration.ts';
import { LayoutError, refuseUnlessHeader } from './format.ts';

/**
 * North Carolina's statewide file (ncvoter): tab-delimited, latin-1, a header row.
 * Its header must be exactly one of NCSBE's three layouts (ncvoterColumns tells
 * which, and refuses any other, naming the columns); then the declaration below
 * reads it, finding columns by name, since NCSBE reorders and inserts columns
 * between layouts. See ../shared/reference/ncvoter_columns.txt.
 */

const LAYOUT_2022 = [
  'county_id',
  'county_desc',
  'voter_reg_num',
  'ncid',
  'last_name',
  'first_name',
  'middle_name',
  'name_suffix_lbl',
  'status_cd',
  'voter_status_desc',
  'reason_cd',
  'voter_status_reason_desc',
  'res_street_address',
  'res_city_desc',
  'state_cd',
  'zip_code',
  'mail_addr1',
  'mail_addr2',
  'mail_addr3',
  'mail_addr4',
  'mail_city',
  'mail_state',
  'mail_zipcode',
  'full_phone_number',
  'confidential_ind',
  'registr_dt',
  'race_code',
  'ethnic_code',
  'party_cd',
  'gender_code',
  'birth_year',
  'age_at_year_end',
  'birth_state',
  'drivers_lic',
  'precinct_abbrv',
  'precinct_desc',
  'municipality_abbrv',
  'municipality_desc',
  'ward_abbrv',
  'ward_desc',
  'cong_dist_abbrv',
  'super_court_abbrv',
  'judic_dist_abbrv',
  'nc_senate_abbrv',
  'nc_house_abbrv',
  'county_commiss_abbrv',
  'county_commiss_desc',
  'township_abbrv',
  'township_desc',
  'school_dist_abbrv',
  'school_dist_desc',
  'fire_dist_abbrv',
  'fire_dist_desc',
  'water_dist_abbrv',
  'water_dist_desc',
  'sewer_dist_abbrv',
  'sewer_dist_desc',
  'sanit_dist_abbrv',
  'sanit_dist_desc',
  'rescue_dist_abbrv',
  'rescue_dist_desc',
  'munic_dist_abbrv',
  'munic_dist_desc',
  'dist_1_abbrv',
  'dist_1_desc',
  'vtd_abbrv',
  'vtd_desc',
] as const;

/** From February 2026: three flags inserted after drivers_lic. */
export const LAYOUT_2026: readonly string[] = [
  ...LAYOUT_2022.slice(0, LAYOUT_2022.indexOf('drivers_lic') + 1),
  'ssn',
  'no_dl_ssn_chkbx',
  'hava_id_req',
  ...LAYOUT_2022.slice(LAYOUT_2022.indexOf('drivers_lic') + 1),
];

/** Until February 2022, with the old spellings already mapped to the current ones. */
const LAYOUT_2020: readonly string[] = [
  'county_id',
  'county_desc',
  'voter_reg_num',
  'status_cd',
  'voter_status_desc',
  'reason_cd',
  'voter_status_reason_desc',
  'absent_ind',
  'name_prefx_cd',
  'last_name',
  'first_name',
  'middle_name',
  'name_suffix_lbl',
  'res_street_address',
  'res_city_desc',
  'state_cd',
  'zip_code',
  'mail_addr1',
  'mail_addr2',
  'mail_addr3',
  'mail_addr4',
  'mail_city',
  'mail_state',
  'mail_zipcode',
  'full_phone_number',
  'race_code',
  'ethnic_code',
  'party_cd',
  'gender_code',
  'age_at_year_end',
  'birth_state',
  'drivers_lic',
  'registr_dt',
  'precinct_abbrv',
  'precinct_desc',
  'municipality_abbrv',
  'municipality_desc',
  'ward_abbrv',
  'ward_desc',
  'cong_dist_abbrv',
  'super_court_abbrv',
  'judic_dist_abbrv',
  'nc_senate_abbrv',
  'nc_house_abbrv',
  'county_commiss_abbrv',
  'county_commiss_desc',
  'township_abbrv',
  'township_desc',
  'school_dist_abbrv',
  'school_dist_desc',
  'fire_dist_abbrv',
  'fire_dist_desc',
  'water_dist_abbrv',
  'water_dist_desc',
  'sewer_dist_abbrv',
  'sewer_dist_desc',
  'sanit_dist_abbrv',
  'sanit_dist_desc',
  'rescue_dist_abbrv',
  'rescue_dist_desc',
  'munic_dist_abbrv',
  'munic_dist_desc',
  'dist_1_abbrv',
  'dist_1_desc',
  'dist_2_abbrv',
  'dist_2_desc',
  'confidential_ind',
  'birth_year',
  'ncid',
  'vtd_abbrv',
  'vtd_desc',
];

export const NCVOTER_LAYOUTS: Readonly<Record<string, readonly string[]>> = {
  '2026 (70 columns)': LAYOUT_2026,
  '2022 (67 columns)': LAYOUT_2022,
  '2020 (71 columns)': LAYOUT_2020,
};

/** Spellings used by older files, under the name the current layout gives them. */
const OLD_SPELLINGS: Readonly<Record<string, string>> = {
  midl_name: 'middle_name',
  name_sufx_cd: 'name_suffix_lbl',
  birth_age: 'age_at_year_end',
  birth_place: 'birth_state',
};

function canonicalColumnName(header: string): string {
  const name = header.trim().toLowerCase();
  return OLD_SPELLINGS[name] ?? name;
}

/**
 * Recognises the layout from the header and returns each needed column's
 * position. A header that is none of the layouts is refused, naming the
 * columns that are missing and those that are unknown.
 */
export function ncvoterColumns(header: readonly string[]): Record<NeededColumn, number> {
  const names = header.map(canonicalColumnName);
  refuseUnlessHeader(names, new Set(Object.values(NCVOTER_LAYOUTS).flat()), 'ncvoter');
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) throw new LayoutError(`The header repeats columns: ${[...new Set(duplicates)].join(', ')}`);

  const given = new Set(names);
  const layouts = Object.entries(NCVOTER_LAYOUTS).map(([label, columns]) => ({
    label,
    missing: columns.filter((c) => !given.has(c)),
    unknown: names.filter((n) => !columns.includes(n)),
  }));
  const exact = layouts.find((l) => l.missing.length === 0 && l.unknown.length === 0);
  if (!exact) {
    const nearest = layouts.sort((a, b) => a.missing.length + a.unknown.length - (b.missing.length + b.unknown.length))[0]!;
    const parts = [
      nearest.missing.length ? `missing columns: ${nearest.missing.join(', ')}` : '',
      nearest.unknown.length ? `unknown columns: ${nearest.unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw new LayoutError(`The header is not an ncvoter layout (nearest: ${nearest.label}); ${parts.join('; ')}`);
  }
  return Object.fromEntries(NEEDED_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<NeededColumn, number>;
}

const NEEDED_COLUMNS = [
  'county_id',
  'county_desc',
  'ncid',
  'last_name',
  'first_name',
  'middle_name',
  'name_suffix_lbl',
  'status_cd',
  'reason_cd',
  'zip_code',
  'confidential_ind',
  'birth_year',
] as const;
type NeededColumn = (typeof NEEDED_COLUMNS)[number];

/** NCSBE's county ids, for rows whose county_desc is blank. Yancey is 00 in the layout, 100 in real files. */
const NC_COUNTIES = [
  'ALAMANCE',
  'ALEXANDER',
  'ALLEGHANY',
  'ANSON',
  'ASHE',
  'AVERY',
  'BEAUFORT',
  'BERTIE',
  'BLADEN',
  'BRUNSWICK',
  'BUNCOMBE',
  'BURKE',
  'CABARRUS',
  'CALDWELL',
  'CAMDEN',
  'CARTERET',
  'CASWELL',
  'CATAWBA',
  'CHATHAM',
  'CHEROKEE',
  'CHOWAN',
  'CLAY',
  'CLEVELAND',
  'COLUMBUS',
  'CRAVEN',
  'CUMBERLAND',
  'CURRITUCK',
  'DARE',
  'DAVIDSON',
  'DAVIE',
  'DUPLIN',
  'DURHAM',
  'EDGECOMBE',
  'FORSYTH',
  'FRANKLIN',
  'GASTON',
  'GATES',
  'GRAHAM',
  'GRANVILLE',
  'GREENE',
  'GUILFORD',
  'HALIFAX',
  'HARNETT',
  'HAYWOOD',
  'HENDERSON',
  'HERTFORD',
  'HOKE',
  'HYDE',
  'IREDELL',
  'JACKSON',
  'JOHNSTON',
  'JONES',
  'LEE',
  'LENOIR',
  'LINCOLN',
  'MACON',
  'MADISON',
  'MARTIN',
  'MCDOWELL',
  'MECKLENBURG',
  'MITCHELL',
  'MONTGOMERY',
  'MOORE',
  'NASH',
  'NEW HANOVER',
  'NORTHAMPTON',
  'ONSLOW',
  'ORANGE',
  'PAMLICO',
  'PASQUOTANK',
  'PENDER',
  'PERQUIMANS',
  'PERSON',
  'PITT',
  'POLK',
  'RANDOLPH',
  'RICHMOND',
  'ROBESON',
  'ROCKINGHAM',
  'ROWAN',
  'RUTHERFORD',
  'SAMPSON',
  'SCOTLAND',
  'STANLY',
  'STOKES',
  'SURRY',
  'SWAIN',
  'TRANSYLVANIA',
  'TYRRELL',
  'UNION',
  'VANCE',
  'WAKE',
  'WARREN',
  'WASHINGTON',
  'WATAUGA',
  'WAYNE',
  'WILKES',
  'WILSON',
  'YADKIN',
  'YANCEY',
];

/** A county_id as its county's name ('' when it is none), for rows whose county_desc is blank. */
function ncCountyName(countyId: string): string {
  const id = Number(countyId.trim());
  if (!/^\d{1,3}$/.test(countyId.trim())) return '';
  if (id === 0 || id === 100) return 'YANCEY';
  return NC_COUNTIES[id - 1] ?? '';
}

export const northCarolina: StateFile = {
  format: 'ncvoter',
  state: 'NC',
  title: "North Carolina's statewide voter file (ncvoter_Statewide)",
  // The public file carries birth_year only (the 2026 layout adds nothing finer).
  birthKind: 'year',
  source: 'ncvoter_columns.txt, ncvoter_codes.txt (NCSBE layout)',
  obtained: 'Download from the State Board of Elections: ncvoter_Statewide.zip (s3.amazonaws.com/dl.ncsbe.gov)',
  use: 'The references name no use restriction.',
  delimiter: '\t',
  encoding: 'auto',
  layout: { kind: 'header' },
  detect: (header) => void ncvoterColumns(header),
  voterId: 'ncid',
  lastName: 'last_name',
  firstName: 'first_name',
  middleName: ['middle_name', 'midl_name'],
  suffix: ['name_suffix_lbl', 'name_sufx_cd'],
  birth: { column: 'birth_year', formats: ['YYYY'] },
  status: {
    column: 'status_cd',
    // S (temporary: military and overseas) is an active registration; I (confirmation not returned) is still registered.
    codes: { A: 'active', S: 'active', I: 'inactive', R: 'removed', D: 'denied' },
    source: 'ncvoter_codes.txt (A active, S temporary, I inactive, R removed, D denied)',
  },
  reason: 'reason_cd',
  county: 'county_desc',
  countyFromCode: { column: 'county_id', name: ncCountyName },
  zip: 'zip_code',
  confidential: { column: 'confidential_ind', values: ['Y'] },
};
