import DataLoader from 'dataloader';
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
  /** The state's own status and reason codes, and its confidentiality flag: for keyed clients only. */
  statusCode: string;
  reasonCode: string | null;
  confidential: boolean;
  county: string | null;
  middleNameNorm: string | null;
  suffixNorm: string | null;
}

export interface CandidateSearch {
  /** null when the state has no live roll. */
  dataAsOf: string | null;
  candidates: VoterCandidate[];
}

/** What the variant rules ask for; every list holds name keys (normalize.ts). */
export interface VariantQuery extends VoterQuery {
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

/** More than this many are as useless as two: the answer is multiple_matches either way. */
const CANDIDATE_LIMIT = 20;

/** Lookups per exact-step statement, at most (a clerk's batch of 1,000 is split). */
const EXACT_BATCH_LIMIT = 100;

interface VoterRow {
  voter_id: string;
  registration_status: RegistrationStatus;
  status_code: string;
  reason_code: string | null;
  confidential: boolean;
  county: string | null;
  middle_name_norm: string | null;
  suffix_norm: string | null;
}

interface VariantRow extends VoterRow {
  rule: VariantRule;
  last_name_key: string;
  last_name_norm: string;
  has_full_birth_date: boolean;
}

const VOTER_COLUMNS =
  'v.voter_id, v.registration_status, v.status_code, v.reason_code, v.confidential, v.county, v.middle_name_norm, v.suffix_norm';

const toCandidate = (row: VoterRow): VoterCandidate => ({
  voterId: row.voter_id,
  registrationStatus: row.registration_status,
  statusCode: row.status_code,
  reasonCode: row.reason_code,
  confidential: row.confidential,
  county: row.county,
  middleNameNorm: row.middle_name_norm,
  suffixNorm: row.suffix_norm,
});

/** Builds "$n" placeholders in order, so one SQL text can be a named prepared statement. */
function parameters() {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * The lookup's data access: named prepared statements on Knex's pool, so the hot
 * path is planned once per connection rather than once per request. Each query
 * finds the state's live snapshot and probes that snapshot's partition of `voter`
 * in the same statement (PostgreSQL prunes the other partitions as it runs), so a
 * switch to a new roll is seen by the very next lookup.
 */
export function createVoterRepository(knex: Knex) {
  async function prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const connection = (await knex.client.acquireConnection()) as PgConnection;
    try {
      return (await connection.query({ name, text, values })).rows as T[];
    } finally {
      await knex.client.releaseConnection(connection);
    }
  }

  /** The conditions every candidate meets: birth date, confidentiality, ZIP and county. */
  function agreement(query: VoterQuery, p: ReturnType<typeof parameters>): string {
    const where = [`(v.birth_date IS NULL OR v.birth_date = ${p.add(query.birthDate)}::date)`];
    if (!query.includeConfidential) where.push('NOT v.confidential');
    if (query.zip5 !== undefined) where.push(`v.zip5 = ${p.add(query.zip5)}`);
    if (query.countyKey !== undefined) where.push(`v.county_key = ${p.add(query.countyKey)}`);
    return where.join(' AND ');
  }

  /** One name per distinct SQL text: which optional conditions it has. */
  const statementName = (kind: string, query: VoterQuery, extra = '') =>
    `${kind}:${query.includeConfidential ? 'c' : ''}${query.zip5 !== undefined ? 'z' : ''}${query.countyKey !== undefined ? 'k' : ''}${extra}`;

  /**
   * The exact step for every lookup that reached it in the same turn of the event
   * loop, in one statement: a lookup costs the service and PostgreSQL a round trip
   * of its own otherwise, the larger part of its time (docs/BENCHMARKS.md). Each
   * query is one row of the unnest; each probes the live snapshot's _name index on
   * (last_name_key, birth_year, first_name_key). Never cached: every lookup reads
   * the roll as it is live at that moment.
   */
  const exactSteps = new DataLoader<VoterQuery, CandidateSearch>(
    async (queries) => {
      const column = <T>(pick: (q: VoterQuery) => T) => queries.map(pick);
      // The conditions of agreement() above, written once per row of the unnest.
      const rows = await prepared<{ i: string; data_as_of: string } & Partial<VoterRow>>(
        'exact-batch',
        `SELECT q.i, to_char(s.as_of, 'YYYY-MM-DD') AS data_as_of, c.*
           FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::date[], $6::text[], $7::text[], $8::bool[])
                WITH ORDINALITY AS q(state, last_name_key, birth_year, first_name_key, birth_date, zip5, county_key, include_confidential, i)
           JOIN roll_snapshot s ON s.state = q.state AND s.lifecycle = 'live'
           LEFT JOIN LATERAL (
             SELECT ${VOTER_COLUMNS} FROM voter v
              WHERE v.snapshot_id = s.id
                AND v.last_name_key = q.last_name_key AND v.birth_year = q.birth_year AND v.first_name_key = q.first_name_key
                AND (v.birth_date IS NULL OR v.birth_date = q.birth_date)
                AND (q.include_confidential OR NOT v.confidential)
                AND (q.zip5 IS NULL OR v.zip5 = q.zip5)
                AND (q.county_key IS NULL OR v.county_key = q.county_key)
              LIMIT ${CANDIDATE_LIMIT}
           ) c ON true`,
        [
          column((q) => q.state),
          column((q) => q.lastNameKey),
          column((q) => q.birthYear),
          column((q) => q.firstNameKey),
          column((q) => q.birthDate),
          column((q) => q.zip5 ?? null),
          column((q) => q.countyKey ?? null),
          column((q) => q.includeConfidential),
        ],
      );
      const searches = queries.map((): CandidateSearch => ({ dataAsOf: null, candidates: [] }));
      for (const row of rows) {
        const search = searches[Number(row.i) - 1]!;
        search.dataAsOf = row.data_as_of;
        if (row.voter_id != null) search.candidates.push(toCandidate(row as VoterRow));
      }
      return searches;
    },
    // Collects every lookup parsed in this turn of the event loop, not only this tick's.
    { cache: false, maxBatchSize: EXACT_BATCH_LIMIT, batchScheduleFn: (run) => setImmediate(run) },
  );

  return {
    /** The exact step: the voters whose name keys and birth year are the typed ones, and who agree on the rest. */
    findCandidates(query: VoterQuery): Promise<CandidateSearch> {
      return exactSteps.load(query);
    },

    /**
     * The variant step, one round trip. Every branch is an index probe on the live
     * snapshot's partition (indexes built in src/roll/snapshots.ts):
     *   nickname, swapped names, middle as first, typed compound: _name
     *     (last_name_key, birth_year, first_name_key);
     *   compound surname on the roll: _surname_first / _surname_last, partial
     *     indexes on the first and last word of compound surnames;
     *   surname slip: an index-only scan of _given (first_name_key, birth_year,
     *     the surname's first letter, including last_name_key) over long surnames,
     *     measuring levenshtein_less_equal from fuzzystrmatch on the index entries
     *     that share the given name, birth year and first letter; the near surnames
     *     are then probed on _name. The service keeps only one-slip distances.
     */
    async findVariants(query: VariantQuery): Promise<VariantCandidate[]> {
      const p = parameters();
      // Name keys never hold a comma (normalize.ts treats it as a separator).
      const list = (keys: string[]) => `string_to_array(${p.add(keys.join(','))}, ',')`;
      const last = p.add(query.lastNameKey);
      const first = p.add(query.firstNameKey);
      const year = p.add(query.birthYear);
      const nicknames = list(query.nicknames);
      const firsts = list([query.firstNameKey, ...query.nicknames]);
      const parts = list(query.surnameParts);
      const singles = list([query.lastNameKey, ...query.surnameParts]);
      const agree = agreement(query, p);
      const slip = query.lastNameKey.length >= SLIP_MIN_LENGTH;
      const branches: [VariantRule, string][] = [
        ['nickname', `v.last_name_key = ${last} AND v.birth_year = ${year} AND v.first_name_key = ANY(${nicknames})`],
        ['compound_surname', `v.last_name_key = ANY(${parts}) AND v.birth_year = ${year} AND v.first_name_key = ANY(${firsts})`],
        ['compound_surname', `v.last_name_norm LIKE '% %' AND split_part(v.last_name_norm, ' ', 1) = ANY(${singles}) AND v.birth_year = ${year} AND v.first_name_key = ANY(${firsts})`],
        ['compound_surname', `v.last_name_norm LIKE '% %' AND substring(v.last_name_norm from '[^ ]+$') = ANY(${singles}) AND v.birth_year = ${year} AND v.first_name_key = ANY(${firsts})`],
        ['swapped_names', `v.last_name_key = ${first} AND v.birth_year = ${year} AND v.first_name_key = ${last}`],
        ['middle_as_first', `v.last_name_key = ${last} AND v.birth_year = ${year} AND replace(v.middle_name_norm, ' ', '') = ${first}`],
        ...(slip
          ? ([['surname_slip', `v.last_name_key = ANY(ARRAY(
                SELECT g.last_name_key FROM voter g
                 WHERE g.snapshot_id = s.id AND g.first_name_key = ANY(${firsts}) AND g.birth_year = ${year}
                   AND left(g.last_name_key, 1) = left(${last}, 1)
                   AND length(g.last_name_key) >= ${SLIP_MIN_LENGTH} AND g.last_name_key <> ${last}
                   AND levenshtein_less_equal(g.last_name_key, ${last}, 2) <= 2))
              AND v.birth_year = ${year} AND v.first_name_key = ANY(${firsts})`]] as [VariantRule, string][])
          : []),
      ];
      const text = branches
        .map(
          ([rule, where]) => `(SELECT '${rule}'::text AS rule, ${VOTER_COLUMNS}, v.last_name_key, v.last_name_norm,
              v.birth_date IS NOT NULL AS has_full_birth_date
            FROM voter v WHERE v.snapshot_id = s.id AND ${where} AND ${agree} LIMIT ${CANDIDATE_LIMIT})`,
        )
        .join(' UNION ALL ');
      const state = p.add(query.state);
      const rows = await prepared<VariantRow>(
        statementName('variant', query, slip ? 's' : ''),
        `SELECT c.* FROM roll_snapshot s CROSS JOIN LATERAL (${text}) c WHERE s.state = ${state} AND s.lifecycle = 'live'`,
        p.values,
      );
      return rows.map((row) => ({
        ...toCandidate(row),
        rule: row.rule,
        lastNameKey: row.last_name_key,
        lastNameNorm: row.last_name_norm,
        hasFullBirthDate: row.has_full_birth_date,
      }));
    },
  };
}

export type VoterRepository = ReturnType<typeof createVoterRepository>;
