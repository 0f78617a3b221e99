import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { preparedQuery } from '../db/client.ts';
import type { RegistrationStatus } from './status.ts';
import { SLIP_MIN_LENGTH } from '../db/voter-table.ts';
import type { VariantRule } from './variants.ts';

interface VoterQuery {
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
  /** False where the roll has only the birth year (North Carolina). */
  hasFullBirthDate: boolean;
}

export interface CandidateSearch {
  /** null when the state has no live roll. */
  dataAsOf: string | null;
  candidates: VoterCandidate[];
  /**
   * The variant step's candidates, when the same statement took it: asked for
   * (`variants` in the query) and the exact step found no one, or asked for always.
   */
  variants?: VariantCandidate[];
}

/** The variant step's own inputs; every list holds name keys (normalize.ts). */
interface VariantInputs {
  /** Nicknames of the typed first name, both directions. */
  nicknames: string[];
  /** Parts of a typed compound surname that can stand alone. */
  surnameParts: string[];
}

/** A lookup's search: the exact step, and with `variants` the variant step too when the exact step finds no one. */
export interface CandidateQuery extends VoterQuery {
  variants?: VariantInputs;
}

/** What the variant rules ask for, on their own. */
export interface VariantQuery extends VoterQuery, VariantInputs {}

export interface VariantCandidate extends VoterCandidate {
  rule: VariantRule;
  lastNameKey: string;
  lastNameNorm: string;
}

/** fuzzystrmatch refuses longer arguments, failing the whole statement: longer keys take no slip. */
const FUZZYSTRMATCH_MAX_LENGTH = 255;

/** More than this many are as useless as two: the answer is multiple_matches either way. */
const CANDIDATE_LIMIT = 20;

/** Lookups per statement, at most (a clerk's batch of 1,000 is split). */
const LOOKUPS_PER_STATEMENT = 100;

interface CandidateRow {
  i: string;
  data_as_of: string;
  /** null for the exact step's rows, else the variant rule that found the voter. */
  rule: VariantRule | null;
  voter_id: string | null;
  registration_status: RegistrationStatus;
  status_code: string;
  reason_code: string | null;
  confidential: boolean;
  county: string | null;
  middle_name_norm: string | null;
  suffix_norm: string | null;
  last_name_key: string;
  last_name_norm: string;
  has_full_birth_date: boolean;
}

const CANDIDATE_COLUMNS = `v.voter_id, v.registration_status, v.status_code, v.reason_code, v.confidential, v.county,
  v.middle_name_norm, v.suffix_norm, v.last_name_key, v.last_name_norm, v.birth_date IS NOT NULL AS has_full_birth_date`;

const toCandidate = (row: CandidateRow): VoterCandidate => ({
  voterId: row.voter_id!,
  registrationStatus: row.registration_status,
  statusCode: row.status_code,
  reasonCode: row.reason_code,
  confidential: row.confidential,
  county: row.county,
  middleNameNorm: row.middle_name_norm,
  suffixNorm: row.suffix_norm,
  hasFullBirthDate: row.has_full_birth_date,
});

/** When a query row takes the variant step: never, when the exact step finds no one, or always. */
const VARIANTS = { never: 0, onMiss: 1, always: 2 } as const;

/**
 * The statement's parameters, declared once: each a column of the query rows `q`, its
 * PostgreSQL type, and how it is taken from a search. The unnest signature, the column
 * list and the arrays bound to it are all generated from this list.
 */
const SEARCH_PARAMETERS: readonly (readonly [column: string, type: string, take: (search: Search) => unknown])[] = [
  ['state', 'text', (s) => s.query.state],
  ['last_name_key', 'text', (s) => s.query.lastNameKey],
  ['birth_year', 'int', (s) => s.query.birthYear],
  ['first_name_key', 'text', (s) => s.query.firstNameKey],
  ['birth_date', 'date', (s) => s.query.birthDate],
  ['zip5', 'text', (s) => s.query.zip5 ?? null],
  ['county_key', 'text', (s) => s.query.countyKey ?? null],
  ['include_confidential', 'bool', (s) => s.query.includeConfidential],
  ['variants', 'int', (s) => s.when],
  ['nicknames', 'text', (s) => s.variants?.nicknames.join(',') ?? ''],
  ['surname_parts', 'text', (s) => s.variants?.surnameParts.join(',') ?? ''],
];

/** The conditions every candidate of a query row `q` meets: birth date, confidentiality, ZIP and county. */
const agrees = (v: string) => `(${v}.birth_date IS NULL OR ${v}.birth_date = q.birth_date)
  AND (q.include_confidential OR NOT ${v}.confidential)
  AND (q.zip5 IS NULL OR ${v}.zip5 = q.zip5)
  AND (q.county_key IS NULL OR ${v}.county_key = q.county_key)`;

