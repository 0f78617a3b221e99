import { SLIP_MIN_LENGTH } from '../db/voter-table.ts';
import { nameKey } from './normalize.ts';

/**
 * The variant rules: what a person may have typed differently from the roll.
 * Each is a pure function of the typed name; the repository turns them into
 * indexed queries (src/lookup/repository.ts), and the service accepts a variant
 * only when the birth date agrees and exactly one voter qualifies.
 */
export type VariantRule = 'nickname' | 'compound_surname' | 'swapped_names' | 'middle_as_first' | 'surname_slip';

/** Words that join the parts of Spanish and other compound surnames: never a surname alone. */
const SURNAME_PARTICLES = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'Y', 'E', 'DA', 'DO', 'DOS', 'VAN', 'VON', 'DER', 'DI', 'LE']);

/**
 * The parts of a compound surname that can stand alone: "GARCIA LOPEZ" gives
 * GARCIA and LOPEZ; "DE LA CRUZ" gives CRUZ; "SMITH" gives nothing.
 */
export function surnameParts(normalizedLastName: string): string[] {
  const words = normalizedLastName.split(' ');
  if (words.length < 2) return [];
  return [...new Set(words.filter((word) => word.length >= 2 && !SURNAME_PARTICLES.has(word)))];
}

/**
 * A compound surname found by one of its parts: fine when one side has a single
 * surname ("GARCIA" for "GARCIA LOPEZ") or both have the same parts in another
 * order; not when each side has a part the other lacks ("SHELBERG ASHMORE" is not
 * "ASHMORE BARTON"): those are two families.
 */
export function compoundSurnamesAgree(typedNorm: string, rollNorm: string): boolean {
  const typed = surnameParts(typedNorm);
  const roll = surnameParts(rollNorm);
  if (typed.length < 2 || roll.length < 2) return true;
  return typed.every((part) => roll.includes(part)) || roll.every((part) => typed.includes(part));
}

/**
 * One slip of the keyboard in a long surname: a letter added, dropped or changed,
 * or two neighbours swapped (optimal string alignment distance 1), after the
 * first letter: people do not misspell the first letter of their own surname,
 * and a changed first letter most often makes another family's name.
 */
export function isSurnameSlip(typed: string, onRoll: string): boolean {
  if (typed === onRoll || Math.min(typed.length, onRoll.length) < SLIP_MIN_LENGTH) return false;
  if (typed[0] !== onRoll[0]) return false;
  if (Math.abs(typed.length - onRoll.length) > 1) return false;
  if (typed.length === onRoll.length) {
    const diffs: number[] = [];
    for (let i = 0; i < typed.length && diffs.length <= 2; i += 1) if (typed[i] !== onRoll[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    const [i, j] = diffs;
    return diffs.length === 2 && j === i! + 1 && typed[i!] === onRoll[j] && typed[j] === onRoll[i!];
  }
  const [shorter, longer] = typed.length < onRoll.length ? [typed, onRoll] : [onRoll, typed];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i += 1;
  return shorter.slice(i) === longer.slice(i + 1);
}

/** A middle name on the roll that the person uses as their first name. */
export function middleIsFirst(typedFirstKey: string, rollMiddleNorm: string | null): boolean {
  if (!rollMiddleNorm) return false;
  const middle = nameKey(rollMiddleNorm);
  return middle.length > 1 && middle === typedFirstKey;
}
