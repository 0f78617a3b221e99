import { z } from 'zod';
import { REGISTRATION_STATUSES } from '../db/voter-table.ts';
import { STATE_CODES } from '../states/index.ts';
import { LANGUAGE_CODES } from './languages.ts';
import { nameKey, normalizeName } from './normalize.ts';

/** Control characters never belong in a name and PostgreSQL refuses NUL in text. */
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}\p{Cs}]*$/u;
/**
 * Some characters spell out into many when normalised (U+FDFA into 18 letters, U+33AF
 * into 6): a name within the character limit can still yield a key no roll holds and
 * PostgreSQL's fuzzystrmatch refuses (over 255).
 */
const MAX_NAME_KEY_LENGTH = 100;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const LATEST_UTC_OFFSET_MS = 14 * 60 * 60 * 1000; // the earliest time zone, UTC+14

function text(field: string, min: number, max: number) {
  return z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(min, { error: min === 1 ? `${field} is required` : `${field} is too short` })
    .max(max, { error: `${field} must be at most ${max} characters` })
    .refine((value) => NO_CONTROL_CHARACTERS.test(value), { error: `${field} must not contain control characters` })
    .refine((value) => nameKey(normalizeName(value)).length <= MAX_NAME_KEY_LENGTH, {
      error: `${field} is too long once its characters are spelled out (at most ${MAX_NAME_KEY_LENGTH} letters)`,
    });
}

/** A real calendar date, not in the future anywhere on Earth, from 1900 on. */
export function dateOfBirthProblem(value: string, now: Date = new Date()): string | null {
  if (!DATE_PATTERN.test(value)) return 'dateOfBirth must be a date in the form YYYY-MM-DD';
  // A date that does not exist (2001-02-29) comes back from Date as another day.
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'dateOfBirth is not a real calendar date';
  if (value < '1900-01-01') return 'dateOfBirth must be in 1900 or later';
  const latestDateOnEarth = new Date(now.getTime() + LATEST_UTC_OFFSET_MS).toISOString().slice(0, 10);
  if (value > latestDateOnEarth) return 'dateOfBirth must not be in the future';
  return null;
}

const stateCode = z
  .string({ error: 'state must be a string' })
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => STATE_CODES.has(code), { error: 'state must be the USPS code of a US state or territory' })
  .meta({ description: 'USPS code of one of the 56 jurisdictions, case-insensitive', example: 'NC' });

const languageSchema = z
  .enum(LANGUAGE_CODES, { error: `language must be one of ${LANGUAGE_CODES.join(', ')} (GET /v1/languages)` })
  .meta({ id: 'Language', description: 'Language of `message` (GET /v1/languages lists them)' });

export const lookupRequestSchema = z
  .strictObject(
    {
      state: stateCode,
      firstName: text('firstName', 1, 50).meta({ example: 'Jane' }),
      lastName: text('lastName', 1, 60).meta({ example: 'Doe' }),
      middleName: text('middleName', 0, 50).optional(),
      suffix: text('suffix', 0, 10).optional().meta({ description: 'JR, SR, II, III, IV ...' }),
      dateOfBirth: z
        .string({ error: 'dateOfBirth must be a string' })
        .superRefine((value, ctx) => {
          const problem = dateOfBirthProblem(value);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .meta({ format: 'date', description: 'YYYY-MM-DD, a real date, not in the future, 1900 or later', example: '1985-03-14' }),
      zip: z
        .string({ error: 'zip must be a string' })
        .regex(/^\d{5}(-\d{4})?$/, { error: 'zip must be 12345 or 12345-6789' })
        .optional(),
      county: text('county', 1, 60).optional().meta({ description: 'County name, case-insensitive, with or without "County"' }),
      language: languageSchema.optional().meta({ description: 'Default: from Accept-Language, else en' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field' : 'the body must be a JSON object') },
  )
  .meta({ id: 'LookupRequest' });

export type LookupRequest = z.infer<typeof lookupRequestSchema>;

/** Every answer's status: a voter's own (REGISTRATION_STATUSES), or what the search found. */
export const LOOKUP_STATUSES = [...REGISTRATION_STATUSES, 'not_found', 'multiple_matches', 'not_available', 'not_required'] as const;

const NEXT_STEP_ACTIONS = ['register', 'check_with_state', 'contact_county', 'add_zip_or_county'] as const;

const nextStepSchema = z
  .object({
    action: z.enum(NEXT_STEP_ACTIONS),
    url: z.string().meta({ format: 'uri' }).optional().meta({ description: 'Where to do it, when there is a page for it' }),
  })
  .meta({ id: 'NextStep' });

export const lookupResultSchema = z
  .strictObject({
    status: z.enum(LOOKUP_STATUSES),
    registered: z.boolean().nullable(),
    state: z.string().meta({ example: 'NC' }),
    county: z.string().nullable().meta({ description: "The matched voter's county, only when exactly one voter matched" }),
    message: z.string(),
    language: languageSchema,
    registerUrl: z.string().meta({ format: 'uri' }),
    checkUrl: z.string().meta({ format: 'uri' }),
    dataAsOf: z.string().nullable().meta({ format: 'date' }),
    match: z.enum(['exact', 'variant']).nullable(),
    nextSteps: z.array(nextStepSchema).meta({ description: 'What the person can do next, most useful first: for a chatbot to offer as actions' }),
  })
  .meta({ id: 'LookupResult' });

export type LookupResult = z.infer<typeof lookupResultSchema>;
export type LookupStatus = LookupResult['status'];
