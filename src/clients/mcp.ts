import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { RequestHandler } from 'express';
import { negotiatedLanguage, type PublicLookup, lookupRequestSchema, lookupResultSchema } from '../lookup/index.ts';
import { localizedStateInfo, type StateRepository, stateInfoSchema, stateLanguageSchema } from '../states/index.ts';
import { z } from 'zod';

/**
 * The same object schema without its OpenAPI component id: MCP wants each tool's
 * schema inline, an object at the top, not a reference to a definition.
 */
const asToolSchema = <Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) => z.strictObject(schema.shape);

const READ_ONLY = { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false } as const;

/** The service's own version, for MCP's server info. */
const SERVER_INFO = { name: 'voter-lookup', version: '1.0.0' };

/**
 * POST /mcp: a Model Context Protocol server over Streamable HTTP, stateless (a
 * server and a transport for each request, no session). Its lookup tool calls the
 * same public lookup as POST /v1/lookup, after the same limits, so the same
 * validation, guard and audit apply to a chatbot as to anyone.
 */
export function mcpHandler(lookup: PublicLookup, states: StateRepository): RequestHandler {
  return async (req, res) => {
    const server = new McpServer(SERVER_INFO, {
      instructions:
        'Answers whether a person is registered to vote in a US state, from a mirror of the public voter rolls. Relay `message` as it is; ' +
        'always offer the state’s own lookup (checkUrl), which is the authority. Ask for a ZIP code or county when the answer is multiple_matches.',
    });
    server.registerTool(
      'check_voter_registration',
      {
        title: 'Check voter registration',
        description:
          'Is this person registered to vote? The same lookup as POST /v1/lookup: name, date of birth and state are required; ZIP or county ' +
          'tell namesakes apart and are needed where the state publishes only birth years.',
        inputSchema: asToolSchema(lookupRequestSchema),
        outputSchema: asToolSchema(lookupResultSchema),
        annotations: { title: 'Check voter registration', ...READ_ONLY },
      },
      async (request) => {
        const result = await lookup.answer(request, request.language ?? negotiatedLanguage(req), req.ip);
        return { content: [{ type: 'text', text: result.message }], structuredContent: result };
      },
    );
    server.registerTool(
      'get_state_registration_info',
      {
        title: 'Get state registration info',
        description: "A state's registration facts: how to register, the official lookup, deadlines, and whether its roll is loaded here.",
        inputSchema: z.strictObject({
          state: z
            .string({ error: 'state must be a string' })
            .trim()
            .transform((code) => code.toUpperCase())
            .refine((code) => /^[A-Z]{2}$/.test(code), { error: 'state must be a USPS code such as NC' }),
          language: stateLanguageSchema.optional().meta({ description: 'The language of the deadlines, where vote.gov gives them in it; default en' }),
        }),
        outputSchema: asToolSchema(stateInfoSchema),
        annotations: { title: 'Get state registration info', ...READ_ONLY },
      },
      async ({ state, language }) => {
        const found = await states.find(state);
        if (!found) return { isError: true, content: [{ type: 'text', text: 'state: there is no state or territory with that code' }] };
        const info = localizedStateInfo(found, language ?? 'en');
        return { content: [{ type: 'text', text: `${info.name}: register at ${info.registerUrl}; check at ${info.checkUrl}` }], structuredContent: info };
      },
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, res.locals.body);
  };
}
