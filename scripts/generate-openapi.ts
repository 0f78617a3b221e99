import { readFileSync, writeFileSync } from 'node:fs';
import { chatbotToolJson, strictChatbotToolJson } from '../src/openapi/chatbot-tool.ts';
import { openApiYaml } from '../src/openapi/document.ts';
import { stateFormatsMarkdown } from '../src/roll/index.ts';
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
let readmeText = readFileSync(readme, 'utf8');
// And the table of every state's reader, from the declarations.
for (const [marker, content] of [
  ['widget-sri', sriSnippets()],
  ['state-formats', stateFormatsMarkdown()],
] as const) {
  const block = new RegExp(`(<!-- ${marker}:start -->\\n)[\\s\\S]*?(\\n<!-- ${marker}:end -->)`);
  if (!block.test(readmeText)) throw new Error(`README.md has lost its ${marker} markers`);
  readmeText = readmeText.replace(block, (_all, start: string, end: string) => `${start}${content}${end}`);
}
writeFileSync(readme, readmeText);

process.stdout.write('openapi.yaml, the tool definitions in docs/chatbots.md, and the SRI snippets and state table in README.md written\n');
