import { readFileSync, writeFileSync } from 'node:fs';
import { chatbotToolJson, strictChatbotToolJson } from '../src/openapi/chatbot-tool.ts';
import { openApiYaml } from '../src/openapi/document.ts';
import { sriSnippets } from '../src/widget-assets.ts';
import { reportFailuresInOneLine } from '../src/cli/one-line.ts';

reportFailuresInOneLine('npm run openapi');

/** `npm run openapi`: openapi.yaml, and the tool definitions in docs/chatbots.md, from the zod schemas. */
writeFileSync(new URL('../openapi.yaml', import.meta.url), openApiYaml());

const page = new URL('../docs/chatbots.md', import.meta.url);
let text = readFileSync(page, 'utf8');
for (const [marker, json] of [
  ['chatbot-tool', chatbotToolJson()],
  ['chatbot-tool-strict', strictChatbotToolJson()],
] as const) {
  const block = new RegExp(`(<!-- ${marker}:start -->\\n\`\`\`json\\n)[\\s\\S]*?(\\n\`\`\`\\n<!-- ${marker}:end -->)`);
  if (!block.test(text)) throw new Error(`docs/chatbots.md has lost its ${marker} markers`);
  text = text.replace(block, (_all, start: string, end: string) => `${start}${json}${end}`);
}
writeFileSync(page, text);

// The README's Subresource Integrity snippets, pinned to the widget scripts as they are now.
const readme = new URL('../README.md', import.meta.url);
const readmeText = readFileSync(readme, 'utf8');
const sriBlock = /(<!-- widget-sri:start -->\n)[\s\S]*?(\n<!-- widget-sri:end -->)/;
if (!sriBlock.test(readmeText)) throw new Error('README.md has lost its widget-sri markers');
writeFileSync(
  readme,
  readmeText.replace(sriBlock, (_all, start: string, end: string) => `${start}${sriSnippets()}${end}`),
);

process.stdout.write('openapi.yaml, the tool definitions in docs/chatbots.md and the SRI snippets in README.md written\n');
