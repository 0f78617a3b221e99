import type { Knex } from 'knex';
import type { RegistrationStatus } from './status.ts';
import { SLIP_MIN_LENGTH, type VariantRule } from './variants.ts';

export interface VoterQuery {
  state: string;
  lastNameKey: string;
  firstNameKey: string;
  birthYear: number;
  birthDate: string;
  zip5?: string;
  countyKey?: string;
  includeConfidential: boolean;
}

export interface VoterCandidate {
  /** The state's voter id: internal, never in a public answer. */
  voterId: string;
  registrationStatus: RegistrationStatus;
  county: string | null;
  middleNameNorm: string | null;
  suffixNorm: string | null;
}

export interface CandidateSearch {
  /** null when the state has no live roll. */
  dataAsOf: string | null;
  candidates: VoterCandidate[];
}

/** More than this many are as useless as two: the answer is multiple_matches either way. */
const CANDIDATE_LIMIT = 20;

interface CandidateRow {
  data_as_of: string;
  voter_id: string | null;
  registration_status: RegistrationStatus | null;
  county: string | null;
  middle_name_norm: string | null;
  suffix_norm: string | null;
}

export function createVoterRepository(knex: Knex) {
  return {
    /**
     * One round trip: the live snapshot of the state and the voters in it whose
     * name keys and birth agree. The lateral subquery probes the live partition's
     * index on (last_name_key, first_name_key, birth_year); the planner prunes the
     * other partitions at run time from s.id.
     */
    async findCandidates(query: VoterQuery): Promise<CandidateSearch> {
      const narrowing: string[] = [];
      const bindings: Knex.Value[] = [query.lastNameKey, query.firstNameKey, query.birthYear, query.birthDate];
      if (!query.includeConfidential) narrowing.push('AND NOT v.confidential');
      if (query.zip5 !== undefined) {
        narrowing.push('AND v.zip5 = ?');
        bindings.push(query.zip5);
      }
      if (query.countyKey !== undefined) {
        narrowing.push('AND v.county_key = ?');
        bindings.push(query.countyKey);
      }
      const { rows } = await knex.raw<{ rows: CandidateRow[] }>(
        `SELECT to_char(s.as_of, 'YYYY-MM-DD') AS data_as_of,
                v.voter_id, v.registration_status, v.county, v.middle_name_norm, v.suffix_norm
           FROM roll_snapshot s
           LEFT JOIN LATERAL (
             SELECT v.voter_id, v.registration_status, v.county, v.middle_name_norm, v.suffix_norm
               FROM voter v
              WHERE v.snapshot_id = s.id
                AND v.last_name_key = ? AND v.first_name_key = ? AND v.birth_year = ?
                AND (v.birth_date IS NULL OR v.birth_date = ?::date)
                ${narrowing.join(' ')}
              LIMIT ${CANDIDATE_LIMIT}
           ) v ON true
          WHERE s.state = ? AND s.lifecycle = 'live'`,
        [...bindings, query.state],
      );
      const first = rows[0];
      if (!first) return { dataAsOf: null, candidates: [] };
      const candidates = rows
        .filter((row): row is CandidateRow & { registration_status: RegistrationStatus; voter_id: string } => row.voter_id !== null)
        .map((row) => ({
          voterId: row.voter_id,
          registrationStatus: row.registration_status,
          county: row.county,
          middleNameNorm: row.middle_name_norm,
          suffixNorm: row.suffix_norm,
        }));
      return { dataAsOf: first.data_as_of, candidates };
    },

    /**
     * The variant step, one round trip. Every branch is an index probe on the live
     * snapshot's partition (indexes built in src/roll/snapshots.ts):
     *   nickname, swapped names, middle as first, typed compound: voter_*_name
     *     (last_name_key, birth_year, first_name_key);
     *   compound surname on the roll: voter_*_surname_first / _surname_last, partial
     *     indexes on the first and last word of compound surnames;
     *   surname slip: voter_*_given (first_name_key, birth_year), then
     *     levenshtein_less_equal from fuzzystrmatch on the few rows that share the
     *     given name and birth year; the service keeps only one-slip distances.
     */
    async findVariants(query: VariantQuery): Promise<VariantCandidate[]> {
      const firsts = [query.firstNameKey, ...query.nicknames];
      // Name keys never hold a comma (normalize.ts treats it as a separator), so a
      // list travels as comma-joined text: Knex would spread an array binding.
      const list = (name: string) => `string_to_array(:${name}, ',')`;
      const singles = [query.lastNameKey, ...query.surnameParts];
      const agree: string[] = ['(v.birth_date IS NULL OR v.birth_date = CAST(:birthDate AS date))'];
      if (!query.includeConfidential) agree.push('NOT v.confidential');
      if (query.zip5 !== undefined) agree.push('v.zip5 = :zip5');
      if (query.countyKey !== undefined) agree.push('v.county_key = :countyKey');
      const branches: [VariantRule, string][] = [
        ['nickname', `v.last_name_key = :last AND v.birth_year = :year AND v.first_name_key = ANY(${list('nicknames')})`],
        ['compound_surname', `v.last_name_key = ANY(${list('parts')}) AND v.birth_year = :year AND v.first_name_key = ANY(${list('firsts')})`],
        ['compound_surname', `v.last_name_norm LIKE '% %' AND split_part(v.last_name_norm, ' ', 1) = ANY(${list('singles')}) AND v.birth_year = :year AND v.first_name_key = ANY(${list('firsts')})`],
        ['compound_surname', `v.last_name_norm LIKE '% %' AND substring(v.last_name_norm from '[^ ]+$') = ANY(${list('singles')}) AND v.birth_year = :year AND v.first_name_key = ANY(${list('firsts')})`],
        ['swapped_names', 'v.last_name_key = :first AND v.birth_year = :year AND v.first_name_key = :last'],
        ['middle_as_first', `v.last_name_key = :last AND v.birth_year = :year AND replace(v.middle_name_norm, ' ', '') = :first`],
      ];
      if (query.lastNameKey.length >= SLIP_MIN_LENGTH) {
        branches.push(['surname_slip', `v.first_name_key = ANY(${list('firsts')}) AND v.birth_year = :year AND length(v.last_name_key) >= ${SLIP_MIN_LENGTH} AND levenshtein_less_equal(v.last_name_key, :last, 2) <= 2 AND v.last_name_key <> :last`]);
      }
      const union = branches
        .map(
          ([rule, where]) => `(SELECT '${rule}'::text AS rule, v.voter_id, v.registration_status, v.county, v.middle_name_norm,
                  v.suffix_norm, v.last_name_key, v.last_name_norm, v.birth_date IS NOT NULL AS has_full_birth_date
             FROM voter v WHERE v.snapshot_id = s.id AND ${where} AND ${agree.join(' AND ')} LIMIT ${CANDIDATE_LIMIT})`,
        )
        .join(' UNION ALL ');
      const { rows } = await knex.raw<{ rows: VariantRow[] }>(
        `SELECT c.* FROM roll_snapshot s CROSS JOIN LATERAL (${union}) c WHERE s.state = :state AND s.lifecycle = 'live'`,
        {
          state: query.state,
          last: query.lastNameKey,
          first: query.firstNameKey,
          year: query.birthYear,
          birthDate: query.birthDate,
          nicknames: query.nicknames.join(','),
          parts: query.surnameParts.join(','),
          singles: singles.join(','),
          firsts: firsts.join(','),
          ...(query.zip5 !== undefined ? { zip5: query.zip5 } : {}),
          ...(query.countyKey !== undefined ? { countyKey: query.countyKey } : {}),
        },
      );
      return rows.map((row) => ({
        rule: row.rule,
        voterId: row.voter_id,
        registrationStatus: row.registration_status,
        county: row.county,
        middleNameNorm: row.middle_name_norm,
        suffixNorm: row.suffix_norm,
        lastNameKey: row.last_name_key,
        lastNameNorm: row.last_name_norm,
        hasFullBirthDate: row.has_full_birth_date,
      }));
    },
  };
}

/** What the variant rules ask for; every list holds name keys (normalize.ts). */
export interface VariantQuery extends Omit<VoterQuery, 'lastNameKey' | 'firstNameKey'> {
  lastNameKey: string;
  firstNameKey: string;
  /** Nicknames of the typed first name, both directions. */
  nicknames: string[];
  /** Parts of a typed compound surname that can stand alone. */
  surnameParts: string[];
}

export interface VariantCandidate extends VoterCandidate {
  rule: VariantRule;
  lastNameKey: string;
  lastNameNorm: string;
  hasFullBirthDate: boolean;
}

interface VariantRow {
  rule: VariantRule;
  voter_id: string;
  registration_status: RegistrationStatus;
  county: string | null;
  middle_name_norm: string | null;
  suffix_norm: string | null;
  last_name_key: string;
  last_name_norm: string;
  has_full_birth_date: boolean;
}

export type VoterRepository = ReturnType<typeof createVoterRepository>;
