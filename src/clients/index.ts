export { createKeyCheckGuard, keyedLookupBudget, requireKey } from './auth.ts';
export { BATCH_CSV_COLUMNS, batchHandler, batchRequestSchema, batchResponseSchema } from './batch.ts';
export { KEY_SCOPES, type KeyScope, createKeyRepository } from './keys.ts';
export { mcpHandler } from './mcp.ts';
export { rollsHandler } from './rolls.ts';
