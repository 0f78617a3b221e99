import type { StateInfo } from '../states/schema.ts';
import { lookupMessage, type Language } from './messages.ts';
import { canonicalSuffix, countyKey, nameKey, normalizeName, splitSuffix } from './normalize.ts';
import { type NicknameTable, nicknamesOf } from './nicknames.ts';
import type { VariantCandidate, VoterCandidate, VoterRepository } from './repository.ts';
import type { LookupRequest, LookupResult, LookupStatus } from './schema.ts';
import { isRegistered } from './status.ts';
import { isSurnameSlip, surnameParts } from './variants.ts';

/** The registration facts a lookup needs, loaded once at start-up. */
export type StateCatalog = ReadonlyMap<string, Pick<StateInfo, 'code' | 'name' | 'registrationType' | 'registerUrl' | 'checkUrl'>>;

export interface LookupDeps {
  voters: VoterRepository;
  states: StateCatalog;
  nicknames: NicknameTable;
}

/** A middle name typed and one on the roll agree when equal, or when one is the other's initial. */
export function middleNamesAgree(typed: string, onRoll: string): boolean {
  const a = nameKey(typed);
  const b = nameKey(onRoll);
  if (a === '' || b === '' || a === b) return true;
  return (a.length === 1 || b.length === 1) && a[0] === b[0];
}

/**
 * What a middle name or suffix can do: rule out a voter whose roll record says
 * otherwise. A blank on either side rules out no one.
 */
export function agreesWith(candidate: VoterCandidate, middleName: string | null, suffix: string | null): boolean {
  if (middleName && candidate.middleNameNorm && !middleNamesAgree(middleName, candidate.middleNameNorm)) return false;
  if (suffix && candidate.suffixNorm && canonicalSuffix(candidate.suffixNorm) !== suffix) return false;
  return true;
}

interface SearchTerms {
  lastNameKey: string;
  /** The typed surname, normalised with its word breaks (for compound surnames). */
  lastName: string;
  firstNameKey: string;
  middleName: string | null;
  suffix: string | null;
}

export function searchTerms(request: Pick<LookupRequest, 'firstName' | 'lastName' | 'middleName' | 'suffix'>): SearchTerms {
  const surname = splitSuffix(normalizeName(request.lastName));
  const typedSuffix = request.suffix ? (canonicalSuffix(request.suffix) ?? nameKey(normalizeName(request.suffix))) : '';
  const middle = request.middleName ? normalizeName(request.middleName) : '';
  return {
    lastNameKey: nameKey(surname.lastName),
    lastName: surname.lastName,
    firstNameKey: nameKey(normalizeName(request.firstName)),
    middleName: middle || null,
    suffix: typedSuffix || surname.suffix,
  };
}

export async function lookupRegistration(deps: LookupDeps, request: LookupRequest, language: Language): Promise<LookupResult> {
  const state = deps.states.get(request.state);
  if (!state) throw new Error(`state ${request.state} passed validation but is not in the catalog`);

  const answer = (status: LookupStatus, extra: { county?: string | null; dataAsOf?: string | null; match?: LookupResult['match'] } = {}): LookupResult => ({
    status,
    registered: isRegistered(status),
    state: state.code,
    county: extra.county ?? null,
    message: lookupMessage(status, language, state.name),
    language,
    registerUrl: state.registerUrl,
    checkUrl: state.checkUrl,
    dataAsOf: extra.dataAsOf ?? null,
    match: extra.match ?? null,
  });

  if (state.registrationType === 'not-needed') return answer('not_required');

  const terms = searchTerms(request);
  const query = {
    state: state.code,
    birthYear: Number(request.dateOfBirth.slice(0, 4)),
    birthDate: request.dateOfBirth,
    ...(request.zip ? { zip5: request.zip.slice(0, 5) } : {}),
    ...(request.county ? { countyKey: countyKey(request.county) } : {}),
    includeConfidential: false,
  };
  const search = await deps.voters.findCandidates({ ...query, lastNameKey: terms.lastNameKey, firstNameKey: terms.firstNameKey });
  if (search.dataAsOf === null) return answer('not_available');

  // A name that normalises to nothing (only punctuation) matches no one.
  const nameGiven = terms.lastNameKey !== '' && terms.firstNameKey !== '';
  const matches = nameGiven ? search.candidates.filter((c) => agreesWith(c, terms.middleName, terms.suffix)) : [];
  const [only, ...others] = matches;
  if (only) {
    if (others.length > 0) return answer('multiple_matches', { dataAsOf: search.dataAsOf, match: 'exact' });
    return answer(only.registrationStatus, { county: only.county, dataAsOf: search.dataAsOf, match: 'exact' });
  }
  if (!nameGiven) return answer('not_found', { dataAsOf: search.dataAsOf });

  // Only when the exact step finds no one: the variant rules.
  const variants = await deps.voters.findVariants({
    ...query,
    lastNameKey: terms.lastNameKey,
    firstNameKey: terms.firstNameKey,
    nicknames: nicknamesOf(deps.nicknames, terms.firstNameKey),
    surnameParts: surnameParts(terms.lastName),
  });
  const voters = acceptedVariants(variants, terms, { zipOrCountyGiven: Boolean(request.zip || request.county) });
  const [voter, ...rest] = voters;
  if (!voter) return answer('not_found', { dataAsOf: search.dataAsOf });
  if (rest.length > 0) return answer('multiple_matches', { dataAsOf: search.dataAsOf, match: 'variant' });
  return answer(voter.registrationStatus, { county: voter.county, dataAsOf: search.dataAsOf, match: 'variant' });
}

/**
 * The voters a variant may answer for: each found by a named rule, agreeing on
 * middle name and suffix, a surname slip only when it is one slip in a long
 * surname, and, where the roll has only birth years, only when a ZIP or county
 * was given and agrees: a year and a related name alone are not enough to tell
 * one person from another. One entry per voter, whichever rules found them.
 */
export function acceptedVariants(
  candidates: readonly VariantCandidate[],
  terms: Pick<SearchTerms, 'lastNameKey' | 'middleName' | 'suffix'>,
  evidence: { zipOrCountyGiven: boolean },
): VariantCandidate[] {
  const byVoter = new Map<string, VariantCandidate>();
  for (const candidate of candidates) {
    if (candidate.rule === 'surname_slip' && !isSurnameSlip(terms.lastNameKey, candidate.lastNameKey)) continue;
    if (!candidate.hasFullBirthDate && !evidence.zipOrCountyGiven) continue;
    if (!agreesWith(candidate, terms.middleName, terms.suffix)) continue;
    if (!byVoter.has(candidate.voterId)) byVoter.set(candidate.voterId, candidate);
  }
  return [...byVoter.values()];
}
