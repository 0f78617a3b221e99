import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import Papa from 'papaparse';
import { ImportRefused } from './snapshots.ts';
import { MAX_OPEN_QUOTE_CHARS, plainRows, readRows, sniffLayout } from './read-text.ts';

/** Blank rows at the very end are passed over by the import, however many a parse sees. */
function withoutTrailingBlanks(rows: string[][]): string[][] {
  while (rows.length > 0 && rows.at(-1)!.length === 1 && rows.at(-1)![0] === '') rows.pop();
  return rows;
}

async function rowsOf(chunks: string[], delimiter: string, columns?: number[]): Promise<string[][]> {
  const rows: string[][] = [];
  await readRows(
    Readable.from(chunks),
    { delimiter, quote: '"' },
    (batch) => void rows.push(...batch),
    () => columns,
  );
  return withoutTrailingBlanks(rows);
}

/** What papaparse reads from the whole text at once. */
function papaparseRows(text: string, delimiter: string, newline: string): string[][] {
  return withoutTrailingBlanks(Papa.parse<string[]>(text, { delimiter, newline: newline as '\n', quoteChar: '"' }).data);
}

/**
 * A state file as text: every value quoted (as North Carolina writes it), none, or
 * some, row by row; quoted values escape their quotes, unquoted ones are written as
 * they are (stray quotes and all).
 */
const value = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', 'é', '"', '\t', ',', '\n'), maxLength: 6 });
const row = fc.oneof(
  fc.array(value, { minLength: 1, maxLength: 5 }).map((values) => values.map((v) => ({ quoted: true, value: v }))),
  fc.array(value, { minLength: 1, maxLength: 5 }).map((values) => values.map((v) => ({ quoted: false, value: v }))),
  fc.array(fc.record({ quoted: fc.boolean(), value }), { minLength: 1, maxLength: 5 }),
);
const stateText = fc
  .record({
    delimiter: fc.constantFrom('\t', ','),
    newline: fc.constantFrom('\n', '\r\n'),
    trailingNewline: fc.boolean(),
    rows: fc.array(row, { minLength: 1, maxLength: 8 }),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
  })
  .map(({ delimiter, newline, trailingNewline, rows, cuts }) => {
    const write = ({ quoted, value }: { quoted: boolean; value: string }) => {
      const text = value.replaceAll('\n', newline);
      return quoted ? `"${text.replaceAll('"', '""')}"` : text;
    };
    const text = rows.map((fields) => fields.map(write).join(delimiter)).join(newline) + (trailingNewline ? newline : '');
    // The same text in arbitrary chunks, as a stream delivers it.
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const chunks = [0, ...points, text.length]
      .slice(1)
      .map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end))
      .filter(Boolean);
    return { delimiter, text, chunks };
  });

describe('readRows', () => {
  it('when any text comes in any chunks, then its rows are those papaparse reads from the whole text', async () => {
    await fc.assert(
      fc.asyncProperty(stateText, async ({ delimiter, text, chunks }) => {
        fc.pre(chunks.length > 0);
        const { newline } = sniffLayout(chunks[0]!, { delimiter });
        assert.deepEqual(await rowsOf(chunks, delimiter), papaparseRows(text, delimiter, newline));
      }),
      { numRuns: 3000 },
    );
  });
  it('when a reader names its columns, then those values and every row length are the same', async () => {
    await fc.assert(
      fc.asyncProperty(stateText, async ({ delimiter, text, chunks }) => {
        fc.pre(chunks.length > 0);
        const { newline } = sniffLayout(chunks[0]!, { delimiter });
        const expected = papaparseRows(text, delimiter, newline);
        const rows = await rowsOf(chunks, delimiter, [1, 2]);
        // What the import reads of a row: its length, the named values, whether it is blank.
        const seen = (r: string[]) => [r.length, r[1], r[2], r.length === 1 && r[0] === ''];
        assert.deepEqual(rows.map(seen), expected.map(seen));
      }),
      { numRuns: 3000 },
    );
  });
  it('when a quoted value never closes, then the file is refused at its line, not held in memory', async () => {
    const chunk = `${'x'.repeat(1023)}\n`.repeat(1024);
    const chunks = ['id,name\n1,"', ...Array.from({ length: (MAX_OPEN_QUOTE_CHARS >> 20) + 1 }, () => chunk), '\n'];
    await assert.rejects(rowsOf(chunks, ','), (error: Error) => error instanceof ImportRefused && /^line 2: a quoted value runs on/.test(error.message));
  });
  it('when a line never ends, then the file is refused at that line', async () => {
    const chunk = 'x'.repeat(1 << 20);
    const chunks = ['id,name\n', ...Array.from({ length: (MAX_OPEN_QUOTE_CHARS >> 20) + 1 }, () => chunk)];
    await assert.rejects(rowsOf(chunks, ','), (error: Error) => error instanceof ImportRefused && /^line 2 runs on for more than 16 MB/.test(error.message));
  });
});

describe('plainRows', () => {
  const layout = { delimiter: '\t', newline: '\r\n', quote: '"' };
  it('when every value is quoted without quotes inside, then the quotes are taken off', () => {
    assert.deepEqual(plainRows('"A"\t""\t"B C"\r\n"D"\t"E\tF"\t"G"', layout), [
      ['A', '', 'B C'],
      ['D', 'E\tF', 'G'],
    ]);
  });
  it('when a value holds a doubled quote, or only some values are quoted, then it is read here too', () => {
    assert.deepEqual(plainRows('"A ""B"""\t"C"', layout), [['A "B"', 'C']]);
    assert.deepEqual(plainRows('"A"\tB\t""\t\r\nC\t"D\tE"', layout), [
      ['A', 'B', '', ''],
      ['C', 'D\tE'],
    ]);
  });
  it('when a quoted value runs past its line, or a quote is followed by other text, then it leaves the text to papaparse', () => {
    assert.equal(plainRows('"A\tB', layout), undefined);
    assert.equal(plainRows('"A"B\tC', layout), undefined);
  });
  it('when columns are named, then the others are holes and the row keeps its length', () => {
    const [row] = plainRows('a\tb\tc\td', layout, [1, 3])!;
    assert.equal(row!.length, 4);
    assert.deepEqual([row![0], row![1], row![2], row![3]], [undefined, 'b', undefined, 'd']);
  });
});
