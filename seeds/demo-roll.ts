import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRoll, type ImportSummary } from '../src/roll/import.ts';
import { type SyntheticVoter, writeNcvoterFile } from './ncvoter-synthetic.ts';

/**
 * The demo roll `npm start` loads on its embedded database: fictional North
 * Carolina voters, written as a real ncvoter file and loaded by the real
 * importer. The README's curl example asks for Jane Doe.
 */
export const DEMO_VOTERS: readonly SyntheticVoter[] = [
  { ncid: 'DEMO00000001', lastName: 'DOE', firstName: 'JANE', middleName: 'Q', birthYear: 1985, county: 'WAKE', zip: '27601' },
  { ncid: 'DEMO00000002', lastName: 'NÚÑEZ', firstName: 'JOSÉ', birthYear: 1990, county: 'DURHAM', countyId: '32', zip: '27701' },
  { ncid: 'DEMO00000003', lastName: "O'BRIEN", firstName: 'MARY', birthYear: 1972, status: 'I', county: 'NEW HANOVER', countyId: '65', zip: '28401' },
  { ncid: 'DEMO00000004', lastName: 'SMITH-JONES', firstName: 'ANA', birthYear: 1988, county: 'MECKLENBURG', countyId: '60', zip: '28202' },
  { ncid: 'DEMO00000005', lastName: 'PUBLIC', firstName: 'JOHN', suffix: 'JR', birthYear: 1960, county: 'WAKE', zip: '27603' },
  { ncid: 'DEMO00000006', lastName: 'TWIN', firstName: 'ALEX', birthYear: 2001, county: 'WAKE', zip: '27601' },
  { ncid: 'DEMO00000007', lastName: 'TWIN', firstName: 'ALEX', birthYear: 2001, county: 'DURHAM', countyId: '32', zip: '27701' },
  { ncid: 'DEMO00000008', lastName: 'FORMER', firstName: 'ROBIN', birthYear: 1950, status: 'R', reason: 'RD', county: 'WAKE' },
  { ncid: 'DEMO00000009', lastName: 'APPLICANT', firstName: 'DANA', birthYear: 1999, status: 'D', county: 'WAKE' },
  { ncid: 'DEMO00000010', lastName: 'OVERSEAS', firstName: 'SAM', birthYear: 1979, status: 'S', county: 'WAKE' },
  { ncid: 'DEMO00000011', lastName: 'PRIVATE', firstName: 'CASEY', birthYear: 1980, confidential: true, county: 'WAKE' },
  { ncid: 'DEMO00000012', lastName: 'MOUNTAIN', firstName: 'LEE', birthYear: 1966, county: 'YANCEY', countyId: '100', zip: '28714' },
];

export async function loadDemoRoll(databaseUrl: string): Promise<ImportSummary> {
  const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-demo-'));
  try {
    const file = join(dir, 'ncvoter_demo.txt');
    await writeNcvoterFile(file, DEMO_VOTERS);
    return await importRoll({ databaseUrl, state: 'NC', format: 'ncvoter', files: [file], asOf: '2026-11-21' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
