import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { RollFormat, TextEncoding } from './formats/format.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes hold non-ASCII text that is valid UTF-8 (a cut-off last character allowed). */
export function looksLikeUtf8(bytes: Buffer): boolean {
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

/**
 * Streams delimited rows with papaparse, a chunk of rows at a time. When `onRows`
 * returns a promise (the database is behind), parsing pauses until it settles, so
 * memory stays flat whatever the file's size. Line numbers count rows from 1.
 */
export function readRows(
  text: Readable,
  format: Pick<RollFormat, 'delimiter'> & { quote?: string },
  onRows: (rows: string[][], firstLine: number) => void | Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let line = 1;
    let failed = false;
    const fail = (error: unknown, parser?: Papa.Parser) => {
      if (failed) return;
      failed = true;
      parser?.abort();
      text.destroy();
      reject(error);
    };
    Papa.parse<string[]>(text as unknown as NodeJS.ReadableStream, {
      delimiter: format.delimiter === 'sniff' ? '' : format.delimiter,
      delimitersToGuess: [',', '\t', '|'],
      quoteChar: format.quote ?? '"',
      skipEmptyLines: false,
      chunk(results, parser) {
        if (failed) return;
        try {
          const rows = results.data;
          const pending = onRows(rows, line);
          line += rows.length;
          if (pending) {
            parser.pause();
            pending.then(() => parser.resume(), (error: unknown) => fail(error, parser));
          }
        } catch (error) {
          fail(error, parser);
        }
      },
      complete() {
        if (!failed) resolve();
      },
      error(error) {
        fail(error);
      },
    });
  });
}
