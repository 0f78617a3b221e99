import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
let t = Date.now(); let n = 0; let pauses = 0;
await new Promise<void>((resolve, reject) => {
  Papa.parse(createReadStream('/tmp/bench/nc1m.txt', { encoding: 'latin1', highWaterMark: 1 << 20 }) as any, {
    delimiter: '\t', quoteChar: '"',
    chunk: (results: any, parser: any) => { n += results.data.length; if (n % 3 === 0) { pauses++; parser.pause(); setTimeout(() => parser.resume(), 1); } },
    complete: () => resolve(), error: reject,
  });
});
console.log('papaparse chunk', n, Date.now() - t, 'ms', pauses);
