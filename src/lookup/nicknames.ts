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

type Table = Map<string, Set<string>>;

/** A CSV's rows after its header, each as its fields. */
const rowsOf = (csv: string): string[][] =>
  csv
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));

/** Each pair into the table both ways, by the names' lookup keys. */
function linkBothWays(pairs: Iterable<readonly [string, string]>, table: Table): Table {
  const link = (a: string, b: string) => {
    if (!a || !b || a === b) return;
    let set = table.get(a);
    if (!set) table.set(a, (set = new Set()));
    set.add(b);
  };
  for (const pair of pairs) {
    const [a, b] = pair.map((name) => nameKey(normalizeName(name))) as [string, string];
    link(a, b);
    link(b, a);
  }
  return table;
}

/**
 * Two spellings of one name, told by a key that forgets what spellings vary in: c or k,
 * ph or f, th or t, y or i, a doubled letter (CATHERINE and KATHERINE, ALLISON and ALLYSON,
 * TERESA and THERESA, PHILIP and PHILLIP).
 */
export function spellingKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/^ch/, 'k')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/c/g, 'k')
    .replace(/kh/g, 'k')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

/**
 * The English list gives "Kate" for KATHERINE but not for CATHERINE. A name takes the
 * nicknames of another spelling of it: same spelling key, and at least two nicknames
 * already in common as evidence that the list means one name (docs/MATCHING.md says what
 * looser rules would have joined). The two spellings are not joined to each other.
 */
function withVariantSpellings(nicknamesByName: Map<string, Set<string>>): [string, string][] {
  const bySpelling = new Map<string, string[]>();
  for (const name of nicknamesByName.keys()) {
    const key = spellingKey(name);
    bySpelling.set(key, [...(bySpelling.get(key) ?? []), name]);
  }
  const pairs: [string, string][] = [];
  for (const names of bySpelling.values()) {
    for (const a of names) {
      for (const b of names) {
        if (a === b) continue;
        const [mine, theirs] = [nicknamesByName.get(a)!, nicknamesByName.get(b)!];
        if ([...mine].filter((nickname) => theirs.has(nickname)).length < 2) continue;
        for (const nickname of theirs) if (!mine.has(nickname) && nickname !== a) pairs.push([a, nickname]);
      }
    }
  }
  return pairs;
}

export function parseNicknames(csv: string, table: Table = new Map()): NicknameTable {
  const nicknamesByName: Table = new Map();
  for (const [name, relation, nickname] of rowsOf(csv)) {
    if (relation === 'has_nickname' && name && nickname) nicknamesByName.set(name, (nicknamesByName.get(name) ?? new Set()).add(nickname));
  }
  const listed = [...nicknamesByName].flatMap(([name, nicknames]) => [...nicknames].map((nickname) => [name, nickname] as const));
  return linkBothWays([...listed, ...withVariantSpellings(nicknamesByName)], table);
}

/** Spanish hypocorisms, added to `table`: a pair is read only with its source. */
function addHypocorisms(csv: string, table: Table): NicknameTable {
  const cited = rowsOf(csv).flatMap(([name, hypocorism, source]) => (name && hypocorism && source?.startsWith('http') ? [[name, hypocorism] as const] : []));
  return linkBothWays(cited, table);
}

let shipped: NicknameTable | undefined;

/** The tables shipped in seeds/, read once. */
export function shippedNicknames(): NicknameTable {
  const read = (file: string) => readFileSync(new URL(`../../seeds/${file}`, import.meta.url), 'utf8');
  if (!shipped) {
    const table: Table = new Map();
    parseNicknames(read('nicknames.csv'), table);
    shipped = addHypocorisms(read('hypocorisms-es.csv'), table);
  }
  return shipped;
}

export function nicknamesOf(table: NicknameTable, firstNameKey: string): string[] {
  return [...(table.get(firstNameKey) ?? [])];
}
