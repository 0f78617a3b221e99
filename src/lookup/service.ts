import type { StateInfo } from '../states/index.ts';
import type { Language } from './languages.ts';
import { lookupMessage, nextSteps } from './messages.ts';
import { canonicalSuffix, countyKey, nameKey, normalizeName, splitSuffix } from './normalize.ts';
import { type NicknameTable, nicknamesOf } from './nicknames.ts';
import type { VariantCandidate, VoterCandidate, VoterRepository } from './repository.ts';
import type { LookupRequest, LookupResult, LookupStatus } from './schema.ts';
import { isRegistered } from './status.ts';
import { compoundSurnamesAgree, isSurnameSlip, middleIsFirst, surnameParts, type VariantRule } from './variants.ts';

/** The registration facts a lookup needs, loaded once at start-up. */
export type StateCatalogEntry = Pick<StateInfo, 'code' | 'name' | 'registrationType' | 'registerUrl' | 'checkUrl' | 'electionOfficeUrl'>;
export type StateCatalog = ReadonlyMap<string, StateCatalogEntry>;

export interface LookupDeps {
  voters: VoterRepository;
  states: StateCatalog;
  nicknames: NicknameTable;
  /** The variant step after an exact miss; on unless switched off (the evaluation compares both). */
  variantMatching?: boolean;
}

/** A middle name typed and one on the roll agree when equal, or when one is the other's initial. */
function middleNamesAgree(typed: string, onRoll: string): boolean {
  const a = nameKey(typed);
  const b = nameKey(onRoll);
  if (a === '' || b === '' || a === b) return true;
  return (a.length === 1 || b.length === 1) && a[0] === b[0];
}

/**
 * What a middle name or suffix can do: rule out a voter whose roll record says
 * otherwise. A blank on either side rules out no one.
 */
