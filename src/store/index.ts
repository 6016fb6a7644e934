// The store: connections, entity records and sync bookkeeping, in SQLite (a file in the data directory,
// the embedded default) or PostgreSQL (when a postgres:// URL is given, for scale and many workers).
import type { Kysely } from 'kysely';
import { createApiKeysRepo, type ApiKeysRepo } from './api-keys.ts';
import { createAuditRepo, type AuditRepo } from './audit.ts';
import { createCodec } from './codec.ts';
import { createConnectionsRepo, type ConnectionsRepo } from './connections.ts';
import { openDatabase } from './db.ts';
import { createDoctorRepo, type DoctorRepo } from './doctor.ts';
import { migrateToLatest } from './migrations/index.ts';
import { createPagesRepo, type PagesRepo } from './pages.ts';
import { createRecordsRepo, type RecordsRepo } from './records.ts';
import type { Database, DialectName, Tx } from './schema.ts';
import { createSyncRepo, type SyncRepo } from './sync.ts';

export type { Database, DialectName, Tx } from './schema.ts';
export {
  ConnectionNotFoundError,
  NameTakenError,
  type ConnectionRow,
  type ConnectionStatus,
  type ConnectionsRepo,
  type CreateConnectionInput,
} from './connections.ts';
export type { PendingParentsInput, RecordsRepo, StoredRecord } from './records.ts';
export type { FinishRunInput, RunPageQuery, SyncRepo, SyncRunRow } from './sync.ts';
export type { ApiKeyKind, ApiKeyRow, ApiKeysRepo } from './api-keys.ts';
export type { AuditEntry, AuditQuery, AuditRepo, AuditRow } from './audit.ts';
export type { JsonRecord, PagesRepo, RecordPage, RecordPageQuery, SortKey } from './pages.ts';
export type { FieldMask, JsonRecordView } from './json-view.ts';
export type { DoctorRepo, DoctorResultRow } from './doctor.ts';
export { isPostgresUrl, maskDatabaseUrl } from './db.ts';

export interface Store {
  readonly dialect: DialectName;
  /** For advanced queries and tests; prefer the repos. */
  readonly db: Kysely<Database>;
  /** Where the data lives: the SQLite file path, or the PostgreSQL URL with its password masked. */
  readonly location: string;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  readonly connections: ConnectionsRepo;
  readonly records: RecordsRepo;
  readonly sync: SyncRepo;
  readonly doctor: DoctorRepo;
  /** Keyset pages of records for the read API. */
  readonly pages: PagesRepo;
  readonly apiKeys: ApiKeysRepo;
  readonly audit: AuditRepo;
  close(): Promise<void>;
}

/**
 * Opens the SQLite file `${dataDir}/switchboard.db` unless databaseUrl names a PostgreSQL database, and
 * brings its schema up to date (safe when several processes open the same database at once).
 */
export async function openStore(opts: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  const { db, dialect, location, dataVersion } = openDatabase(opts);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const codec = createCodec(dialect);
  return {
    dialect,
    db,
    location,
    transaction: (fn) => db.transaction().execute(fn),
    connections: createConnectionsRepo(db, codec),
    records: createRecordsRepo(db, codec),
    sync: createSyncRepo(db, codec),
    doctor: createDoctorRepo(db, codec),
    pages: createPagesRepo(db, codec, dialect, dataVersion),
    apiKeys: createApiKeysRepo(db, codec),
    audit: createAuditRepo(db, codec, dialect),
    close: () => db.destroy(),
  };
}
