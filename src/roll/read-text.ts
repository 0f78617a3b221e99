import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { RollFormat, TextEncoding } from './formats/format.ts';
import { ImportRefused } from './snapshots.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes hold non-ASCII text that is valid UTF-8 (a cut-off last character allowed). */
function looksLikeUtf8(bytes: Buffer): boolean {
  if (!bytes.some((byte) => byte >= 0x80)) return false;
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut += 1) {
    try {
      utf8.decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try without the last bytes: a character may be split across chunks
    }
  }
  return false;
}

/**
 * Bytes to text. 'auto' decides on the first chunk: UTF-8 when it holds valid
 * UTF-8 beyond ASCII, else latin-1, the state files' usual encoding.
 */
export function decodeText(source: Readable, encoding: TextEncoding): Readable {
  let decoder: StringDecoder | undefined = encoding === 'auto' ? undefined : new StringDecoder(encoding);
  let first = true;
  const text = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      decoder ??= new StringDecoder(looksLikeUtf8(chunk) ? 'utf8' : 'latin1');
      let out = decoder.write(chunk);
      if (first && out.charCodeAt(0) === 0xfeff) out = out.slice(1);
      first = false;
      done(null, out || undefined);
    },
    flush(done) {
      done(null, decoder?.end() || undefined);
    },
  });
  source.once('error', (error) => text.destroy(error));
  return source.pipe(text);
}

/** How a part's rows are written: settled on its first chunk, as papaparse does when streaming. */
export interface TextLayout {
  delimiter: string;
  newline: string;
  quote: string;
}

/** The delimiter (sniffed among comma, tab and pipe when the format says 'sniff') and the line end, by papaparse. */
export function sniffLayout(head: string, format: Pick<RollFormat, 'delimiter' | 'quote'>): TextLayout {
  const quote = format.quote ?? '"';
  if (format.delimiter === 'fixed') return { delimiter: 'fixed', newline: /\r\n|\n|\r/.exec(head)?.[0] ?? '\n', quote };
  const { meta } = Papa.parse<string[]>(head, {
    delimiter: format.delimiter === 'sniff' ? '' : format.delimiter,
    delimitersToGuess: [',', '\t', '|'],
    quoteChar: quote,
    preview: 100,
  });
  return { delimiter: meta.delimiter, newline: meta.linebreak, quote };
}

/**
 * The rows of whole lines, when every line is plain: no quote at all (split at
 * each delimiter, as papaparse does for text without quotes), or values quoted
 * (all of them, as North Carolina may write them, or only some, as CSV writers do
 * where a value needs it), each closed on its own line. Undefined when a line is
 * anything else (a quoted value across lines); papaparse reads those. With `columns`, only those positions are
 * taken out (the others are holes: a state file has 40 to 100 columns and a
 * reader uses about 15), though every row keeps its length for the width check.
 * Measured on 1,000,000 North Carolina rows in docs/BENCHMARKS.md.
 */
export function plainRows(body: string, layout: TextLayout, columns?: readonly number[]): string[][] | undefined {
  const lines = body.split(layout.newline);
  // Fixed-width: the line is the one value; the reader cuts it by character ranges.
  if (layout.delimiter === 'fixed') return lines.map((line) => [line]);
  const rows = new Array<string[]>(lines.length);
  const wanted = columns && wantedPositions(columns);
  for (let i = 0; i < lines.length; i += 1) {
    const row = plainRow(lines[i]!, layout, wanted, i > 0 ? rows[i - 1]!.length : 0);
    if (!row) return undefined;
    rows[i] = row;
  }
  return rows;
}

function wantedPositions(columns: readonly number[]): boolean[] {
  const wanted: boolean[] = [];
  for (const column of columns) if (column >= 0) wanted[column] = true;
  return wanted;
}

/**
 * One plain line's values, or undefined when it is not plain; with `wanted`, only
 * those positions are read out. `width` guesses the row's length (the line before's).
 */
