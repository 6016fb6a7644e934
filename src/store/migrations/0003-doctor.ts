// The doctor's results: one row per check of a connection (by `switchboard doctor` or before a sync),
// the whole report as JSON, so `doctor --history` can show what changed between any two checks.
// Frozen once released, like every migration.
import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

export function doctorMigration(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('doctor_results')
        .addColumn('seq', t.bigint, (c) => t.autoKey(c))
        .addColumn('connection_id', t.uuid, (c) => c.notNull().references('connections.id').onDelete('cascade'))
        .addColumn('checked_at', t.timestamp, (c) => c.notNull())
        .addColumn('trigger', t.text, (c) => c.notNull())
        .addColumn('credential_version', t.integer, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('report', t.json, (c) => c.notNull())
        .execute();
      // History is read newest first per connection.
      await db.schema.createIndex('doctor_results_connection_idx').on('doctor_results').columns(['connection_id', 'seq']).execute();
    },
  };
}
