// The API's audit trail: append-only by construction, this repo can insert and read, nothing else.
import type { Kysely, Selectable } from 'kysely';
import type { Codec } from './codec.ts';
import { jsonArrayContains } from './json-array.ts';
import type { ApiAuditTable, Database, DialectName } from './schema.ts';

export interface AuditEntry {
  at: Date;
  keyId: string | null;
  keyName: string | null;
  method: string;
  route: string | null;
  path: string;
  status: number;
  errorCode: string | null;
  connectionIds: string[];
  resourceIds: string[];
  records: number;
  durationMs: number;
  ip: string | null;
}

export interface AuditRow extends AuditEntry {
  seq: number;
}

export interface AuditQuery {
  /** Entries of these keys only. */
  keyIds?: readonly string[];
  since?: Date;
  until?: Date;
  /** Entries that touched this connection. */
  connectionId?: string;
  /** Keyset: entries older than this seq. */
  beforeSeq?: number;
  limit: number;
}

export interface AuditRepo {
  insert(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first. */
  query(q: AuditQuery): Promise<AuditRow[]>;
  /** When each key was last seen in the trail. */
  lastSeen(keyIds: readonly string[]): Promise<Map<string, Date>>;
}

/** Rows per insert statement: 14 columns stay far below SQLite's parameter limit. */
const CHUNK = 500;

export function createAuditRepo(db: Kysely<Database>, codec: Codec, dialect: DialectName): AuditRepo {
  const toRow = (r: Selectable<ApiAuditTable>): AuditRow => ({
    // PostgreSQL hands bigint back as text.
    seq: Number(r.seq),
    at: codec.readTimestamp(r.at),
    keyId: r.key_id,
    keyName: r.key_name,
    method: r.method,
    route: r.route,
    path: r.path,
    status: r.status,
    errorCode: r.error_code,
    connectionIds: codec.readJson(r.connection_ids) as string[],
    resourceIds: codec.readJson(r.resource_ids) as string[],
    records: r.records,
    durationMs: r.duration_ms,
    ip: r.ip,
  });

  return {
    async insert(entries) {
      for (let i = 0; i < entries.length; i += CHUNK) {
        await db
          .insertInto('api_audit')
          .values(
            entries.slice(i, i + CHUNK).map((e) => ({
              at: codec.timestamp(e.at),
              key_id: e.keyId,
              key_name: e.keyName,
              method: e.method,
              route: e.route,
              path: e.path,
              status: e.status,
              error_code: e.errorCode,
              connection_ids: JSON.stringify(e.connectionIds),
              resource_ids: JSON.stringify(e.resourceIds),
              records: e.records,
              duration_ms: Math.round(e.durationMs),
              ip: e.ip,
            })),
          )
          .execute();
      }
    },

    async query(q) {
      if (q.keyIds?.length === 0) return [];
      let query = db.selectFrom('api_audit').selectAll().orderBy('seq', 'desc').limit(q.limit);
      if (q.keyIds) query = query.where('key_id', 'in', q.keyIds);
      if (q.since) query = query.where('at', '>=', codec.timestamp(q.since));
      if (q.until) query = query.where('at', '<', codec.timestamp(q.until));
      if (q.connectionId !== undefined) query = query.where(jsonArrayContains(dialect, 'connection_ids', q.connectionId));
      if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
      return (await query.execute()).map(toRow);
    },

    async lastSeen(keyIds) {
      if (!keyIds.length) return new Map();
      const rows = await db
        .selectFrom('api_audit')
        .select(['key_id', (eb) => eb.fn.max('at').as('last')])
        .where('key_id', 'in', keyIds)
        .groupBy('key_id')
        .execute();
      return new Map(rows.map((r) => [r.key_id as string, codec.readTimestamp(r.last)]));
    },
  };
}
