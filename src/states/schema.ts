import { z } from 'zod';
import { ROLL_REASONS, type RollReason } from './roll-reasons.ts';

/** The languages vote.gov gives state facts in (src/states/languages.ts): `zh` Simplified, `zh-hant` Traditional Chinese. */
export const STATE_LANGUAGE_CODES = ['en', 'es', 'zh', 'zh-hant', 'vi', 'ko', 'tl', 'ar', 'bn', 'fr', 'hi', 'ht', 'km', 'nv', 'pt', 'ru', 'ypk'] as const;
export type StateLanguage = (typeof STATE_LANGUAGE_CODES)[number];
export const stateLanguageSchema = z.enum(STATE_LANGUAGE_CODES);

export const stateInfoSchema = z
  .object({
    code: z.string().meta({ example: 'NC' }),
    name: z.string().meta({ example: 'North Carolina' }),
    registrationType: z.enum(['online', 'by-mail', 'in-person', 'not-needed']),
    registerUrl: z.string().meta({ format: 'uri', description: 'Online registration, else the page on how to register' }),
    checkUrl: z.string().meta({ format: 'uri', description: "The state's official registration lookup" }),
    electionOfficeUrl: z.string().meta({ format: 'uri' }),
    deadlines: z.object({
      online: z.string().nullable(),
      mail: z.string().nullable(),
      inPerson: z.string().nullable(),
    }),
    sameDayRegistration: z.boolean(),
    roll: z.object({
      available: z.boolean(),
      dataAsOf: z.string().nullable().meta({ format: 'date' }),
      reason: z
        .enum(Object.keys(ROLL_REASONS) as [RollReason, ...RollReason[]])
        .nullable()
        .meta({
          description: `Why no roll is loaded (null when one is): ${Object.entries(ROLL_REASONS)
            .map(([code, text]) => `\`${code}\`: ${text}`)
            .join(' ')}`,
        }),
    }),
    language: stateLanguageSchema.meta({
      description:
        'The language of `deadlines` (and of the linked pages where the state has its own in it): the one asked for where vote.gov gives every deadline text in it, else `en`',
    }),
  })
  .meta({ id: 'StateInfo', description: 'Registration facts from vote.gov (2024) and the state of the mirrored roll' });

/** A state's facts as stored, before they are given in a language. */
export type StateInfo = Omit<z.infer<typeof stateInfoSchema>, 'language'>;

export const stateListSchema = z.object({ states: z.array(stateInfoSchema) }).meta({ id: 'StateList' });
