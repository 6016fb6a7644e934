// The read API's keys and its audit trail. Keys are kept as a sha256 of the key, never the key itself;
// revoking sets revoked_at and keeps the row, so the audit trail can still name who did what. The audit
// table has no foreign keys: it must outlive the keys and connections it mentions, and nothing updates
// or deletes its rows. Frozen once released, like every migration.
import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

export function apiMigration(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', t.text, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('kind', t.text, (c) => c.notNull())
        .addColumn('scopes', t.json, (c) => c.notNull())
        .addColumn('all_connections', t.bool, (c) => c.notNull())
        .addColumn('connection_ids', t.json, (c) => c.notNull())
        .addColumn('secret_hash', t.text, (c) => c.notNull())
        .addColumn('rate_limit_per_minute', t.integer, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .execute();
      await db.schema.createIndex('api_keys_name_idx').on('api_keys').columns(['name']).execute();

      await db.schema
        .createTable('api_audit')
        .addColumn('seq', t.bigint, (c) => t.autoKey(c))
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('key_id', t.text)
        .addColumn('key_name', t.text)
        .addColumn('method', t.text, (c) => c.notNull())
        .addColumn('route', t.text)
        .addColumn('path', t.text, (c) => c.notNull())
        .addColumn('status', t.integer, (c) => c.notNull())
        .addColumn('error_code', t.text)
        .addColumn('connection_ids', t.json, (c) => c.notNull())
        .addColumn('resource_ids', t.json, (c) => c.notNull())
        .addColumn('records', t.integer, (c) => c.notNull())
        .addColumn('duration_ms', t.integer, (c) => c.notNull())
        .addColumn('ip', t.text)
        .execute();
      // `switchboard audit --key APP --since …` reads one key's entries newest first; without --key, by time.
      await db.schema.createIndex('api_audit_key_idx').on('api_audit').columns(['key_id', 'seq']).execute();
      await db.schema.createIndex('api_audit_at_idx').on('api_audit').columns(['at']).execute();
    },
  };
}
