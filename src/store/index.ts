// The store: connections, entity records and sync bookkeeping, in SQLite (a file in the data directory,
// the embedded default) or PostgreSQL (when a postgres:// URL is given, for scale and many workers).
import type { Kysely } from 'kysely';
import { createApiKeysRepo, type ApiKeysRepo } from './api-keys.ts';
import { createAuditRepo, type AuditRepo } from './audit.ts';
import { createBatchWriter, type BatchQuery, type BatchRun, type BatchWriter } from './batch-writer.ts';
import { createCodec } from './codec.ts';
import { createConnectionsRepo, type ConnectionsRepo } from './connections.ts';
import { openDatabase } from './db.ts';
import { createDoctorRepo, type DoctorRepo } from './doctor.ts';
import { migrateToLatest } from './migrations/index.ts';
import { createPagesRepo, type PagesRepo } from './pages.ts';
import { createRecordsRepo, type RecordsRepo } from './records.ts';
import type { Database, DialectName, Tx } from './schema.ts';
import { SqliteWriterThread } from './sqlite-writer.ts';
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
export type { BatchWriter } from './batch-writer.ts';
export { isPostgresUrl, maskDatabaseUrl } from './db.ts';

export interface Store {
  readonly dialect: DialectName;
  /** For advanced queries and tests; prefer the repos. */
  readonly db: Kysely<Database>;
  /** Where the data lives: the SQLite file path, or the PostgreSQL URL with its password masked. */
  readonly location: string;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A pipeline for a sync's batches: each one transaction, in order, overlapping the caller's next read. */
  batchWriter(): BatchWriter;
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
  const { db, dialect, location, dataVersion, close: closeDatabase } = openDatabase(opts);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await closeDatabase();
    throw error;
  }
  const codec = createCodec(dialect);
  const writerThread = dialect === 'sqlite' ? new SqliteWriterThread(location) : undefined;
  // PostgreSQL does the work in its own process already: each batch is a transaction on the pool.
  const runTransaction = (writer: number, queries: BatchQuery[]): BatchRun => {
    if (writerThread) return writerThread.run(writer, queries);
    const done = db.transaction().execute(async (tx) => {
      for (const query of queries) await tx.executeQuery(query);
    });
    return { applied: done, committed: done };
  };
  // Closing waits for batches under way: a sync stopped by Ctrl-C keeps what it had read.
  const writing = new Set<Promise<void>>();
  const runBatch = (writer: number, queries: BatchQuery[]) => {
    const run = runTransaction(writer, queries);
    writing.add(run.committed);
    const forget = () => writing.delete(run.committed);
    run.committed.then(forget, forget);
    return run;
  };
  const flush = () => writerThread?.flush();
  let writers = 0;
  let closed: Promise<void> | undefined;
  return {
    dialect,
    db,
    location,
    transaction: (fn) => db.transaction().execute(fn),
    batchWriter: () => {
      const writer = ++writers;
      return createBatchWriter((queries) => runBatch(writer, queries), flush);
    },
    connections: createConnectionsRepo(db, codec),
    records: createRecordsRepo(db, codec),
    sync: createSyncRepo(db, codec),
    doctor: createDoctorRepo(db, codec),
    pages: createPagesRepo(db, codec, dialect, dataVersion),
    apiKeys: createApiKeysRepo(db, codec),
    audit: createAuditRepo(db, codec, dialect),
    close: () =>
      (closed ??= (async () => {
        flush();
        await Promise.allSettled(writing);
        await writerThread?.close();
        await closeDatabase();
      })()),
  };
}
