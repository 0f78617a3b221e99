import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { SyntheticVoter } from './ncvoter-synthetic.ts';

/**
 * The benchmark's other layouts, written with the fictional voters of
 * ncvoter-synthetic.ts: Texas's fixed-width file (686 characters, until Aug 2025)
 * and Pennsylvania's header-less, every-value-quoted tab file (154 columns).
 * Positions and column counts are those of ../shared/reference/states.md.
 */
export type BenchLayout = 'texas-fixed' | 'pennsylvania';

/** A whole birth date for a voter of the NC generator, which has only the year. */
const birthDate = (voter: SyntheticVoter, i: number) => {
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = String((i % 28) + 1).padStart(2, '0');
  return { y: String(voter.birthYear), m: month, d: day };
};

const TEXAS_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  county: [0, 3],
  precinct: [3, 13],
  vuid: [13, 23],
  last: [23, 73],
  first: [73, 123],
  middle: [123, 173],
  gender: [227, 228],
  dob: [228, 236],
  house: [236, 245],
  street: [259, 309],
  city: [347, 397],
  zip: [397, 406],
  mail: [406, 516],
  regDate: [656, 664],
  status: [664, 665],
};
const TEXAS_STATUS: Readonly<Record<string, string>> = { A: 'V', S: 'V', I: 'S', R: 'C', D: 'C' };

function texasLine(voter: SyntheticVoter, i: number): string {
  const { y, m, d } = birthDate(voter, i);
  const values: Record<string, string> = {
    county: String((i % 254) + 1).padStart(3, '0'),
    precinct: '0001',
    vuid: String(1_000_000_000 + i),
    last: voter.lastName,
    first: voter.firstName,
    middle: voter.middleName ?? '',
    gender: 'U',
    dob: `${y}${m}${d}`,
    house: String(100 + (i % 9000)),
    street: 'FICTIONAL OAK HOLLOW',
    city: 'AUSTIN',
    zip: voter.zip ?? '78701',
    mail: `${100 + (i % 9000)} FICTIONAL OAK HOLLOW AUSTIN TX`,
    regDate: '20100115',
    status: TEXAS_STATUS[voter.status ?? 'A']!,
  };
  const line = Array.from({ length: 686 }, () => ' ');
  for (const [column, [start, end]] of Object.entries(TEXAS_RANGES)) {
    [...values[column]!.slice(0, end - start)].forEach((c, at) => (line[start + at] = c));
  }
  return `${line.join('')}\r\n`;
}

const PA_STATUS: Readonly<Record<string, string>> = { A: 'A', S: 'A', I: 'I', R: 'I', D: 'I' };

function pennsylvaniaLine(voter: SyntheticVoter, i: number): string {
  const { y, m, d } = birthDate(voter, i);
  const values = Array.from({ length: 154 }, () => '');
  values[0] = `${String(100_000_000 + i)}-01`;
  values[2] = voter.lastName;
  values[3] = voter.firstName;
  values[4] = voter.middleName ?? '';
  values[6] = 'U';
  values[7] = `${m}/${d}/${y}`;
  values[8] = '01/15/2010';
  values[9] = PA_STATUS[voter.status ?? 'A']!;
  values[11] = 'D';
  values[12] = String(100 + (i % 9000));
  values[14] = 'FICTIONAL OAK HOLLOW RD';
  values[17] = 'HARRISBURG';
  values[18] = 'PA';
  values[19] = voter.zip ?? '17101';
  values[26] = '0101';
  for (let district = 30; district < 40; district += 1) values[district] = String(district);
  for (let election = 70; election < 90; election += 2) [values[election], values[election + 1]] = ['AP', 'D'];
  values[151] = 'DAUPHIN';
  values[153] = 'DL';
  return `"${values.join('"\t"')}"\r\n`;
}

/** Streams the voters to `path` in the layout, so millions never sit in memory. */
export async function writeStateFile(path: string, layout: BenchLayout, voters: Iterable<SyntheticVoter>): Promise<void> {
  const out = createWriteStream(path);
  const line = layout === 'texas-fixed' ? texasLine : pennsylvaniaLine;
  let buffer = '';
  let i = 0;
  for (const voter of voters) {
    buffer += line(voter, (i += 1));
    if (buffer.length > 1 << 16) {
      if (!out.write(Buffer.from(buffer, 'latin1'))) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(Buffer.from(buffer, 'latin1'));
  await once(out, 'finish');
}
