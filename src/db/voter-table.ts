/**
 * The voter table's physical design, in one place: its columns (in the order the
 * importer COPYs them), each per-snapshot index with the lookup probe that reads it,
 * and the constants both sides share. The importer, the lookup statement and the
 * migrations all read it from here.
 */

/** Surnames shorter than this are too short for a slip to be told from another name; the _given index holds only longer ones. */
export const SLIP_MIN_LENGTH = 7;

/** What one voter's record says, after mapping the state's own status code: the column's CHECK, the types and the schemas all read this list. */
export const REGISTRATION_STATUSES = ['active', 'inactive', 'preregistered', 'removed', 'denied'] as const;

/** The columns the importer fills, in its COPY order (the partitioned parent `voter` is created by the first migration). */
export const VOTER_COLUMNS = [
  'snapshot_id',
  'state',
  'voter_id',
  'last_name_norm',
  'middle_name_norm',
  'suffix_norm',
  'last_name_key',
  'first_name_key',
  'birth_year',
  'birth_date',
  'zip5',
  'county',
  'county_key',
  'registration_status',
  'status_code',
  'reason_code',
  'confidential',
] as const;

interface VoterIndex {
  /** The index is `<snapshot table>_<suffix>`. */
  suffix: string;
  /** Which lookup probe reads it (src/lookup/repository.ts). */
  probe: string;
  /** CREATE INDEX for one snapshot's table. */
  definition(table: string): string;
}

// A snapshot is never updated: pages can be packed full.
const PACKED = 'WITH (fillfactor = 100)';
const COMPOUND = `WHERE last_name_norm LIKE '% %'`;

/** Each snapshot's indexes, built after its bulk load; `unique`, `given` and the others are built on two connections at once. */
export const VOTER_INDEXES = {
  unique: {
    suffix: 'voter_id',
    probe: 'none: the roll\'s key, the state\'s own voter id once per snapshot. It compares bytes ("C"), the same uniqueness, sorted faster',
    definition: (table) => `CREATE UNIQUE INDEX ${table}_voter_id ON ${table} ((voter_id COLLATE "C")) ${PACKED}`,
  },
  name: {
    suffix: 'name',
    probe: 'the exact step, nicknames, swapped names, middle as first, typed compound surnames: one probe on surname and birth year',
    definition: (table) => `CREATE INDEX ${table}_name ON ${table} (last_name_key, birth_year, first_name_key) ${PACKED}`,
  },
  given: {
    suffix: 'given',
    probe:
      'surname slips: voters with the same given name, birth year and first letter of the surname (a slip never changes it), long surnames only; an index-only scan measures the edit distance on its entries',
    definition: (table) =>
      `CREATE INDEX ${table}_given ON ${table} (first_name_key, birth_year, left(last_name_key, 1)) INCLUDE (last_name_key, snapshot_id) ${PACKED} WHERE length(last_name_key) >= ${SLIP_MIN_LENGTH}`,
  },
  surnameFirst: {
    suffix: 'surname_first',
    probe: 'compound surnames on the roll, by their first word (partial: compound surnames only)',
    definition: (table) => `CREATE INDEX ${table}_surname_first ON ${table} (split_part(last_name_norm, ' ', 1), birth_year) ${PACKED} ${COMPOUND}`,
  },
  surnameLast: {
    suffix: 'surname_last',
    probe: 'compound surnames on the roll, by their last word (partial: compound surnames only)',
    definition: (table) => `CREATE INDEX ${table}_surname_last ON ${table} ((substring(last_name_norm from '[^ ]+$')), birth_year) ${PACKED} ${COMPOUND}`,
  },
} as const satisfies Record<string, VoterIndex>;
