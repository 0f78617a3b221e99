import type { Knex } from 'knex';
import type { RegistrationStatus } from './status.ts';

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
                v.registration_status, v.county, v.middle_name_norm, v.suffix_norm
           FROM roll_snapshot s
           LEFT JOIN LATERAL (
             SELECT v.registration_status, v.county, v.middle_name_norm, v.suffix_norm
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
        .filter((row): row is CandidateRow & { registration_status: RegistrationStatus } => row.registration_status !== null)
        .map((row) => ({
          registrationStatus: row.registration_status,
          county: row.county,
          middleNameNorm: row.middle_name_norm,
          suffixNorm: row.suffix_norm,
        }));
      return { dataAsOf: first.data_as_of, candidates };
    },
  };
}

export type VoterRepository = ReturnType<typeof createVoterRepository>;
