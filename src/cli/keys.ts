import { parseArgs } from 'node:util';
import { KEY_SCOPES, type KeyScope, createKeyRepository } from '../clients/index.ts';
import { STATE_CODES } from '../states/index.ts';
import { loadConfig } from '../config.ts';
import { locateDatabase } from '../db/connect.ts';
import { createDatabase } from '../db/knex.ts';
import { DatabaseNotCurrent, prepareDatabase, requireCurrentDatabase } from '../database.ts';
import { reportFailuresInOneLine } from './one-line.ts';

reportFailuresInOneLine('npm run keys');

const USAGE = `Usage:
  npm run keys -- create --name "Wake County Board of Elections" [--scopes batch,rolls[,confidential]] [--states NC[,OH...]] [--rate-limit 600] [--origins https://a.example,https://b.example]
  npm run keys -- list
  npm run keys -- revoke ID

--scopes      what the key may do: ${KEY_SCOPES.join(', ')} (default: batch);
              confidential lets it see confidential records (flagged, and each one audited)
--states      the only states it answers for (default: every state)
--rate-limit  lookups per minute for this key, a batch counting each of its lookups (default 600)
--origins     browser origins that may use the key (default: none; server-to-server calls send no Origin)`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      states: { type: 'string' },
      'rate-limit': { type: 'string' },
      origins: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (command === 'create') {
    const name = values.name?.trim();
    if (!name) throw new UsageError('--name is required');
    const scopes = (values.scopes ?? 'batch')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = scopes.filter((s) => !KEY_SCOPES.includes(s as KeyScope));
    if (unknown.length || scopes.length === 0) throw new UsageError(`--scopes must be some of: ${KEY_SCOPES.join(', ')}`);
    const rateLimit = Number(values['rate-limit'] ?? 600);
    if (!Number.isInteger(rateLimit) || rateLimit <= 0) throw new UsageError('--rate-limit must be a positive whole number');
    const origins = (values.origins ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new UsageError(`--origins: "${origin}" is not an origin such as https://example.org`);
    }
    const states = values.states === undefined ? null : [...new Set(values.states.split(',').map((s) => s.trim().toUpperCase()))].filter(Boolean);
    const unknownStates = (states ?? []).filter((s) => !STATE_CODES.has(s));
    if (states?.length === 0 || unknownStates.length > 0) throw new UsageError('--states must list USPS codes of states or territories, such as NC,OH');
    return { command, name, scopes: scopes as KeyScope[], rateLimit, origins, states } as const;
  }
  if (command === 'list') return { command } as const;
  if (command === 'revoke') {
    const id = Number(rest[0]);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError('revoke takes the key id shown by list');
    return { command, id } as const;
  }
  throw new UsageError('give a command: create, list or revoke');
}

async function main(): Promise<number> {
  let request;
  try {
    request = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const location = await locateDatabase(loadConfig(), (line) => console.error(line));
  const db = createDatabase(location.url);
  try {
    // Creating or revoking a key writes, and brings the database up to date first; listing only reads.
    await (request.command === 'list' ? requireCurrentDatabase(db) : prepareDatabase(db));
    const keys = createKeyRepository(db);
    if (request.command === 'create') {
      const { key, secret } = await keys.create({
        name: request.name,
        scopes: request.scopes,
        rateLimitPerMinute: request.rateLimit,
        allowedOrigins: request.origins,
        states: request.states,
      });
      const where = key.states ? `states: ${key.states.join(', ')}` : 'every state';
      console.log(`Key ${key.id} for ${key.name} (scopes: ${key.scopes.join(', ')}; ${where}; ${key.rateLimitPerMinute} lookups a minute).`);
      console.log('The key is shown this once and stored only as a hash; keep it secret:');
      console.log(secret);
      return 0;
    }
    if (request.command === 'list') {
      const all = await keys.list();
      if (all.length === 0) console.log('No keys.');
      else
        console.table(
          all.map((k) => ({
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            scopes: k.scopes.join(','),
            states: k.states?.join(',') ?? 'all',
            perMinute: k.rateLimitPerMinute,
            origins: k.allowedOrigins.join(','),
            created: k.createdAt,
            revoked: k.revokedAt ?? '',
          })),
        );
      return 0;
    }
    if (!(await keys.revoke(request.id))) {
      console.error(`No active key with id ${request.id}.`);
      return 1;
    }
    console.log(`Key ${request.id} is revoked: it stops working at once.`);
    return 0;
  } catch (error) {
    if (!(error instanceof DatabaseNotCurrent)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await db.destroy();
    await location.close();
  }
}

process.exit(await main());
