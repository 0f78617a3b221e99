export { STATE_CODES } from './codes.ts';
export { createStateRepository } from './repository.ts';
export { stateHandlers } from './routes.ts';
export { type StateInfo, stateInfoSchema, stateListSchema } from './schema.ts';
export { seedStateInfo } from './seed.ts';
