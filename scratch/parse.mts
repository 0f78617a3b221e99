import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
let t = Date.now(); let n = 0;
const p = createReadStream('/tmp/bench/nc1m.txt').pipe(parse({ delimiter: '\t', quote: '"', encoding: 'latin1', relax_column_count: true, relax_quotes: true, info: true }));
for await (const r of p) n++;
console.log('csv-parse', n, Date.now() - t, 'ms');
t = Date.now(); n = 0; let rest = '';
for await (const chunk of createReadStream('/tmp/bench/nc1m.txt', { encoding: 'latin1', highWaterMark: 1 << 20 })) {
  const text = rest + chunk; let start = 0; let nl;
  while ((nl = text.indexOf('\n', start)) !== -1) { const line = text.slice(start, nl); const f = line.split('\t'); n++; start = nl + 1; }
  rest = text.slice(start);
}
console.log('split', n, Date.now() - t, 'ms');