/** The exact step: the voters whose name keys and birth year are the typed ones, on the _name index. */
const exact = (v: string) =>
  `${v}.snapshot_id = s.id AND ${v}.last_name_key = q.last_name_key AND ${v}.birth_year = q.birth_year AND ${v}.first_name_key = q.first_name_key AND ${agrees(v)}`;

// The variant rules' name lists, from each query row's comma-joined keys (name keys never hold a comma: normalize.ts).
const NICKNAMES = `string_to_array(q.nicknames, ',')`;
const FIRSTS = `array_prepend(q.first_name_key, ${NICKNAMES})`;
const PARTS = `string_to_array(q.surname_parts, ',')`;
const SINGLES = `array_prepend(q.last_name_key, ${PARTS})`;

/**
 * The variant rules, each an index probe on the live snapshot's partition
 * (indexes declared in src/db/voter-table.ts):
 *   nickname, swapped names, middle as first, typed compound: _name
 *     (last_name_key, birth_year, first_name_key);
 *   compound surname on the roll: _surname_first / _surname_last, partial
 *     indexes on the first and last word of compound surnames;
 *   surname slip, for long surnames only: an index-only scan of _given
 *     (first_name_key, birth_year, the surname's first letter, including
 *     last_name_key), measuring levenshtein_less_equal from fuzzystrmatch on the
 *     index entries that share the given name, birth year and first letter; the
 *     near surnames are then probed on _name. The service keeps only one-slip distances.
 */
const VARIANT_RULES: [VariantRule, string][] = [
  ['nickname', `v.last_name_key = q.last_name_key AND v.birth_year = q.birth_year AND v.first_name_key = ANY(${NICKNAMES})`],
  ['compound_surname', `v.last_name_key = ANY(${PARTS}) AND v.birth_year = q.birth_year AND v.first_name_key = ANY(${FIRSTS})`],
  [
    'compound_surname',
    `v.last_name_norm LIKE '% %' AND split_part(v.last_name_norm, ' ', 1) = ANY(${SINGLES}) AND v.birth_year = q.birth_year AND v.first_name_key = ANY(${FIRSTS})`,
  ],
  [
    'compound_surname',
    `v.last_name_norm LIKE '% %' AND substring(v.last_name_norm from '[^ ]+$') = ANY(${SINGLES}) AND v.birth_year = q.birth_year AND v.first_name_key = ANY(${FIRSTS})`,
  ],
  ['swapped_names', `v.last_name_key = q.first_name_key AND v.birth_year = q.birth_year AND v.first_name_key = q.last_name_key`],
  ['middle_as_first', `v.last_name_key = q.last_name_key AND v.birth_year = q.birth_year AND replace(v.middle_name_norm, ' ', '') = q.first_name_key`],
  [
    'surname_slip',
    `length(q.last_name_key) >= ${SLIP_MIN_LENGTH}
       AND v.last_name_key = ANY(ARRAY(
         SELECT g.last_name_key FROM voter g
          WHERE g.snapshot_id = s.id AND g.first_name_key = ANY(${FIRSTS}) AND g.birth_year = q.birth_year
            AND left(g.last_name_key, 1) = left(q.last_name_key, 1)
            AND length(g.last_name_key) >= ${SLIP_MIN_LENGTH} AND g.last_name_key <> q.last_name_key
            AND CASE WHEN length(q.last_name_key) <= ${FUZZYSTRMATCH_MAX_LENGTH} AND length(g.last_name_key) <= ${FUZZYSTRMATCH_MAX_LENGTH}
                     THEN levenshtein_less_equal(g.last_name_key, q.last_name_key, 2) <= 2 END))
       AND v.birth_year = q.birth_year AND v.first_name_key = ANY(${FIRSTS})`,
  ],
];

/**
 * Every lookup that reached the database in the same turn of the event loop, in
 * one statement: one row of the unnest per lookup. For each, the exact step and,
 * when it finds no one (and the lookup asks for it), the variant step, so a
 * lookup costs one round trip whichever step answers it: a round trip costs the
 * service more than the statement costs PostgreSQL (docs/BENCHMARKS.md). The
 * conditions that only read the query row (whether to take the variant step, and
 * the slip rule's surname length) are one-time filters: PostgreSQL skips the
 * probes under them when they are false. Each query finds the state's live
 * snapshot and probes that snapshot's partition of `voter` in the same statement
 * (PostgreSQL prunes the other partitions as it runs), so a switch to a new roll
 * is seen by the very next lookup.
 */
