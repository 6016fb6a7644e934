// Reason codes carry the platform's code next to its id and may be assigned to several teams (so
// team_id becomes team_ids); wrap-up codes are team-assigned too; and a connection whose platform locks
// accounts after failed logins is leased to one session at a time (auth_lease_*).
// Frozen once released, like every migration.
import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

export function teamCodesAndAuthLeaseMigration(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('reason_codes').addColumn('code', t.text).execute();
      // Every connector wrote team_id as null until now: nothing to carry over, and the next sync fills team_ids.
      await db.schema
        .alterTable('reason_codes')
        .addColumn('team_ids', t.json, (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.alterTable('reason_codes').dropColumn('team_id').execute();
      await db.schema
        .alterTable('wrapup_codes')
        .addColumn('team_ids', t.json, (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.alterTable('connections').addColumn('auth_lease_holder', t.text).execute();
      await db.schema.alterTable('connections').addColumn('auth_lease_until', t.timestamp).execute();
    },
  };
}
