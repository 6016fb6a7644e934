// On PostgreSQL, every statement that changes a table the read API's pages may depend on sends a
// notification on DATA_CHANGE_CHANNEL; a listener (data-changes.ts) turns them into the data version the
// page cache checks. PostgreSQL delivers notifications on commit only, and folds identical ones of one
// transaction, so a sync's batch costs one. SQLite needs none of this: it counts its writes in-process.
// Frozen once released, like every migration: a later table that pages may depend on needs the trigger
// from its own migration (0005-data-change-notify.test.ts checks that every table but the audit trail has it).
import { sql, type Kysely } from '../kysely.ts';
import type { Migration } from 'kysely';
import type { DialectName } from '../schema.ts';

export const DATA_CHANGE_CHANNEL = 'switchboard_data_changed';

const NOTIFYING_TABLES = [
  // What the pages show.
  'agents',
  'teams',
  'queues',
  'queue_members',
  'divisions',
  'reason_codes',
  'wrapup_codes',
  'interactions',
  'recordings',
  // Deleting a connection deletes its records (by cascade, which notifies too); the others below are
  // not read by pages today. They change a few times per sync run, check or admin action, never per API
  // request, so notifying costs next to nothing and keeps the version true of them for any later reader.
  'connections',
  'sync_state',
  'sync_runs',
  'doctor_results',
  'api_keys',
  // Not 'api_audit': append-only, written behind nearly every API request, and never shown in a page. A
  // notification for it would make every cached page stale within 200 ms of any request.
];

export function dataChangeNotifyMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`
        create function switchboard_data_changed() returns trigger language plpgsql as $$
        begin
          perform pg_notify(${sql.lit(DATA_CHANGE_CHANNEL)}, '');
          return null;
        end
        $$`.execute(db);
      for (const table of NOTIFYING_TABLES) {
        // Per statement, not per row: a batch of 500 upserts runs the function once, not 500 times (the
        // notifications would be folded, the calls would not).
        await sql`
          create trigger ${sql.id(`${table}_data_changed`)}
          after insert or update or delete or truncate on ${sql.table(table)}
          for each statement execute function switchboard_data_changed()`.execute(db);
      }
    },
  };
}