function plainRow(line: string, { delimiter, quote }: TextLayout, wanted: boolean[] | undefined, width: number): string[] | undefined {
  const row = new Array<string>(width);
  let count = 0;
  if (line.indexOf(quote) === -1) {
    for (let from = 0; ; count += 1) {
      const end = line.indexOf(delimiter, from);
      // A row of one value keeps it: the importer must see a blank line as blank.
      if (!wanted || wanted[count] || (count === 0 && end === -1)) row[count] = line.slice(from, end === -1 ? line.length : end);
      if (end === -1) break;
      from = end + delimiter.length;
    }
  } else {
    // Quoted values, some or all (as CSV writers quote only where needed): each runs from
    // its opening quote to a quote followed by the delimiter or the line's end; a doubled
    // quote inside is one quote. Anything else (a value across lines, a quote followed by
    // other text) is papaparse's to read.
    for (let from = 0; ; count += 1) {
      let value: string;
      let next: number;
      if (line.startsWith(quote, from)) {
        let at = from + 1;
        let escaped = false;
        for (;;) {
          const close = line.indexOf(quote, at);
          if (close === -1) return undefined;
          if (line.startsWith(quote, close + 1)) {
            escaped = true;
            at = close + 2;
            continue;
          }
          if (close + 1 !== line.length && !line.startsWith(delimiter, close + 1)) return undefined;
          next = close + 1;
          break;
        }
        value = line.slice(from + 1, next - 1);
        if (escaped) value = value.replaceAll(quote + quote, quote);
      } else {
        const end = line.indexOf(delimiter, from);
        next = end === -1 ? line.length : end;
        value = line.slice(from, next);
      }
      if (!wanted || wanted[count] || (count === 0 && next === line.length)) row[count] = value;
      if (next === line.length) break;
      from = next + delimiter.length;
    }
  }
  if (row.length !== count + 1) row.length = count + 1;
  return row;
}

/** Rows by papaparse; undefined when the text ends inside a quoted value (unless it is the end of the file). */
function papaRows(body: string, layout: TextLayout, last: boolean): string[][] | undefined {
  const parsed = Papa.parse<string[]>(body, { delimiter: layout.delimiter, newline: layout.newline as '\r\n', quoteChar: layout.quote });
  if (!last && parsed.errors.some((error) => error.code === 'MissingQuotes')) return undefined;
  return parsed.data;
}

/** How far a line, or a quoted value across lines, may run on before the file is refused. */
export const MAX_OPEN_QUOTE_CHARS = 16 << 20;

/**
 * Streams delimited rows, a chunk of whole lines at a time: plain lines directly
 * (plainRows), any other chunk by papaparse. A chunk that ends inside a quoted
 * value spanning lines waits for the next one, so rows are exactly those of a
 * parse of the whole file. When `onRows` returns a promise (the database is
 * behind), reading waits for it, so memory stays flat whatever the file's size.
 * Line numbers count rows from 1.
 */
export async function readRows(
  text: Readable,
  format: Pick<RollFormat, 'delimiter' | 'quote'>,
  onRows: (rows: string[][], firstLine: number) => void | Promise<void>,
  /** The positions the part's reader uses, once it is known (PartReader.columns). */
  columns: () => readonly number[] | undefined = () => undefined,
): Promise<void> {
  let line = 1;
  let layout: TextLayout | undefined;
  let carried = '';
  const emit = async (rows: string[][]) => {
    const pending = onRows(rows, line);
    line += rows.length;
    if (pending) await pending;
  };
  for await (const chunk of text as AsyncIterable<string>) {
    const whole = carried + chunk;
    layout ??= sniffLayout(whole, format);
    const cut = whole.lastIndexOf(layout.newline);
    if (cut === -1) {
      if (whole.length > MAX_OPEN_QUOTE_CHARS)
        throw new ImportRefused(`line ${line} runs on for more than ${MAX_OPEN_QUOTE_CHARS >> 20} MB without a line end`);
      carried = whole;
      continue;
    }
    const body = whole.slice(0, cut);
    carried = whole.slice(cut + layout.newline.length);
    const rows = plainRows(body, layout, columns()) ?? papaRows(body, layout, false);
    if (rows) {
      await emit(rows);
      continue;
    }
    if (whole.length > MAX_OPEN_QUOTE_CHARS) {
      throw new ImportRefused(`line ${line}: a quoted value runs on for more than ${MAX_OPEN_QUOTE_CHARS >> 20} MB without its closing quote`);
    }
    carried = whole;
  }
  // The last line, when the file does not end with a line end.
  if (carried !== '') {
    layout ??= sniffLayout(carried, format);
    await emit(plainRows(carried, layout, columns()) ?? papaRows(carried, layout, true)!);
  }
}
