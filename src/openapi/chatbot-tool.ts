import { z } from 'zod';
import { lookupRequestSchema } from '../lookup/index.ts';

/**
 * A tool (function) definition an LLM chatbot can call to look someone up,
 * generated from the same zod schema the API validates with. docs/chatbots.md
 * embeds it; a test fails when the two drift apart.
 */
function chatbotTool() {
  return {
    name: 'check_voter_registration',
    description:
      'Check whether a person is registered to vote in a US state or territory, from a mirror of the public voter roll. ' +
      'Ask the person for exactly these facts and nothing more; call POST /v1/lookup with them; relay `message` as it is and offer `nextSteps`. ' +
      'Never store the answer or the details the person gave.',
    input_schema: inlineRefs(z.toJSONSchema(lookupRequestSchema, { io: 'input', target: 'draft-2020-12' })),
  };
}

type Json = { [key: string]: unknown };

/** Tool schemas must be a plain object at the root: named parts ($defs) are written in place. */
function inlineRefs(schema: Json): Json {
  const defs = (schema.$defs ?? {}) as Record<string, Json>;
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== 'object') return node;
    const { $ref, $defs: _defs, $schema: _schema, ...rest } = node as Json;
    const target = typeof $ref === 'string' ? defs[$ref.replace('#/$defs/', '')] : undefined;
    const merged = target ? { ...(resolve(target) as Json), ...rest } : rest;
    return Object.fromEntries(Object.entries(merged).map(([key, value]) => [key, resolve(value)]));
  };
  return resolve(schema) as Json;
}

export function chatbotToolJson(): string {
  return JSON.stringify(chatbotTool(), null, 2);
}

/**
 * The same tool for function-calling APIs with a strict mode, which want every
 * property required: an optional one is required and may be null (the backend
 * leaves a null out of the lookup it sends).
 */
function strictChatbotTool() {
  const tool = chatbotTool();
  const schema = tool.input_schema;
  const properties = schema.properties as Record<string, Json>;
  const required = new Set(schema.required as string[]);
  const nullable = (property: Json): Json => {
    const { type, ...rest } = property;
    if (typeof type === 'string') return { ...rest, type: [type, 'null'], ...(Array.isArray(rest.enum) ? { enum: [...(rest.enum as unknown[]), null] } : {}) };
    return { anyOf: [property, { type: 'null' }] };
  };
  return {
    ...tool,
    strict: true,
    input_schema: {
      ...schema,
      properties: Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, required.has(name) ? property : nullable(property)])),
      required: Object.keys(properties),
      additionalProperties: false,
    },
  };
}

export function strictChatbotToolJson(): string {
  return JSON.stringify(strictChatbotTool(), null, 2);
}
