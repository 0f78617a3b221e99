/**
 * The middle rung for `npm run bench`: the service's own lookup route (the same
 * JSON body parsing, validation and matching, on the same database, with the same
 * pool settings) on a bare Express 5 app, without what the service puts in front
 * of it: helmet, CORS, the rate limiter, the enumeration guard, the audit, the
 * metrics and the log line. Between this, the bare ceiling and the service, the
 * benchmark splits the gap into what the lookup's own work costs and what that
 * middleware costs.
 */
import express from 'express';
import { loadStateCatalog } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/knex.ts';
import { POLICY } from '../src/config.ts';
import { requireBodyType, validateBody } from '../src/http/validate.ts';
import { createPublicLookup, createVoterRepository, lookupHandler, lookupRequestSchema, shippedNicknames } from '../src/lookup/index.ts';

const config = loadConfig();
const db = createDatabase(process.env.DATABASE_URL!, { statementTimeoutMs: config.dbStatementTimeoutMs, poolMax: config.dbPoolMax });
const app = express();
app.set('etag', false);
app.disable('x-powered-by');
const lookup = lookupHandler(createPublicLookup({ voters: createVoterRepository(db), states: await loadStateCatalog(db), nicknames: shippedNicknames() }, []));
app.post('/v1/lookup', requireBodyType(false), express.json({ limit: POLICY.bodyLimits.lookup }), validateBody(lookupRequestSchema), lookup);
app.listen(config.port, '127.0.0.1', () => process.stdout.write('listening\n'));
