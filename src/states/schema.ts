import { z } from 'zod';

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
    }),
  })
  .meta({ id: 'StateInfo', description: 'Registration facts from vote.gov (2024) and the state of the mirrored roll' });

export type StateInfo = z.infer<typeof stateInfoSchema>;

export const stateListSchema = z.object({ states: z.array(stateInfoSchema) }).meta({ id: 'StateList' });
