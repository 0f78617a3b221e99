import { csvFormat, type CsvMapping } from './csv-mapping.ts';
import { declaredFormat } from './declaration.ts';
import { floridaExtractFormat } from './florida-extract.ts';
import type { RollFormat } from './format.ts';
import { missouriFormat } from './missouri.ts';
import { ncvoterFormat } from './ncvoter.ts';
import { ohioSwvfFormat } from './ohio-swvf.ts';
import { STATE_FILES } from './states/index.ts';

/** What `npm run import -- formats` says of each state's reader. */
export interface FormatInfo {
  format: string;
  state: string;
  title: string;
  birthKind: 'full' | 'year';
  source: string;
  obtained: string;
  use: string;
}

const FIRST_FOUR: readonly (FormatInfo & { rollFormat: RollFormat })[] = [
  {
    format: 'ncvoter',
    state: 'NC',
    title: "North Carolina's statewide voter file (ncvoter_Statewide)",
    // The public file carries birth_year only (the 2026 layout adds nothing finer).
    birthKind: 'year',
    source: 'ncvoter_columns.txt, ncvoter_codes.txt (NCSBE layout)',
    obtained: 'Download from the State Board of Elections: ncvoter_Statewide.zip (s3.amazonaws.com/dl.ncsbe.gov)',
    use: 'The references name no use restriction.',
    rollFormat: ncvoterFormat,
  },
  {
    format: 'ohio-swvf',
    state: 'OH',
    title: "Ohio's Statewide Voter File (SWVF)",
    birthKind: 'full',
    source: 'ohio_columns.txt',
    obtained: 'Download from the Secretary of State: four statewide part files SWVF_1_22 … SWVF_67_88 (or 88 county files)',
    use: 'The references name no use restriction.',
    rollFormat: ohioSwvfFormat,
  },
  {
    format: 'florida-extract',
    state: 'FL',
    title: "Florida's voter extract",
    birthKind: 'full',
    source: 'florida_columns.txt',
    obtained: 'The Division of Elections’ Voter Extract Disk: a zip with one file per county (67), beside a voter-history zip',
    use: 'The references name no use restriction; records under the public-records exemption are withheld.',
    rollFormat: floridaExtractFormat,
  },
  {
    format: 'missouri',
    state: 'MO',
    title: "Missouri's central voter registration list (PSR_VotersList)",
    birthKind: 'full',
    source: 'missouri_columns.txt',
    obtained: 'By request to the Secretary of State (the voter list extract)',
    use: 'The references name no use restriction; check the terms of the request.',
    rollFormat: missouriFormat,
  },
];

/** Every state's reader, the four first and then the declared files. */
export const STATE_FORMATS: readonly FormatInfo[] = [
  ...FIRST_FOUR.map(({ rollFormat: _, ...info }) => info),
  ...STATE_FILES.map(({ format, state, title, birthKind, source, obtained, use }) => ({ format, state, title, birthKind, source, obtained, use })),
];

/** Every --format: each state's reader, and csv with the operator's own mapping. */
export const IMPORT_FORMATS: readonly string[] = [...STATE_FORMATS.map((info) => info.format), 'csv'];
export type ImportFormat = string;

/** The state each state format belongs to: a North Carolina file cannot become Ohio's roll. */
export const FORMAT_STATE: Readonly<Record<string, string>> = Object.fromEntries(STATE_FORMATS.map((info) => [info.format, info.state]));

/** The reader `--state` chooses when no --format is given: the state's first (Texas: today's CSV, not the fixed-width file). */
export function stateFormat(state: string): string | undefined {
  return STATE_FORMATS.find((info) => info.state === state)?.format;
}

export function rollFormat(format: ImportFormat, mapping?: CsvMapping): RollFormat {
  if (format === 'csv') {
    if (!mapping) throw new Error('the csv format needs a mapping');
    return csvFormat(mapping);
  }
  const declared = STATE_FILES.find((file) => file.format === format);
  if (declared) return declaredFormat(declared);
  const first = FIRST_FOUR.find((info) => info.format === format);
  if (!first) throw new Error(`no reader for the format ${format}`);
  return first.rollFormat;
}

/** The README's table of every state's reader, written by `npm run openapi` and kept true by a test. */
export function stateFormatsMarkdown(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    '| state | `--format` | birth | the file | how it is obtained | use the state allows | source |',
    '|---|---|---|---|---|---|---|',
    ...STATE_FORMATS.map((info) =>
      [
        info.state,
        `\`${info.format}\``,
        info.birthKind === 'full' ? 'full date' : 'year',
        cell(info.title),
        cell(info.obtained),
        cell(info.use),
        cell(info.source),
      ].join(' | '),
    ).map((row) => `| ${row} |`),
  ].join('\n');
}
