import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { LAYOUT_2026 } from '../src/roll/index.ts';

/**
 * Writes fictional voters as a North Carolina ncvoter file: tab-delimited,
 * latin-1, a header row, in any of the layouts. Used for the demo roll, the
 * tests and the benchmarks; every person in it is made up.
 */
export interface SyntheticVoter {
  ncid: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  suffix?: string;
  status?: 'A' | 'S' | 'I' | 'R' | 'D';
  reason?: string;
  birthYear: number | string;
  zip?: string;
  countyId?: string;
  county?: string;
  confidential?: boolean;
}

const STATUS_TEXT: Record<string, [string, string, string]> = {
  A: ['ACTIVE', 'AV', 'VERIFIED'],
  S: ['TEMPORARY', 'SO', 'OVERSEAS CITIZEN'],
  I: ['INACTIVE', 'IN', 'CONFIRMATION NOT RETURNED'],
  R: ['REMOVED', 'RL', 'MOVED FROM COUNTY'],
  D: ['DENIED', 'DI', 'UNAVAILABLE ESSENTIAL INFORMATION'],
};

/**
 * Every column a real row fills, with values of real length, so a synthetic file
 * is about as large per row as NCSBE's (some 400 bytes) and benchmarks are fair.
 */
function fieldsOf(voter: SyntheticVoter): Record<string, string> {
  const status = voter.status ?? 'A';
  const [statusDesc, defaultReason, reasonDesc] = STATUS_TEXT[status] ?? [status, '', ''];
  const birthYear = String(voter.birthYear);
  const house = String(100 + (Number(voter.ncid.replace(/\D/g, '')) % 9800));
  const precinct = `${String(house.length).padStart(2, '0')}-${house.slice(-2)}`;
  return {
    mail_addr1: '',
    ssn: 'Y',
    no_dl_ssn_chkbx: 'N',
    hava_id_req: 'N',
    precinct_desc: `PRECINCT ${precinct}`,
    municipality_abbrv: 'RAL',
    municipality_desc: 'RALEIGH',
    ward_abbrv: '',
    ward_desc: '',
    cong_dist_abbrv: '2',
    super_court_abbrv: '10A',
    judic_dist_abbrv: '10',
    nc_senate_abbrv: '15',
    nc_house_abbrv: '033',
    county_commiss_abbrv: '4',
    county_commiss_desc: 'COUNTY COMMISSIONER DISTRICT 4',
    township_abbrv: 'RAL',
    township_desc: 'RALEIGH TOWNSHIP',
    school_dist_abbrv: '4',
    school_dist_desc: 'BOARD OF EDUCATION DISTRICT 4',
    fire_dist_abbrv: 'FD2',
    fire_dist_desc: 'FIRE DISTRICT 2',
    munic_dist_abbrv: 'RAL',
    munic_dist_desc: 'RALEIGH',
    dist_1_abbrv: '10',
    dist_1_desc: 'PROSECUTORIAL DISTRICT 10',
    vtd_abbrv: precinct,
    vtd_desc: precinct,
    county_id: voter.countyId ?? '92',
    county_desc: voter.county ?? 'WAKE',
    voter_reg_num: voter.ncid.replace(/\D/g, '').padStart(12, '0'),
    ncid: voter.ncid,
    last_name: voter.lastName,
    first_name: voter.firstName,
    middle_name: voter.middleName ?? '',
    name_suffix_lbl: voter.suffix ?? '',
    status_cd: status,
    voter_status_desc: statusDesc,
    reason_cd: voter.reason ?? defaultReason,
    voter_status_reason_desc: reasonDesc,
    res_street_address: `${house} FICTIONAL OAK HOLLOW RD`,
    res_city_desc: 'RALEIGH',
    state_cd: 'NC',
    zip_code: voter.zip ?? '27601',
    full_phone_number: '',
    confidential_ind: voter.confidential ? 'Y' : 'N',
    registr_dt: '01/15/2010',
    race_code: 'U',
    ethnic_code: 'UN',
    party_cd: 'UNA',
    gender_code: 'U',
    birth_year: birthYear,
    age_at_year_end: /^\d{4}$/.test(birthYear) ? String(2026 - Number(birthYear)) : '',
    birth_state: 'NC',
    drivers_lic: 'Y',
    precinct_abbrv: precinct,
  };
}

