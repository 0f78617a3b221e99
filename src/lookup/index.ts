export { languageListSchema, LANGUAGES, negotiatedLanguage } from './languages.ts';
export { nicknamesOf, shippedNicknames } from './nicknames.ts';
export { canonicalSuffix, countyKey, nameKey, normalizeName, splitSuffix } from './normalize.ts';
export { createVoterRepository } from './repository.ts';
export { createPublicLookup, lookupHandler, type PublicLookup } from './routes.ts';
export { type LookupRequest, lookupRequestSchema, lookupResultSchema } from './schema.ts';
export { type AnswerListener, type LookupDeps, type StateCatalog, lookupForClerk, matchVoter } from './service.ts';
export { type RegistrationStatus } from './status.ts';
