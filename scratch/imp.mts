import { importRoll } from '../src/roll/import.ts';
import { writeNcvoterFile } from '../seeds/ncvoter-synthetic.ts';
await writeNcvoterFile('/tmp/bench/small.txt', [{ ncid: 'A1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }]);
console.log('written');
const s = await importRoll({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/benchx', state: 'NC', format: 'ncvoter', files: [process.argv[2] ?? '/tmp/bench/small.txt'], asOf: '2026-01-01', allowShrink: true });
console.log(s);
