import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/** What a key may do: batch lookups, reading the state of the rolls, and seeing confidential records (flagged). */
export const KEY_SCOPES = ['batch', 'rolls', 'confidential'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: KeyScope[];
  rateLimitPerMinute: number;
  allowedOrigins: string[];
  /** The states it may look up in; null: every state. */
  states: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: number;
  name: string;
  key_hash: string;
  key_prefix: string;
  scopes: KeyScope[];
  rate_limit_per_minute: number;
  allowed_origins: string[];
  states: string[] | null;
  created_at: Date;
  revoked_at: Date | null;
}

type KeyInsert = Omit<KeyRow, 'id' | 'created_at' | 'revoked_at'>;

declare module 'knex/types/tables.js' {
  interface Tables {
    api_key: Knex.CompositeTableType<KeyRow, KeyInsert, { revoked_at: Knex.Raw }>;
  }
}

const toKey = (row: KeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.key_prefix,
  scopes: row.scopes,
  rateLimitPerMinute: row.rate_limit_per_minute,
  allowedOrigins: row.allowed_origins,
  states: row.states,
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
    async create(input: {
      name: string;
      scopes: KeyScope[];
      rateLimitPerMinute: number;
      allowedOrigins: string[];
      states?: string[] | null;
    }): Promise<{ key: ApiKey; secret: string }> {
      const secret = `vl_${randomBytes(32).toString('base64url')}`;
      const [row] = await knex('api_key')
        .insert({
          name: input.name,
          key_hash: hashSecret(secret),
          key_prefix: secret.slice(0, 10),
          scopes: input.scopes,
          rate_limit_per_minute: input.rateLimitPerMinute,
          allowed_origins: input.allowedOrigins,
          states: input.states ?? null,
        })
        .returning('*');
      return { key: toKey(row!), secret };
    },
    async list(): Promise<ApiKey[]> {
      return (await knex('api_key').orderBy('id')).map(toKey);
    },
    async revoke(id: number): Promise<boolean> {
      return (await knex('api_key').where({ id }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() })) > 0;
    },
    /** The key a secret belongs to, unless revoked: read on every request, so a revocation is immediate. */
    async findActive(secret: string): Promise<ApiKey | undefined> {
      const [row] = await knex('api_key').where('key_hash', hashSecret(secret)).whereNull('revoked_at').limit(1);
      return row ? toKey(row) : undefined;
    },
  };
}

export type KeyRepository = ReturnType<typeof createKeyRepository>;
