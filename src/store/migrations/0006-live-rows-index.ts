// Counting a connection's live interactions or recordings read every row of the table (deleted_at is
// in no index): about a second at 200 000 interactions, at the end of every sync. A partial index of
// the live rows answers the count from the index alone. On SQLite its key is the connection and the
// rowid, so rows a sync adds go to its end instead of all over it. Frozen once released.
import type { Kysely, Migration } from 'kysely';
import { sql } from '../kysely.ts';

const TABLES = ['interactions', 'recordings'];

export function liveRowsIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const table of TABLES) {
        await db.schema
          .createIndex(`${table}_live_idx`)
          .on(table)
          .column('connection_id')
          .where(sql.ref('deleted_at'), 'is', null)
          .execute();
      }
    },
  };
}
