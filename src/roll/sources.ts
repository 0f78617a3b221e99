import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { ImportRefused } from './snapshots.ts';

/**
 * What an import reads: one or more parts (a file, each file of a folder, each
 * entry of a zip, standard input), each decompressed when gzipped. Florida ships
 * a file per county and Ohio four part files; they load together as one roll.
 */
export interface RollPart {
  /** The file or entry name, for messages. */
  name: string;
  /** Compressed bytes on disk, for progress; 0 when unknown (standard input). */
  size: number;
  /** The modification time the file or zip entry carries. */
  modified: Date;
  /** Opens the part; `onBytes` counts the bytes read from disk, before decompression. */
  open(onBytes: (n: number) => void): Promise<Readable>;
}

export interface RollInput {
  parts: RollPart[];
  /** Total bytes to read, for progress and ETA. */
  size: number;
  /** What was left out and why (symbolic links, hidden files and folders), for the summary. */
  notes: string[];
  /** Removes temporary files (standard input spooled for a zip). */
  close(): Promise<void>;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

async function startsWith(path: string, magic: number[]): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(magic.length), 0, magic.length, 0);
    return bytesRead === magic.length && magic.every((byte, i) => buffer[i] === byte);
  } finally {
    await handle.close();
  }
}

function counted(source: Readable, onBytes: (n: number) => void): Readable {
  source.on('data', (chunk: Buffer) => onBytes(chunk.length));
  return source;
}

/** Gunzipped when asked; a damaged .gz is refused by name rather than as a zlib error. */
function maybeGunzip(source: Readable, gzipped: boolean): Readable {
  if (!gzipped) return source;
  const gunzip = createGunzip();
  source.once('error', (error) => gunzip.destroy(error));
  gunzip.once('error', () => source.destroy());
  return source.pipe(gunzip);
}

function filePart(path: string, size: number, modified: Date, gzipped: boolean): RollPart {
  return {
    name: basename(path),
    size,
    modified,
    open: (onBytes) => Promise.resolve(maybeGunzip(counted(createReadStream(path, { highWaterMark: 1 << 20 }), onBytes), gzipped)),
  };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/** Each file in a zip is a part; folders and macOS resource forks are not. */
async function zipParts(path: string): Promise<RollPart[]> {
  const zip = await openZip(path).catch(() => {
    throw new ImportRefused(`${basename(path)} is not a readable zip file.`);
  });
  const entries: yauzl.Entry[] = await new Promise((resolve, reject) => {
    const found: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (!name.endsWith('/') && !name.startsWith('__MACOSX/') && !basename(name).startsWith('.')) found.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(found));
    zip.once('error', reject);
    zip.readEntry();
  });
  entries.sort((a, b) => a.fileName.localeCompare(b.fileName));
  return entries.map((entry) => ({
    name: `${basename(path)}:${entry.fileName}`,
    size: entry.compressedSize,
    modified: entry.getLastModDate(),
    open: (onBytes) =>
      new Promise<Readable>((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          // Progress is by bytes on disk: the zip's compressed bytes, in proportion.
          const ratio = entry.uncompressedSize > 0 ? entry.compressedSize / entry.uncompressedSize : 0;
          stream.on('data', (chunk: Buffer) => onBytes(chunk.length * ratio));
          resolve(stream);
        });
      }),
  }));
}

async function pathParts(path: string, skipped: string[]): Promise<RollPart[]> {
  const info = await stat(path).catch(() => {
    throw new ImportRefused(`There is no file or folder at ${path}.`);
  });
  if (info.isDirectory()) {
    // In a folder: its files, not what a link points to (anywhere on the disk), nor hidden files and folders.
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const files: string[] = [];
    for (const entry of entries) {
      const name = relative(path, join(entry.parentPath, entry.name));
      if (name.split(sep).some((segment) => segment.startsWith('.'))) {
        if (
          !name
            .split(sep)
            .slice(0, -1)
            .some((segment) => segment.startsWith('.'))
        )
          skipped.push(`${name} (hidden)`);
      } else if (entry.isSymbolicLink()) skipped.push(`${name} (a symbolic link)`);
      else if (entry.isFile()) files.push(join(path, name));
    }
    const nested = await Promise.all(files.sort().map((file) => pathParts(file, skipped)));
    return nested.flat();
  }
  if (await startsWith(path, ZIP_MAGIC)) return zipParts(path);
  return [filePart(path, info.size, info.mtime, await startsWith(path, GZIP_MAGIC))];
}

/** Standard input: streamed as it comes, or spooled to a temporary file when it is a zip. */
async function stdinInput(stdin: Readable): Promise<RollInput> {
  const chunks = stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  const whole = () =>
    Readable.from(
      (async function* () {
        if (head.length) yield head;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield Buffer.from(next.value);
      })(),
      { objectMode: false },
    );
  if (ZIP_MAGIC.every((byte, i) => head[i] === byte)) {
    const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-stdin-'));
    const file = join(dir, 'stdin.zip');
    await pipeline(whole(), createWriteStream(file));
    const parts = await zipParts(file);
    return { parts, size: parts.reduce((sum, p) => sum + p.size, 0), notes: [], close: () => rm(dir, { recursive: true, force: true }) };
  }
  const part: RollPart = {
    name: 'standard input',
    size: 0,
    modified: new Date(),
    open: (onBytes) =>
      Promise.resolve(
        maybeGunzip(
          counted(whole(), onBytes),
          GZIP_MAGIC.every((byte, i) => head[i] === byte),
        ),
      ),
  };
  return { parts: [part], size: 0, notes: [], close: async () => {} };
}

export async function openRollInput(files: readonly string[], stdin: Readable = process.stdin): Promise<RollInput> {
  if (files.length === 1 && files[0] === '-') return stdinInput(stdin);
  if (files.includes('-')) throw new ImportRefused('Standard input (-) cannot be combined with other files.');
  const skipped: string[] = [];
  const parts = (await Promise.all(files.map((file) => pathParts(file, skipped)))).flat();
  if (parts.length === 0) throw new ImportRefused('There are no files to read.');
  const notes = skipped.length > 0 ? [`Left out of the folder: ${skipped.sort().join(', ')}.`] : [];
  return { parts, size: parts.reduce((sum, p) => sum + p.size, 0), notes, close: async () => {} };
}
