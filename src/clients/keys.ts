import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/** What a key may do: batch lookups, and reading the state of the rolls. */
export const KEY_SCOPES = ['batch', 'rolls'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: KeyScope[];
  rateLimitPerMinute: number;
  allowedOrigins: string[];
  createdAt: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: number;
  name: string;
  key_prefix: string;
  scopes: KeyScope[];
  rate_limit_per_minute: number;
  allowed_origins: string[];
  created_at: Date;
  revoked_at: Date | null;
}

const toKey = (row: KeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.key_prefix,
  scopes: row.scopes,
  rateLimitPerMinute: row.rate_limit_per_minute,
  allowedOrigins: row.allowed_origins,
  createdAt: new Date(row.created_at).toISOString(),
  revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
});

/** Secrets are 32 random bytes: a plain SHA-256 is enough to store them (no dictionary to guess from). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function createKeyRepository(knex: Knex) {
  return {
    /** Returns the secret once; only its hash is kept. */
    async create(input: { name: string; scopes: KeyScope[]; rateLimitPerMinute: number; allowedOrigins: string[] }): Promise<{ key: ApiKey; secret: string }> {
      const secret = `vl_${randomBytes(32).toString('base64url')}`;
      const [row] = await knex<KeyRow>('api_key')
        .insert({
          name: input.name,
          key_hash: hashSecret(secret),
          key_prefix: secret.slice(0, 10),
          scopes: input.scopes,
          rate_limit_per_minute: input.rateLimitPerMinute,
          allowed_origins: input.allowedOrigins,
        } as never)
        .returning('*');
      return { key: toKey(row as KeyRow), secret };
    },
    async list(): Promise<ApiKey[]> {
      return (await knex<KeyRow>('api_key').orderBy('id')).map(toKey);
    },
    async revoke(id: number): Promise<boolean> {
      return (await knex('api_key').where({ id }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() })) > 0;
    },
    /** The key a secret belongs to, unless revoked: read on every request, so a revocation is immediate. */
    async findActive(secret: string): Promise<ApiKey | undefined> {
      const row = (await knex('api_key').where('key_hash', hashSecret(secret)).whereNull('revoked_at').first()) as KeyRow | undefined;
      return row ? toKey(row) : undefined;
    },
  };
}

export type KeyRepository = ReturnType<typeof createKeyRepository>;
