import type { StateInfo } from '../states/schema.ts';
import { lookupMessage, type Language } from './messages.ts';
import { canonicalSuffix, countyKey, nameKey, normalizeName, splitSuffix } from './normalize.ts';
import type { VoterCandidate, VoterRepository } from './repository.ts';
import type { LookupRequest, LookupResult, LookupStatus } from './schema.ts';
import { isRegistered } from './status.ts';

/** The registration facts a lookup needs, loaded once at start-up. */
export type StateCatalog = ReadonlyMap<string, Pick<StateInfo, 'code' | 'name' | 'registrationType' | 'registerUrl' | 'checkUrl'>>;

export interface LookupDeps {
  voters: VoterRepository;
  states: StateCatalog;
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
  const search = await deps.voters.findCandidates({
    state: state.code,
    lastNameKey: terms.lastNameKey,
    firstNameKey: terms.firstNameKey,
    birthYear: Number(request.dateOfBirth.slice(0, 4)),
    birthDate: request.dateOfBirth,
    ...(request.zip ? { zip5: request.zip.slice(0, 5) } : {}),
    ...(request.county ? { countyKey: countyKey(request.county) } : {}),
    includeConfidential: false,
  });
  if (search.dataAsOf === null) return answer('not_available');

  // A name that normalises to nothing (only punctuation) matches no one.
  const nameGiven = terms.lastNameKey !== '' && terms.firstNameKey !== '';
  const matches = nameGiven ? search.candidates.filter((c) => agreesWith(c, terms.middleName, terms.suffix)) : [];
  const [only, ...others] = matches;
  if (!only) return answer('not_found', { dataAsOf: search.dataAsOf });
  if (others.length > 0) return answer('multiple_matches', { dataAsOf: search.dataAsOf, match: 'exact' });
  return answer(only.registrationStatus, { county: only.county, dataAsOf: search.dataAsOf, match: 'exact' });
}
