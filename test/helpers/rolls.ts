import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImportOptions, importRoll, type ImportSummary } from '../../src/roll/import.ts';
import { type SyntheticVoter, writeNcvoterFile } from '../../tools/ncvoter-synthetic.ts';

export async function withTempDir<T>(work: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-fixture-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the voters as a real ncvoter file and loads it with the real importer. */
export async function importNcVoters(
  databaseUrl: string,
  voters: Iterable<SyntheticVoter>,
  asOf = '2026-11-21',
  extra: Partial<ImportOptions> = {},
): Promise<ImportSummary> {
  return withTempDir(async (dir) => {
    const file = join(dir, 'ncvoter_fixture.txt');
    await writeNcvoterFile(file, voters);
    return importRoll({ databaseUrl, state: 'NC', format: 'ncvoter', files: [file], asOf, ...extra });
  });
}