const CANDIDATES_SQL = `SELECT q.i, to_char(s.as_of, 'YYYY-MM-DD') AS data_as_of, c.*
  FROM unnest(${SEARCH_PARAMETERS.map(([, type], n) => `$${n + 1}::${type}[]`).join(', ')})
       WITH ORDINALITY AS q(${SEARCH_PARAMETERS.map(([column]) => column).join(', ')}, i)
  JOIN roll_snapshot s ON s.state = q.state AND s.lifecycle = 'live'
  LEFT JOIN LATERAL (
    (SELECT NULL::text AS rule, ${CANDIDATE_COLUMNS} FROM voter v WHERE ${exact('v')} LIMIT ${CANDIDATE_LIMIT})
    UNION ALL
    SELECT b.* FROM (${VARIANT_RULES.map(
      ([rule, where]) =>
        `(SELECT '${rule}'::text AS rule, ${CANDIDATE_COLUMNS} FROM voter v
           WHERE v.snapshot_id = s.id AND ${where} AND ${agrees('v')} LIMIT ${CANDIDATE_LIMIT})`,
    ).join(' UNION ALL ')}) b
     WHERE q.variants = ${VARIANTS.always}
        OR (q.variants = ${VARIANTS.onMiss} AND NOT EXISTS (SELECT FROM voter x WHERE ${exact('x')}))
  ) c ON true`;

interface Search {
  query: VoterQuery;
  variants?: VariantInputs;
  when: (typeof VARIANTS)[keyof typeof VARIANTS];
}

/**
 * The lookup's data access: one named prepared statement on Knex's pool, planned
 * once per connection rather than once per request. Never cached: every lookup
 * reads the roll as it is live at that moment.
 */
export function createVoterRepository(knex: Knex) {
  const prepared = <T>(name: string, text: string, values: unknown[]) => preparedQuery<T>(knex, { name, text, values });

  const searchTogether = async (batch: readonly Search[]): Promise<CandidateSearch[]> => {
    const rows = await prepared<CandidateRow>(
      'candidates',
      CANDIDATES_SQL,
      SEARCH_PARAMETERS.map(([, , take]) => batch.map(take)),
    );
    const found = batch.map((): CandidateSearch => ({ dataAsOf: null, candidates: [] }));
    for (const row of rows) {
      const search = found[Number(row.i) - 1]!;
      search.dataAsOf = row.data_as_of;
      if (row.voter_id === null) continue; // no one, in either step
      if (row.rule === null) {
        search.candidates.push(toCandidate(row));
      } else {
        (search.variants ??= []).push({
          ...toCandidate(row),
          rule: row.rule,
          lastNameKey: row.last_name_key,
          lastNameNorm: row.last_name_norm,
        });
      }
    }
    // The variant step was taken, though it may have found no one.
    batch.forEach((s, i) => {
      const search = found[i]!;
      if (search.dataAsOf !== null && (s.when === VARIANTS.always || (s.when === VARIANTS.onMiss && search.candidates.length === 0))) {
        search.variants ??= [];
      }
    });
    return found;
  };
  const searches = new DataLoader<Search, CandidateSearch>(
    async (batch) => {
      try {
        return await searchTogether(batch);
      } catch (error) {
        if (batch.length === 1) throw error;
        // One lookup's failure (a statement timeout, an argument PostgreSQL refuses) must not
        // fail the lookups it shared a statement with: each is asked again alone.
        return Promise.all(
          batch.map((search) =>
            searchTogether([search]).then(
              ([found]) => found!,
              (alone: unknown) => (alone instanceof Error ? alone : new Error('search failed')),
            ),
          ),
        );
      }
    },
    // Collects every lookup parsed in this turn of the event loop, not only this tick's.
    { cache: false, maxBatchSize: LOOKUPS_PER_STATEMENT, batchScheduleFn: (run) => setImmediate(run) },
  );

  return {
    /**
     * The exact step: the voters whose name keys and birth year are the typed ones,
     * and who agree on the rest. With `variants`, the variant step too, in the same
     * statement, when the exact step finds no one.
     */
    findCandidates(query: CandidateQuery): Promise<CandidateSearch> {
      const { variants, ...voterQuery } = query;
      return searches.load(variants ? { query: voterQuery, variants, when: VARIANTS.onMiss } : { query: voterQuery, when: VARIANTS.never });
    },

    /** The variant step alone, whatever the exact step finds: for a lookup whose exact candidates the service ruled out. */
    async findVariants(query: VariantQuery): Promise<VariantCandidate[]> {
      const { nicknames, surnameParts, ...voterQuery } = query;
      return (await searches.load({ query: voterQuery, variants: { nicknames, surnameParts }, when: VARIANTS.always })).variants ?? [];
    },
  };
}

export type VoterRepository = ReturnType<typeof createVoterRepository>;
