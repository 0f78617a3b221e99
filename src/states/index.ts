export { STATE_CODES } from './codes.ts';
export { cachedStateRepository } from './cache.ts';
export { createStateRepository, type StateRepository } from './repository.ts';
export { stateHandlers } from './routes.ts';
export { type StateInfo, stateInfoSchema, stateLanguageSchema, stateListSchema } from './schema.ts';
export { seedStateInfo } from './seed.ts';
export { localizedStateInfo } from './languages.ts';
export { ROLL_REASONS, rollReason } from './roll-reasons.ts';
