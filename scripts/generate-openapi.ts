import { readFileSync, writeFileSync } from 'node:fs';
import { chatbotToolJson } from '../src/openapi/chatbot-tool.ts';
import { openApiYaml } from '../src/openapi/document.ts';

/** `npm run openapi`: openapi.yaml, and the tool definition in docs/chatbots.md, from the zod schemas. */
writeFileSync(new URL('../openapi.yaml', import.meta.url), openApiYaml());

const page = new URL('../docs/chatbots.md', import.meta.url);
const marked = /(<!-- chatbot-tool:start -->\n```json\n)[\s\S]*?(\n```\n<!-- chatbot-tool:end -->)/;
const text = readFileSync(page, 'utf8');
if (!marked.test(text)) throw new Error('docs/chatbots.md has lost its chatbot-tool markers');
writeFileSync(
  page,
  text.replace(marked, (_all, start: string, end: string) => `${start}${chatbotToolJson()}${end}`),
);

process.stdout.write('openapi.yaml and the tool definition in docs/chatbots.md written from the zod schemas\n');
