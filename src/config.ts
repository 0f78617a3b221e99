import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * TRUST_PROXY is a hop count or a list of addresses and subnets, never `true`:
 * trusting every hop would let any client choose its own rate-limit key with
 * X-Forwarded-For.
 */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new Error(`TRUST_PROXY: "${entry}" is neither a hop count nor an IP address or subnet (true is not allowed)`);
    }
  }
  return entries;
}

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  REDIS_PREFIX: z.string().min(1).default('voter-lookup:'),
  AUDIT_HMAC_KEY: z.string().min(32).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
  ENUMERATION_LIMIT: z.coerce.number().int().positive().default(10),
  ENUMERATION_WINDOW_MINUTES: z.coerce.number().int().positive().default(10),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(8000).default(1000),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(1500),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
});

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly databaseReadUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
  readonly shutdownDrainMs: number;
  readonly auditHmacKey: string | undefined;
  readonly auditRetentionDays: number;
  readonly enumerationLimit: number;
  readonly enumerationWindowMinutes: number;
  readonly port: number;
  readonly rateLimitPerMinute: number;
  readonly trustProxy: TrustProxy;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly dbStatementTimeoutMs: number;
  readonly dbPoolMax: number;
}

/** Reads the environment once; nothing else in the project reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid environment: ${names}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    auditHmacKey: e.AUDIT_HMAC_KEY,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    enumerationLimit: e.ENUMERATION_LIMIT,
    enumerationWindowMinutes: e.ENUMERATION_WINDOW_MINUTES,
    port: e.PORT,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbPoolMax: e.DB_POOL_MAX,
  });
}
