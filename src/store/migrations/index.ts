// Migrations are listed here in code (not found by scanning a folder) so they survive bundling and
// every migration is typed. Names sort in the order they must run; never rename or edit a released one.
import { Migrator, type Kysely } from '../kysely.ts';
import type { Migration } from 'kysely';
import type { Database, DialectName } from '../schema.ts';
import { columnTypes } from './column-types.ts';
import { initialMigration } from './0001-initial.ts';
import { teamCodesAndAuthLeaseMigration } from './0002-team-codes-and-auth-lease.ts';
import { doctorMigration } from './0003-doctor.ts';
import { apiMigration } from './0004-api.ts';
import { dataChangeNotifyMigration } from './0005-data-change-notify.ts';
import { liveRowsIndexMigration } from './0006-live-rows-index.ts';

function migrations(dialect: DialectName): Record<string, Migration> {
  const t = columnTypes(dialect);
  return {
    '0001_initial': initialMigration(t),
    '0002_team_codes_and_auth_lease': teamCodesAndAuthLeaseMigration(t),
    '0003_doctor': doctorMigration(t),
    '0004_api': apiMigration(t),
    '0005_data_change_notify': dataChangeNotifyMigration(dialect),
    '0006_live_rows_index': liveRowsIndexMigration(),
  };
}

/**
 * Brings the schema up to date. Safe when several processes start at once: PostgreSQL serialises them
 * on an advisory lock, SQLite on the write lock taken by `begin immediate` (see sqlite-dialect.ts).
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration${failed ? ` ${failed}` : ''} failed: ${detail}`, { cause: error });
  }
}
