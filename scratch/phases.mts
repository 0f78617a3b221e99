import { createReadStream } from 'node:fs';
import { decodeText, readRows } from '../src/roll/read-text.ts';
import { ncvoterFormat } from '../src/roll/formats/ncvoter.ts';
import { toCopyLine } from '../src/roll/voter-record.ts';
let t = Date.now(); let n = 0; let reader: any; let bytes = 0;
await readRows(decodeText(createReadStream('/tmp/bench/nc1m.txt', { highWaterMark: 1 << 20 }), 'auto'), ncvoterFormat, (rows) => {
  for (const f of rows) { if (!reader) { reader = ncvoterFormat.reader(f); continue; } if (f.length !== reader.width) continue; const r = reader.toRecord(f); if ('record' in r) { bytes += toCopyLine(1, 'NC', r.record).length; n++; } }
});
console.log('parse+map+copyline', n, Date.now() - t, 'ms', bytes);
