import { createReadStream } from 'node:fs';
import { decodeText } from '../src/roll/read-text.ts';
import { ncvoterFormat } from '../src/roll/formats/ncvoter.ts';
import { toCopyLine } from '../src/roll/voter-record.ts';
let t = Date.now(); let n = 0; let reader: any; let bytes = 0; let rest = '';
for await (const chunk of decodeText(createReadStream('/tmp/bench/nc1m.txt', { highWaterMark: 1 << 20 }), 'auto')) {
  const text = rest + chunk; let start = 0; let nl: number;
  while ((nl = text.indexOf('\n', start)) !== -1) {
    let end = nl; if (text.charCodeAt(end - 1) === 13) end--;
    const f = text.slice(start, end).split('\t'); start = nl + 1;
    if (!reader) { reader = ncvoterFormat.reader(f); continue; } if (f.length !== reader.width) continue; const r = reader.toRecord(f); if ('record' in r) { bytes += toCopyLine(1, 'NC', r.record).length; n++; }
  }
  rest = text.slice(start);
}
console.log('split+map+copyline', n, Date.now() - t, 'ms', bytes);