/**
 * How values are quoted: true writes every value in double quotes, as NCSBE's own
 * file may; 'mixed' only those with a space, as CSV writers quote where needed.
 */
type Quoting = boolean | 'mixed';

/** A line of the file. */
export function ncvoterLine(voter: SyntheticVoter, layout: readonly string[] = LAYOUT_2026, quoted: Quoting = false): string {
  const fields = fieldsOf(voter);
  return joinLine(
    layout.map((column) => fields[column] ?? ''),
    quoted,
  );
}

export function ncvoterHeader(layout: readonly string[] = LAYOUT_2026, quoted: Quoting = false): string {
  return joinLine(layout, quoted);
}

const joinLine = (values: readonly string[], quoted: Quoting) =>
  (quoted === 'mixed'
    ? values.map((value) => (value.includes(' ') ? `"${value}"` : value)).join('\t')
    : quoted
      ? `"${values.join('"\t"')}"`
      : values.join('\t')) + '\r\n';

/** Streams the file to disk, so a roll of millions never sits in memory. */
export async function writeNcvoterFile(
  path: string,
  voters: Iterable<SyntheticVoter>,
  layout: readonly string[] = LAYOUT_2026,
  quoted: Quoting = false,
): Promise<void> {
  const out = createWriteStream(path);
  let buffer = ncvoterHeader(layout, quoted);
  for (const voter of voters) {
    buffer += ncvoterLine(voter, layout, quoted);
    if (buffer.length > 1 << 16) {
      if (!out.write(Buffer.from(buffer, 'latin1'))) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(Buffer.from(buffer, 'latin1'));
  await once(out, 'finish');
}

const FIRST_NAMES = [
  'JAMES',
  'MARY',
  'ROBERT',
  'PATRICIA',
  'JOHN',
  'JENNIFER',
  'MICHAEL',
  'LINDA',
  'DAVID',
  'ELIZABETH',
  'WILLIAM',
  'BARBARA',
  'RICHARD',
  'SUSAN',
  'JOSEPH',
  'JESSICA',
  'THOMAS',
  'SARAH',
  'CHARLES',
  'KAREN',
  'MARIA',
  'JOSE',
  'LUIS',
  'ANA',
  'CARMEN',
  'KEISHA',
  'DESHAWN',
  'MEI',
  'PRIYA',
  'OMAR',
  'FATIMA',
  'LIAM',
  'NOAH',
  'EMMA',
  'OLIVIA',
  'AVA',
];
const LAST_NAMES = [
  'SMITH',
  'JOHNSON',
  'WILLIAMS',
  'BROWN',
  'JONES',
  'GARCIA',
  'MILLER',
  'DAVIS',
  'RODRIGUEZ',
  'MARTINEZ',
  'HERNANDEZ',
  'LOPEZ',
  'GONZALEZ',
  'WILSON',
  'ANDERSON',
  'THOMAS',
  'TAYLOR',
  'MOORE',
  'JACKSON',
  'MARTIN',
  'LEE',
  "O'NEAL",
  'NGUYEN',
  'PATEL',
  'KIM',
  'SMITH-JONES',
  'DE LA CRUZ',
  'MCDONALD',
  'WASHINGTON',
  'LOCKLEAR',
  'OXENDINE',
];
const COUNTIES: [string, string, string][] = [
  ['92', 'WAKE', '27601'],
  ['32', 'DURHAM', '27701'],
  ['60', 'MECKLENBURG', '28202'],
  ['41', 'GUILFORD', '27401'],
  ['65', 'NEW HANOVER', '28401'],
  ['100', 'YANCEY', '28714'],
];
const STATUSES: SyntheticVoter['status'][] = ['A', 'A', 'A', 'A', 'A', 'A', 'A', 'I', 'R', 'S', 'D'];

/** A small deterministic generator (mulberry32), so every run writes the same roll. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Made-up surnames from syllables, so a large roll has a real roll's variety of names.
const SYLLABLES = [
  'AB',
  'BAR',
  'CAL',
  'DEL',
  'ELL',
  'FAR',
  'GAL',
  'HAR',
  'IN',
  'JOR',
  'KEL',
  'LAN',
  'MAR',
  'NOR',
  'OST',
  'PEN',
  'QUIN',
  'ROS',
  'STAN',
  'TOR',
  'UL',
  'VAN',
  'WEST',
  'YAR',
  'ZAN',
  'BRAD',
  'CROM',
  'DUN',
  'FITZ',
  'GREN',
  'HOL',
  'KIRK',
];
const ENDINGS = [
  'SON',
  'TON',
  'LEY',
  'WOOD',
  'FORD',
  'BERG',
  'MAN',
  'DALE',
  'WELL',
  'RIDGE',
  'COTT',
  'WORTH',
  'INGS',
  'OWSKI',
  'ELLI',
  'EZ',
  'ERO',
  'ANDO',
  'ARDT',
  'STROM',
  'VILLE',
  'HAM',
  'FIELD',
  'BROOK',
  'MORE',
  'STEIN',
  'GATE',
  'HURST',
];
const MANY_LAST_NAMES = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => ENDINGS.map((c) => a + b + c)));
const MANY_FIRST_NAMES = [
  ...FIRST_NAMES,
  'AALIYAH',
  'ABIGAIL',
  'ADRIAN',
  'AIDEN',
  'ALEXIS',
  'AMIR',
  'ANDRES',
  'ANGELA',
  'ARJUN',
  'BEATRIZ',
  'BRANDON',
  'CAMILA',
  'CARLOS',
  'CHLOE',
  'DANIELA',
  'DARNELL',
  'DIEGO',
  'DMITRI',
  'EBONY',
  'ELENA',
  'ETHAN',
  'EVELYN',
  'FELIPE',
  'GABRIEL',
  'GRACE',
  'HANNAH',
  'HASSAN',
  'ISABELLA',
  'JADEN',
  'JAMAL',
  'JASMINE',
  'JAVIER',
  'KAYLA',
  'KENJI',
  'LATOYA',
  'LEILANI',
  'LUCAS',
  'MADISON',
  'MALIK',
  'MARCUS',
  'MATEO',
  'NADIA',
  'NATHAN',
  'NIA',
  'OSCAR',
  'PABLO',
  'QUINN',
  'RAFAEL',
  'REGINA',
  'SANTIAGO',
  'SOFIA',
  'TAMIKA',
  'TYRONE',
  'VALERIA',
  'WEI',
  'XAVIER',
  'YARA',
  'ZAINAB',
];

/**
 * `count` made-up voters with ncids SYN000000001 upward. A third have very common
 * names, so some share a name and a birth year as on a real roll; the rest have
 * names from a pool of some 28,000 surnames and 90 given names.
 */
export function* syntheticVoters(count: number, seed = 1): Generator<SyntheticVoter> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 1; i <= count; i += 1) {
    const [countyId, county, zip] = pick(COUNTIES);
    const common = random() < 1 / 3;
    yield {
      ncid: `SYN${String(i).padStart(9, '0')}`,
      lastName: common ? pick(LAST_NAMES) : pick(MANY_LAST_NAMES),
      firstName: common ? pick(FIRST_NAMES) : pick(MANY_FIRST_NAMES),
      middleName: pick(FIRST_NAMES),
      status: pick(STATUSES),
      birthYear: 1930 + Math.floor(random() * 78),
      countyId,
      county,
      zip,
      confidential: random() < 0.002,
    };
  }
}
