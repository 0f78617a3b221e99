import { z } from 'zod';
import { type StateFile, declaredFormat } from './declaration.ts';
import { DATE_FORMATS, LayoutError, type RollFormat } from './format.ts';

/**
 * Any other state, or a county export: a delimited file described by a small JSON
 * mapping (see docs/IMPORT-CSV.md for a worked example). The mapping becomes a
 * declaration, read by the same engine as every state's file.
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

/** The mapping as a declaration: a column by its header name, or by position as "#n". */
function mappingDeclaration(mapping: CsvMapping, state: string): StateFile {
  const { columns } = mapping;
  const name = (where: string | number) => (typeof where === 'number' ? `#${where}` : where);
  const optional = (where: string | number | undefined) => (where === undefined ? undefined : name(where));
  return {
    format: 'csv',
    state,
    title: 'the file the mapping describes',
    birthKind: columns.birthDate === undefined ? 'year' : 'full',
    source: 'the operator’s mapping file',
    obtained: 'as the operator obtained it',
    use: 'as the state allows',
    delimiter: mapping.delimiter,
    quote: mapping.quote,
    encoding: mapping.encoding,
    layout: mapping.header ? { kind: 'header' } : { kind: 'positions' },
    voterId: name(columns.voterId),
    lastName: name(columns.lastName),
    firstName: name(columns.firstName),
    middleName: optional(columns.middleName),
    suffix: optional(columns.suffix),
    county: optional(columns.county),
    zip: optional(columns.zip),
    reason: optional(columns.reason),
    birth:
      columns.birthDate === undefined
        ? { column: name(columns.birthYear!), formats: ['YYYY'] }
        : { column: name(columns.birthDate), formats: [mapping.dateFormat] },
    status:
      columns.status === undefined
        ? { every: mapping.defaultStatus!, note: `The mapping names no status column: every listed voter is loaded as ${mapping.defaultStatus!}.` }
        : { column: name(columns.status), codes: mapping.statuses!, source: 'the mapping file' },
    ...(columns.confidential === undefined ? {} : { confidential: { column: name(columns.confidential), values: mapping.confidentialValues } }),
  };
}

export function csvFormat(mapping: CsvMapping, state: string): RollFormat {
  return declaredFormat(mappingDeclaration(mapping, state));
}
