import { z } from 'zod';
import type { RegistrationStatus } from '../../lookup/index.ts';
import { DATE_FORMATS, describeDateProblem, headerName, LayoutError, parseDate, type RollFormat } from './format.ts';

/**
 * Any other state, or a county export: a delimited file described by a small JSON
 * mapping (see docs/IMPORT-CSV.md for a worked example).
 */

const column = z.union([z.string().min(1), z.number().int().positive()]);
const registrationStatus = z.enum(['active', 'inactive', 'preregistered', 'removed', 'denied']);

const csvMappingSchema = z
  .strictObject({
    delimiter: z.string().length(1).default(','),
    quote: z.string().length(1).default('"'),
    header: z.boolean().default(true),
    encoding: z.enum(['auto', 'latin1', 'utf8']).default('auto'),
    dateFormat: z.enum(DATE_FORMATS).default('YYYY-MM-DD'),
    /** Which column holds each field: a header name, or a 1-based position when there is no header. */
    columns: z.strictObject({
      voterId: column,
      lastName: column,
      firstName: column,
      middleName: column.optional(),
      suffix: column.optional(),
      birthDate: column.optional(),
      birthYear: column.optional(),
      zip: column.optional(),
      county: column.optional(),
      status: column.optional(),
      reason: column.optional(),
      confidential: column.optional(),
    }),
    /** The file's status values (compared in upper case), each to a contract status. */
    statuses: z.record(z.string(), registrationStatus).optional(),
    /** Used when there is no status column: every listed voter has this status. */
    defaultStatus: registrationStatus.optional(),
    /** Values of the confidential column that mean confidential (compared in upper case). */
    confidentialValues: z.array(z.string()).default(['Y', 'YES', 'TRUE', '1']),
  })
  .refine((m) => m.columns.birthDate !== undefined || m.columns.birthYear !== undefined, {
    message: 'columns needs birthDate or birthYear',
    path: ['columns', 'birthDate'],
  })
  .refine((m) => (m.columns.status === undefined ? m.defaultStatus !== undefined : m.statuses !== undefined), {
    message: 'give statuses for the status column, or defaultStatus when there is none',
    path: ['statuses'],
  });

export type CsvMapping = z.infer<typeof csvMappingSchema>;

export function parseCsvMapping(json: unknown): CsvMapping {
  const parsed = csvMappingSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ');
    throw new LayoutError(`The mapping file is not valid: ${problems}`);
  }
  return parsed.data;
}

export function csvFormat(mapping: CsvMapping): RollFormat {
  const statuses = new Map(Object.entries(mapping.statuses ?? {}).map(([k, v]) => [k.trim().toUpperCase(), v] as const));
  const confidentialValues = new Set(mapping.confidentialValues.map((v) => v.toUpperCase()));
  return {
    delimiter: mapping.delimiter,
    quote: mapping.quote,
    header: mapping.header,
    encoding: mapping.encoding,
    reader(firstRow) {
      const names = firstRow.map(headerName);
      const positions = new Map<string, number>();
      const missing: string[] = [];
      for (const [field, where] of Object.entries(mapping.columns)) {
        if (where === undefined) continue;
        const i = typeof where === 'number' ? where - 1 : names.indexOf(headerName(where));
        if (i < 0 || i >= firstRow.length) missing.push(`${field} (${where})`);
        else positions.set(field, i);
      }
      if (missing.length) throw new LayoutError(`The file has no column for: ${missing.join(', ')}`);
      const currentYear = new Date().getUTCFullYear();
      return {
        width: firstRow.length,
        toRecord(fields) {
          const get = (field: string) => {
            const i = positions.get(field);
            return i === undefined ? '' : (fields[i] ?? '').trim();
          };
          const voterId = get('voterId');
          if (!voterId) return { problem: 'voterId is blank' };
          const lastName = get('lastName');
          const confidential = confidentialValues.has(get('confidential').toUpperCase());
          let birthYear: number;
          let birthDate: string | null = null;
          if (positions.has('birthDate')) {
            const born = parseDate(get('birthDate'), mapping.dateFormat, currentYear);
            if ('problem' in born) return confidential ? { withheld: true } : { problem: describeDateProblem('birthDate', born.problem) };
            [birthYear, birthDate] = [born.year, born.date];
          } else {
            birthYear = Number(get('birthYear'));
            if (!/^\d{4}$/.test(get('birthYear')) || birthYear < 1850 || birthYear > currentYear) {
              return confidential ? { withheld: true } : { problem: 'birthYear is not a plausible year' };
            }
          }
          if (!lastName) return confidential ? { withheld: true } : { problem: 'lastName is blank' };
          const statusCode = get('status');
          const status: RegistrationStatus | undefined = positions.has('status') ? statuses.get(statusCode.toUpperCase()) : mapping.defaultStatus;
          if (!status) return { problem: 'status is not one of the mapped values' };
          return {
            record: {
              voterId,
              lastName,
              firstName: get('firstName'),
              middleName: get('middleName'),
              suffix: get('suffix'),
              birthYear,
              birthDate,
              zip: get('zip'),
              county: get('county'),
              registrationStatus: status,
              statusCode: statusCode || status.toUpperCase(),
              reasonCode: get('reason'),
              confidential,
            },
          };
        },
      };
    },
  };
}
