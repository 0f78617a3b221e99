import { writeFileSync } from 'node:fs';
import { openApiYaml } from '../src/openapi/document.ts';

writeFileSync(new URL('../openapi.yaml', import.meta.url), openApiYaml());
process.stdout.write('openapi.yaml written from the zod schemas\n');
