// The first schema. Migrations are frozen once released: they spell out their columns instead of
// deriving them from the current model, so a later model change cannot rewrite history.
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export function initialMigration(t: ColumnTypes): Migration {
  /** Shared shape of every entity table: key, model columns (added by `columns`), payload and row metadata. */
  function entityTable(db: Kysely<unknown>, name: string, columns: (b: TableBuilder) => TableBuilder) {
    const keyed = db.schema
      .createTable(name)
      .addColumn('connection_id', t.uuid, (c) => c.notNull().references('connections.id').onDelete('cascade'))
      .addColumn('external_id', t.text, (c) => c.notNull());
    return columns(keyed)
      .addColumn('raw', t.rawJson, (c) => c.notNull())
      .addColumn('synced_at', t.timestamp, (c) => c.notNull())
      .addColumn('deleted_at', t.timestamp)
      .addColumn('last_seen_run', t.uuid)
      .addPrimaryKeyConstraint(`${name}_pkey`, ['connection_id', 'external_id']);
  }

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('connections')
        .addColumn('id', t.uuid, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('platform', t.text, (c) => c.notNull())
        .addColumn('settings', t.json, (c) => c.notNull())
        .addColumn('secrets_ciphertext', t.text, (c) => c.notNull())
        .addColumn('features', t.json, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('status_reason', t.text)
        .addColumn('status_at', t.timestamp)
        .addColumn('credential_version', t.integer, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('connections_name_unique', ['name'])
        .execute();

      await entityTable(db, 'agents', (b) =>
        b
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('email', t.text)
          .addColumn('username', t.text)
          .addColumn('state', t.text, (c) => c.notNull())
          .addColumn('division_id', t.text)
          .addColumn('team_id', t.text),
      ).execute();
      await entityTable(db, 'teams', (b) => b.addColumn('name', t.text, (c) => c.notNull()).addColumn('division_id', t.text)).execute();
      await entityTable(db, 'queues', (b) =>
        b
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('division_id', t.text)
          .addColumn('description', t.text),
      ).execute();
      await entityTable(db, 'queue_members', (b) =>
        b
          .addColumn('queue_id', t.text, (c) => c.notNull())
          .addColumn('agent_id', t.text, (c) => c.notNull())
          .addColumn('joined', t.bool),
      ).execute();
      await entityTable(db, 'divisions', (b) =>
        b.addColumn('name', t.text, (c) => c.notNull()).addColumn('is_home', t.bool, (c) => c.notNull()),
      ).execute();
      await entityTable(db, 'reason_codes', (b) =>
        b
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('category', t.text, (c) => c.notNull())
          .addColumn('is_system', t.bool, (c) => c.notNull())
          .addColumn('active', t.bool, (c) => c.notNull())
          .addColumn('team_id', t.text),
      ).execute();
      await entityTable(db, 'wrapup_codes', (b) =>
        b.addColumn('name', t.text, (c) => c.notNull()).addColumn('division_id', t.text),
      ).execute();
      await entityTable(db, 'interactions', (b) =>
        b
          .addColumn('channel', t.text, (c) => c.notNull())
          .addColumn('direction', t.text, (c) => c.notNull())
          .addColumn('started_at', t.timestamp, (c) => c.notNull())
          .addColumn('ended_at', t.timestamp)
          .addColumn('queue_ids', t.json, (c) => c.notNull())
          .addColumn('agent_ids', t.json, (c) => c.notNull())
          .addColumn('wrap_up_code_ids', t.json, (c) => c.notNull())
          .addColumn('division_ids', t.json, (c) => c.notNull())
          .addColumn('customer_address', t.text)
          .addColumn('dialed_address', t.text)
          .addColumn('has_recording', t.bool, (c) => c.notNull()),
      ).execute();
      await entityTable(db, 'recordings', (b) =>
        b
          .addColumn('interaction_id', t.text, (c) => c.notNull())
          .addColumn('media_kind', t.text, (c) => c.notNull())
          .addColumn('started_at', t.timestamp)
          .addColumn('ended_at', t.timestamp)
          .addColumn('content_type', t.text)
          .addColumn('bytes', t.bigint)
          .addColumn('sha256', t.text)
          .addColumn('blob_key', t.text)
          .addColumn('state', t.text, (c) => c.notNull())
          .addColumn('error', t.text),
      ).execute();

      // The read API pages interactions by time and by "changed since"; the primary key already
      // serves keyset paging by external id.
      await db.schema
        .createIndex('interactions_started_idx')
        .on('interactions')
        .columns(['connection_id', 'started_at', 'external_id'])
        .execute();
      await db.schema
        .createIndex('interactions_synced_idx')
        .on('interactions')
        .columns(['connection_id', 'synced_at', 'external_id'])
        .execute();
      // Finding interactions whose recordings are not stored yet looks recordings up by interaction.
      await db.schema.createIndex('recordings_interaction_idx').on('recordings').columns(['connection_id', 'interaction_id']).execute();

      await db.schema
        .createTable('sync_state')
        .addColumn('connection_id', t.uuid, (c) => c.notNull().references('connections.id').onDelete('cascade'))
        .addColumn('stream', t.text, (c) => c.notNull())
        .addColumn('partition', t.text, (c) => c.notNull())
        .addColumn('cursor', t.json, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_state_pkey', ['connection_id', 'stream', 'partition'])
        .execute();

      await db.schema
        .createTable('sync_runs')
        .addColumn('seq', t.bigint, (c) => t.autoKey(c))
        .addColumn('id', t.uuid, (c) => c.notNull().unique())
        .addColumn('connection_id', t.uuid, (c) => c.notNull().references('connections.id').onDelete('cascade'))
        .addColumn('stream', t.text, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('started_at', t.timestamp, (c) => c.notNull())
        .addColumn('finished_at', t.timestamp)
        .addColumn('records', t.integer, (c) => c.notNull())
        .addColumn('pages', t.integer, (c) => c.notNull())
        .addColumn('error', t.text)
        .addColumn('details', t.json)
        .execute();
      await db.schema.createIndex('sync_runs_connection_idx').on('sync_runs').columns(['connection_id', 'started_at']).execute();
    },
  };
}
