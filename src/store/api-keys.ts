// API keys as stored: a hash of the key, never the key (see api/keys.ts for how keys are made and checked).
import type { Kysely, Selectable } from 'kysely';
import type { Codec } from './codec.ts';
import type { ApiKeysTable, Database } from './schema.ts';

export type ApiKeyKind = 'data' | 'admin';

export interface ApiKeyRow {
  id: string;
  name: string;
  kind: ApiKeyKind;
  scopes: string[];
  /** null: every connection, present and future. */
  connectionIds: string[] | null;
  secretHash: string;
  rateLimitPerMinute: number;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeysRepo {
  create(row: Omit<ApiKeyRow, 'createdAt' | 'revokedAt'>): Promise<ApiKeyRow>;
  get(id: string): Promise<ApiKeyRow | undefined>;
  /** Oldest first; revoked keys only when asked. */
  list(opts?: { includeRevoked?: boolean }): Promise<ApiKeyRow[]>;
  /** Keys whose id or name is `idOrName`. */
  find(idOrName: string): Promise<ApiKeyRow[]>;
  /** Returns false when the key does not exist or was revoked already. */
  revoke(id: string, at: Date): Promise<boolean>;
}

export function createApiKeysRepo(db: Kysely<Database>, codec: Codec): ApiKeysRepo {
  const toRow = (r: Selectable<ApiKeysTable>): ApiKeyRow => ({
    id: r.id,
    name: r.name,
    kind: r.kind as ApiKeyKind,
    scopes: codec.readJson(r.scopes) as string[],
    connectionIds: codec.decode('bool', r.all_connections) ? null : (codec.readJson(r.connection_ids) as string[]),
    secretHash: r.secret_hash,
    rateLimitPerMinute: r.rate_limit_per_minute,
    createdAt: codec.readTimestamp(r.created_at),
    expiresAt: codec.readNullableTimestamp(r.expires_at),
    revokedAt: codec.readNullableTimestamp(r.revoked_at),
  });
  const get = async (id: string) => {
    const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRow(row) : undefined;
  };

  return {
    async create(input) {
      await db
        .insertInto('api_keys')
        .values({
          id: input.id,
          name: input.name,
          kind: input.kind,
          scopes: JSON.stringify(input.scopes),
          all_connections: codec.encode('bool', input.connectionIds === null) as boolean | number,
          connection_ids: JSON.stringify(input.connectionIds ?? []),
          secret_hash: input.secretHash,
          rate_limit_per_minute: input.rateLimitPerMinute,
          created_at: codec.timestamp(new Date()),
          expires_at: input.expiresAt ? codec.timestamp(input.expiresAt) : null,
          revoked_at: null,
        })
        .execute();
      return (await get(input.id)) as ApiKeyRow;
    },

    get,

    async list(opts) {
      let query = db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id');
      if (!opts?.includeRevoked) query = query.where('revoked_at', 'is', null);
      return (await query.execute()).map(toRow);
    },

    async find(idOrName) {
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .orderBy('created_at')
        .execute();
      return rows.map(toRow);
    },

    async revoke(id, at) {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: codec.timestamp(at) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
