/**
 * Why a state's roll is not loaded here, where the state itself decides it
 * (../shared/reference/states.md, "DOB kind"): a lookup needs a name and a birth date
 * or year from the state's public voter file. Every other state without a roll is
 * `not_loaded`: its file can answer, and no operator has loaded it yet.
 */
export const ROLL_REASONS = {
  not_loaded: 'No roll of this state is loaded here yet.',
  no_birth_date: "The state's public voter file has no birth date, which a lookup needs to tell people apart.",
  age_only: "The state's public voter file gives only an age, which cannot tell people apart.",
  no_statewide_file: 'The state publishes no statewide voter file (its towns or counties keep the lists).',
  not_required: 'The state has no voter registration.',
} as const;

export type RollReason = keyof typeof ROLL_REASONS;

const BY_STATE: Readonly<Record<string, Exclude<RollReason, 'not_loaded'>>> = {
  WI: 'no_birth_date',
  NH: 'no_birth_date',
  MD: 'no_birth_date',
  DC: 'no_birth_date',
  AK: 'no_birth_date',
  WY: 'no_birth_date',
  UT: 'no_birth_date',
  MS: 'no_birth_date',
  ID: 'age_only',
  LA: 'age_only',
  MA: 'no_statewide_file',
  HI: 'no_statewide_file',
  ND: 'not_required',
};

/** Why a state without a live roll has none. */
export const rollReason = (code: string): RollReason => BY_STATE[code] ?? 'not_loaded';
