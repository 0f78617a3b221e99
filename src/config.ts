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

/** ALLOWED_ORIGINS: browser origins that may call the public API (unset: any origin). */
function parseOrigins(raw: string | undefined): string[] | undefined {
  const origins = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`ALLOWED_ORIGINS: "${origin}" is not an origin such as https://example.org`);
  }
  return origins.length > 0 ? origins : undefined;
}

const count = z.coerce.number().int().positive();

/** The environment, declared once: each variable, its rule, its default and the name the code uses. */
const envSchema = z
  .object({
    DATABASE_URL: z.url().optional(),
    DATABASE_READ_URL: z.url().optional(),
    DATABASE_POOLER: z.enum(['none', 'session', 'transaction']).default('none'),
    REDIS_URL: z.url().optional(),
    REDIS_PREFIX: z.string().min(1).default('voter-lookup:'),
    AUDIT_HMAC_KEY: z.string().min(32).optional(),
    AUDIT_RETENTION_DAYS: count.default(90),
    ENUMERATION_LIMIT: count.default(10),
    ENUMERATION_WINDOW_MINUTES: count.default(10),
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(8000).default(5000),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    RATE_LIMIT_PER_MINUTE: count.default(30),
    NETWORK_RATE_LIMIT_PER_MINUTE: count.default(300),
    TRUST_PROXY: z.string().optional(),
    ALLOWED_ORIGINS: z.string().optional(),
    METRICS_TOKEN: z.string().min(16).optional(),
    ALTCHA_HMAC_KEY: z.string().min(32).optional(),
    ALTCHA_MAX_NUMBER: z.coerce.number().int().min(1000).max(10_000_000).default(50_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    DB_STATEMENT_TIMEOUT_MS: count.default(1500),
    DB_POOL_MAX: count.default(10),
  })
  .transform((e) =>
    Object.freeze({
      databaseUrl: e.DATABASE_URL,
      databaseReadUrl: e.DATABASE_READ_URL,
      /** Behind a transaction pooler nothing may live in a server session (src/db/knex.ts). */
      transactionPooler: e.DATABASE_POOLER === 'transaction',
      redisUrl: e.REDIS_URL,
      redisPrefix: e.REDIS_PREFIX,
      auditHmacKey: e.AUDIT_HMAC_KEY,
      auditRetentionDays: e.AUDIT_RETENTION_DAYS,
      enumerationLimit: e.ENUMERATION_LIMIT,
      enumerationWindowMinutes: e.ENUMERATION_WINDOW_MINUTES,
      shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
      port: e.PORT,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      networkRateLimitPerMinute: e.NETWORK_RATE_LIMIT_PER_MINUTE,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      allowedOrigins: parseOrigins(e.ALLOWED_ORIGINS),
      metricsToken: e.METRICS_TOKEN,
      proofOfWork: e.ALTCHA_HMAC_KEY ? { hmacKey: e.ALTCHA_HMAC_KEY, maxNumber: e.ALTCHA_MAX_NUMBER } : undefined,
      logLevel: e.LOG_LEVEL,
      dataDir: e.DATA_DIR,
      embeddedPgPort: e.EMBEDDED_PG_PORT,
      dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      dbPoolMax: e.DB_POOL_MAX,
    }),
  );

export type Config = z.output<typeof envSchema>;

/** Reads the environment once; nothing else in the project reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join('.') || issue.message).join(', ');
    throw new Error(`Invalid environment: ${names}`);
  }
  return parsed.data;
}

/**
 * The service's fixed policies, in one place: the code, its error messages and the
 * OpenAPI text all read them from here.
 */
export const POLICY = {
  /** Request bodies, by path. */
  bodyLimits: { lookup: '4kb', batch: '1mb', mcp: '8kb' },
  /** Lookups in one batch request, at most. */
  batchLookupsMax: 1000,
  /** A new roll with fewer voters than this share of the live one is refused without --allow-shrink. */
  shrinkGuard: 0.9,
  /** Snapshots kept per state, the live one included: what a rollback can return to. */
  snapshotsKept: 3,
  /** Longest wait for a pooled database connection before the lookup answers 503. */
  poolAcquireTimeoutMs: 2000,
  /** Audit rows wait in memory at most this long, or until this many are waiting. */
  auditFlushMs: 1000,
  auditBatchRows: 500,
  /** Node's own limits on a slow client: whole headers, and the whole request. */
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  /** Readiness is checked at most once a second, by one caller at a time. */
  readinessCacheMs: 1000,
  /** How long a failed key is remembered as unknown, without asking the database again. */
  unknownKeyCacheMs: 60_000,
  /** Behind a transaction pooler, how often the states' roll dates are read again (LISTEN needs a session). */
  rollPollMs: 10_000,
  /** Failed key checks per client address per minute before 429. */
  failedKeyChecksPerMinute: 10,
} as const;
