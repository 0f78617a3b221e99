import { csvFormat, type CsvMapping } from './csv-mapping.ts';
import { floridaExtractFormat } from './florida-extract.ts';
import type { RollFormat } from './format.ts';
import { missouriFormat } from './missouri.ts';
import { ncvoterFormat } from './ncvoter.ts';
import { ohioSwvfFormat } from './ohio-swvf.ts';

export const IMPORT_FORMATS = ['ncvoter', 'ohio-swvf', 'florida-extract', 'missouri', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The state each state format belongs to: a North Carolina file cannot become Ohio's roll. */
export const FORMAT_STATE: Readonly<Partial<Record<ImportFormat, string>>> = {
  ncvoter: 'NC',
  'ohio-swvf': 'OH',
  'florida-extract': 'FL',
  missouri: 'MO',
};

export function rollFormat(format: ImportFormat, mapping?: CsvMapping): RollFormat {
  switch (format) {
    case 'ncvoter':
      return ncvoterFormat;
    case 'ohio-swvf':
      return ohioSwvfFormat;
    case 'florida-extract':
      return floridaExtractFormat;
    case 'missouri':
      return missouriFormat;
    case 'csv':
      if (!mapping) throw new Error('the csv format needs a mapping');
      return csvFormat(mapping);
  }
}