function agreesWith(candidate: VoterCandidate, middleName: string | null, suffix: string | null): boolean {
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

function searchTerms(request: Pick<LookupRequest, 'firstName' | 'lastName' | 'middleName' | 'suffix'>): SearchTerms {
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

/**
 * Who a request matches, before anything is said about it: internal, since it
 * carries the voter's id (for the evaluation, and for keyed clients later).
 */
export type VoterMatch =
  | { kind: 'not_required' | 'not_available' }
  | { kind: 'not_found'; dataAsOf: string }
  | { kind: 'multiple'; dataAsOf: string; match: 'exact' | 'variant' }
  | { kind: 'one'; dataAsOf: string; match: 'exact' | 'variant'; voter: VoterCandidate; rule?: VariantRule };

export async function matchVoter(
  deps: LookupDeps,
  request: LookupRequest,
  state: StateCatalogEntry,
  access: { includeConfidential: boolean } = { includeConfidential: false },
  terms: SearchTerms = searchTerms(request),
): Promise<VoterMatch> {
  if (state.registrationType === 'not-needed') return { kind: 'not_required' };

  const query = {
    state: state.code,
    birthYear: Number(request.dateOfBirth.slice(0, 4)),
    birthDate: request.dateOfBirth,
    ...(request.zip ? { zip5: request.zip.slice(0, 5) } : {}),
    ...(request.county ? { countyKey: countyKey(request.county) } : {}),
    // Confidential records are never matched by a public lookup; keyed clerks may see them.
    includeConfidential: access.includeConfidential,
  };
  // A name that normalises to nothing (only punctuation) matches no one, by either step.
  const named = terms.lastNameKey !== '' && terms.firstNameKey !== '';
  const variantInputs = { nicknames: nicknamesOf(deps.nicknames, terms.firstNameKey), surnameParts: surnameParts(terms.lastName) };
  const names = { lastNameKey: terms.lastNameKey, firstNameKey: terms.firstNameKey };
  // The variant step rides in the exact step's statement, taken only if the exact step finds no one.
  const search = await deps.voters.findCandidates({
    ...query,
    ...names,
    ...(named && deps.variantMatching !== false ? { variants: variantInputs } : {}),
  });
  const dataAsOf = search.dataAsOf;
  if (dataAsOf === null) return { kind: 'not_available' };
  if (!named) return { kind: 'not_found', dataAsOf };

  const zipOrCountyGiven = Boolean(request.zip || request.county);
  const [only, ...others] = search.candidates.filter((c) => agreesWith(c, terms.middleName, terms.suffix));
  if (only) {
    if (others.length > 0) return { kind: 'multiple', dataAsOf, match: 'exact' };
    // Where the roll has only birth years, a name and a year alone never give one voter's
    // status: an unregistered namesake born the same year would be told they are registered.
    if (!only.hasFullBirthDate && !zipOrCountyGiven) return { kind: 'multiple', dataAsOf, match: 'exact' };
    return { kind: 'one', dataAsOf, match: 'exact', voter: only };
  }
  if (deps.variantMatching === false) return { kind: 'not_found', dataAsOf };

  // Only when the exact step finds no one: the variant rules. The statement took them
  // already unless its exact candidates were all ruled out by middle name or suffix.
  const variants = search.variants ?? (await deps.voters.findVariants({ ...query, ...names, ...variantInputs }));
  const [voter, ...rest] = acceptedVariants(variants, terms, { zipOrCountyGiven });
  if (!voter) return { kind: 'not_found', dataAsOf };
  if (rest.length > 0) return { kind: 'multiple', dataAsOf, match: 'variant' };
  return { kind: 'one', dataAsOf, match: 'variant', voter, rule: voter.rule };
}

/** Who asked: an address for a public lookup, a key's id for a keyed one. */
export type Caller = { kind: 'public'; address: string | undefined } | { kind: 'key'; keyId: number };

/** A lookup once answered: what every listener the lookup is built with receives. */
interface AnsweredLookup {
  /** `confidential` is present, and true, only for a keyed lookup given a confidential record. */
  result: LookupResult & { confidential?: boolean };
  caller: Caller;
  /** The inputs as matching saw them (normalised once per lookup), for the audit's HMAC: never stored as they are. */
  normalisedInputs: readonly string[];
}

/** What happens after an answer (counting it, auditing it, feeding the not_found guard), in order. */
export type AnswerListener = (answered: AnsweredLookup) => void;

export async function lookupRegistration(
  deps: LookupDeps,
  request: LookupRequest,
  language: Language,
): Promise<{ result: LookupResult; normalisedInputs: string[] }> {
  const terms = searchTerms(request);
  const found = await matchVoter(deps, request, catalogEntry(deps, request), { includeConfidential: false }, terms);
  return { result: publicAnswer(deps, request, language, found), normalisedInputs: normalisedInputs(request, terms) };
}

function catalogEntry(deps: LookupDeps, request: LookupRequest): StateCatalogEntry {
  const state = deps.states.get(request.state);
  if (!state) throw new Error(`state ${request.state} passed validation but is not in the catalog`);
  return state;
}

/** The contract's answer to a match: only the public fields. */
function publicAnswer(deps: LookupDeps, request: LookupRequest, language: Language, found: VoterMatch): LookupResult {
  const state = catalogEntry(deps, request);
  const status: LookupStatus = found.kind === 'one' ? found.voter.registrationStatus : found.kind === 'multiple' ? 'multiple_matches' : found.kind;
  return {
    status,
    registered: isRegistered(status),
    state: state.code,
    county: found.kind === 'one' ? found.voter.county : null,
    message: lookupMessage(status, language, state.name),
    language,
    registerUrl: state.registerUrl,
    checkUrl: state.checkUrl,
    dataAsOf: 'dataAsOf' in found ? found.dataAsOf : null,
    match: found.kind === 'one' || found.kind === 'multiple' ? found.match : null,
    nextSteps: nextSteps(status, state),
  };
}

/**
 * The voters a variant may answer for: each found by a named rule, agreeing on
 * middle name and suffix, a surname slip only when it is one slip in a long
 * surname, a compound surname only when the parts do not contradict, a middle
 * name used as the first name only when it is a whole name, not an initial, and, where the roll has only birth years, only when a ZIP or county
 * was given and agrees: a year and a related name alone are not enough to tell
 * one person from another. One entry per voter, whichever rules found them.
 */
export function acceptedVariants(
  candidates: readonly VariantCandidate[],
  terms: Pick<SearchTerms, 'lastNameKey' | 'lastName' | 'firstNameKey' | 'middleName' | 'suffix'>,
  evidence: { zipOrCountyGiven: boolean },
): VariantCandidate[] {
  const byVoter = new Map<string, VariantCandidate>();
  for (const candidate of candidates) {
    if (candidate.rule === 'surname_slip' && !isSurnameSlip(terms.lastNameKey, candidate.lastNameKey)) continue;
    if (candidate.rule === 'compound_surname' && !compoundSurnamesAgree(terms.lastName, candidate.lastNameNorm)) continue;
    if (candidate.rule === 'middle_as_first' && !middleIsFirst(terms.firstNameKey, candidate.middleNameNorm)) continue;
    if (!candidate.hasFullBirthDate && !evidence.zipOrCountyGiven) continue;
    if (!agreesWith(candidate, terms.middleName, terms.suffix)) continue;
    if (!byVoter.has(candidate.voterId)) byVoter.set(candidate.voterId, candidate);
  }
  return [...byVoter.values()];
}

/** What a keyed clerk's system sees beyond the public answer. */
export interface ClerkLookupResult extends LookupResult {
  voterId: string | null;
  stateStatus: { code: string; reason: string | null } | null;
  confidential: boolean;
}

/** A keyed lookup: the public answer plus the voter id and the state's own status; confidential records included and flagged. */
/** What a key may see: confidential records only with the `confidential` scope; only its own states when it has a list. */
export interface ClerkAccess {
  includeConfidential: boolean;
  states: readonly string[] | null;
}

/** A keyed lookup in a state the key was not made for: refused before any query. */
class StateNotAllowed extends Error {
  constructor() {
    super('state not allowed for this key');
    this.name = 'StateNotAllowed';
  }
}

export async function lookupForClerk(
  deps: LookupDeps,
  request: LookupRequest,
  language: Language,
  access: ClerkAccess,
): Promise<{ result: ClerkLookupResult; normalisedInputs: string[] }> {
  if (access.states && !access.states.includes(request.state)) throw new StateNotAllowed();
  const terms = searchTerms(request);
  const found = await matchVoter(deps, request, catalogEntry(deps, request), { includeConfidential: access.includeConfidential }, terms);
  const voter = found.kind === 'one' ? found.voter : null;
  const result = {
    ...publicAnswer(deps, request, language, found),
    voterId: voter?.voterId ?? null,
    stateStatus: voter ? { code: voter.statusCode, reason: voter.reasonCode } : null,
    confidential: voter?.confidential ?? false,
  };
  return { result, normalisedInputs: normalisedInputs(request, terms) };
}

/** The inputs as matching sees them, for the audit's HMAC: never stored as they are. */
function normalisedInputs(request: LookupRequest, terms: SearchTerms = searchTerms(request)): string[] {
  return [
    request.state,
    terms.lastNameKey,
    terms.firstNameKey,
    request.dateOfBirth,
    request.zip?.slice(0, 5) ?? '',
    request.county ? countyKey(request.county) : '',
  ];
}
