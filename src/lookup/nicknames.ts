import { readFileSync } from 'node:fs';
import { nameKey, normalizeName } from './normalize.ts';

/**
 * Given names that are the same name: carltonnorthern/nicknames (Apache-2.0, see
 * seeds/nicknames.LICENSE.txt), one row per `name,has_nickname,nickname` pair,
 * used in both directions and never transitively: "Bill" reaches William, but
 * not, through William, "Liam".
 */
export type NicknameTable = ReadonlyMap<string, ReadonlySet<string>>;

export function parseNicknames(csv: string): NicknameTable {
  const table = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!a || !b || a === b) return;
    let set = table.get(a);
    if (!set) table.set(a, (set = new Set()));
    set.add(b);
  };
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [name, relation, nickname] = line.split(',');
    if (relation !== 'has_nickname' || !name || !nickname) continue;
    const [a, b] = [nameKey(normalizeName(name)), nameKey(normalizeName(nickname))];
    link(a, b);
    link(b, a);
  }
  return table;
}

let shipped: NicknameTable | undefined;

/** The table shipped in seeds/, read once. */
export function shippedNicknames(): NicknameTable {
  shipped ??= parseNicknames(readFileSync(new URL('../../seeds/nicknames.csv', import.meta.url), 'utf8'));
  return shipped;
}

export function nicknamesOf(table: NicknameTable, firstNameKey: string): string[] {
  return [...(table.get(firstNameKey) ?? [])];
}
