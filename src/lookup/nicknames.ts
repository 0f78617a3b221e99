import { readFileSync } from 'node:fs';
import { nameKey, normalizeName } from './normalize.ts';

/**
 * Given names that are the same name, used in both directions and never
 * transitively ("Bill" reaches William, but not, through William, "Liam"):
 * - English: carltonnorthern/nicknames (Apache-2.0, see seeds/nicknames.LICENSE.txt),
 *   one row per `name,has_nickname,nickname` pair;
 * - Spanish hypocorisms (Paco for Francisco, Toño for Antonio): seeds/hypocorisms-es.csv,
 *   `name,hypocorism,source`, each pair with the published reference that states it.
 */
export type NicknameTable = ReadonlyMap<string, ReadonlySet<string>>;

/** The pairs of each line of a CSV, both directions, into one table. */
function tableOf(csv: string, pair: (fields: string[]) => [string, string] | undefined, table = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const link = (a: string, b: string) => {
    if (!a || !b || a === b) return;
    let set = table.get(a);
    if (!set) table.set(a, (set = new Set()));
    set.add(b);
  };
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const names = pair(line.split(','));
    if (!names) continue;
    const [a, b] = names.map((name) => nameKey(normalizeName(name))) as [string, string];
    link(a, b);
    link(b, a);
  }
  return table;
}

export function parseNicknames(csv: string): NicknameTable {
  return tableOf(csv, ([name, relation, nickname]) => (relation === 'has_nickname' && name && nickname ? [name, nickname] : undefined));
}

/** Spanish hypocorisms, added to `table`: a pair is read only with its source. */
function addHypocorisms(csv: string, table: NicknameTable): NicknameTable {
  return tableOf(
    csv,
    ([name, hypocorism, source]) => (name && hypocorism && source?.startsWith('http') ? [name, hypocorism] : undefined),
    table as Map<string, Set<string>>,
  );
}

let shipped: NicknameTable | undefined;

/** The tables shipped in seeds/, read once. */
export function shippedNicknames(): NicknameTable {
  const read = (file: string) => readFileSync(new URL(`../../seeds/${file}`, import.meta.url), 'utf8');
  shipped ??= addHypocorisms(read('hypocorisms-es.csv'), parseNicknames(read('nicknames.csv')));
  return shipped;
}

export function nicknamesOf(table: NicknameTable, firstNameKey: string): string[] {
  return [...(table.get(firstNameKey) ?? [])];
}
