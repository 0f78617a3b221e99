import { csvFormat, type CsvMapping } from './csv-mapping.ts';
import { declaredFormat, type StateFile } from './declaration.ts';
import type { RollFormat } from './format.ts';
import { STATE_FILES } from './states/index.ts';

/** What `npm run import -- formats` and the README's table say of each state's reader. */
type FormatInfo = Pick<StateFile, 'format' | 'state' | 'title' | 'birthKind' | 'source' | 'obtained' | 'use'>;

/** Every state's reader. */
export const STATE_FORMATS: readonly FormatInfo[] = STATE_FILES;

/** Every --format: each state's reader, and csv with the operator's own mapping. */
export const IMPORT_FORMATS: readonly string[] = [...STATE_FORMATS.map((info) => info.format), 'csv'];
export type ImportFormat = string;

/** The state each state format belongs to: a North Carolina file cannot become Ohio's roll. */
export const FORMAT_STATE: Readonly<Record<string, string>> = Object.fromEntries(STATE_FORMATS.map((info) => [info.format, info.state]));

/** The reader `--state` chooses when no --format is given: the state's first (Texas: today's CSV, not the fixed-width file). */
export function stateFormat(state: string): string | undefined {
  return STATE_FORMATS.find((info) => info.state === state)?.format;
}

export function rollFormat(format: ImportFormat, state: string, mapping?: CsvMapping): RollFormat {
  if (format === 'csv') {
    if (!mapping) throw new Error('the csv format needs a mapping');
    return csvFormat(mapping, state);
  }
  const declared = STATE_FILES.find((file) => file.format === format);
  if (declared) return declaredFormat(declared);
  throw new Error(`no reader for the format ${format}`);
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
