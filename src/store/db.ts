// Opens the Kysely instance for a data directory (SQLite, the embedded default) or a PostgreSQL URL.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from './kysely.ts';
import pg from 'pg';
import type { Database, DialectName } from './schema.ts';
import { SharedFileSqliteDialect } from './sqlite-dialect.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  location: string;
  /**
   * Changes whenever anything may have been written to the database since the last call, by any process;
   * undefined when the database cannot tell. Read it before a query, and the query's answer stays true
   * for as long as the version does.
   */
  dataVersion(): Promise<string | undefined>;
}

export const SQLITE_FILE_NAME = 'switchboard.db';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL with any password replaced, for messages and `location`. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

/** Settings of every connection to the SQLite file, this process's reader and its sync writer thread alike. */
export const SQLITE_CONNECTION_PRAGMAS: readonly string[] = [
  // In WAL mode NORMAL loses no committed data on a process crash, only on power loss, and is much faster.
  'synchronous = NORMAL',
  // Checkpoint every 64 MiB of WAL instead of 4 MiB: a page rewritten by many batches is copied back
  // once, and the WAL file is truncated back to that size afterwards.
  'wal_autocheckpoint = 4096',
  'journal_size_limit = 67108864',
  // Multi-row upserts keep a statement journal so one failing row can be undone; in memory it costs a
  // copy instead of a temp-file write per page.
  'temp_store = MEMORY',
  'foreign_keys = ON',
  // 16 MiB of page cache. The cache counts in the process's resident memory once warm, and the sync's
  // memory budget is 250 MB. A bulk upsert's cost is the pages each commit dirties, which go to the WAL
  // whatever the cache holds: 16, 32 and 64 MiB measured the same CPU per record at 200 000 interactions
  // (docs/benchmarks.md).
  'cache_size = -16384',
];

export function openDatabase(opts: { databaseUrl?: string; dataDir: string }): OpenedDatabase {
  if (opts.databaseUrl) {
    if (!isPostgresUrl(opts.databaseUrl)) {
      throw new Error(`database URL must start with postgres:// or postgresql:// (got ${maskDatabaseUrl(opts.databaseUrl)})`);
    }
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, application_name: 'switchboard' });
    // An idle client that loses its server emits 'error'; unhandled, that would crash the process. The
    // pool discards that client and the next query reports the problem to whoever made it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', location: maskDatabaseUrl(opts.databaseUrl), dataVersion: sharedReads(() => walPosition(pool)) };
  }

  // The data directory holds personal data (customer addresses, recordings): private to its owner.
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(path.resolve(opts.dataDir), SQLITE_FILE_NAME);
  const sqlite = new SqliteDatabase(file);
  // A generous busy_timeout while opening, so the journal-mode switch waits for another process that
  // is creating the same file; afterwards sqlite-dialect.ts does the waiting without blocking.
  sqlite.pragma('busy_timeout = 5000');
  // Records carry 1–2 KB of payload and platform ids arrive in random order, so every batch touches
  // pages all over the primary-key index. 16 KiB pages, a longer checkpoint interval and an in-memory
  // statement journal (below) made bulk upserts about twice as fast as SQLite's defaults. The page size
  // only applies to a new file, so it must be set before WAL mode writes the header.
  sqlite.pragma('page_size = 16384');
  sqlite.pragma('journal_mode = WAL');
  for (const pragma of SQLITE_CONNECTION_PRAGMAS) sqlite.pragma(pragma);
  sqlite.pragma('busy_timeout = 20');
  const dialect = new SharedFileSqliteDialect(sqlite);
  // data_version moves when another connection commits; this connection's own writes are counted apart.
  const dataVersion = async () => `${String(sqlite.pragma('data_version', { simple: true }))}.${dialect.writes()}`;
  return { db: new Kysely<Database>({ dialect }), dialect: 'sqlite', location: file, dataVersion };
}

/**
 * Where PostgreSQL inserts into its write-ahead log: every commit, of any session, moves it (as do vacuum
 * and checkpoints, which only cost a fresh read). The insert position, not the write position, which
 * lags behind commits that are not flushed at once (synchronous_commit off). A standby has none to
 * give: nothing is reused there.
 */
async function walPosition(pool: pg.Pool): Promise<string | undefined> {
  try {
    // Straight to the pool: asked before every page, it is worth skipping the query builder.
    return ((await pool.query<{ lsn: string }>(WAL_POSITION)).rows[0] as { lsn: string } | undefined)?.lsn;
  } catch {
    return undefined;
  }
}

const WAL_POSITION = { name: 'switchboard-wal-position', text: 'select pg_current_wal_insert_lsn()::text as lsn' };

/**
 * Callers in the same turn of the event loop share one read, sent at the end of that turn: each of them
 * asked before it was sent, so its answer is as fresh for all of them as one of their own would be.
 */
function sharedReads<T>(read: () => Promise<T>): () => Promise<T> {
  let next: Promise<T> | undefined;
  return () =>
    (next ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        next = undefined;
        read().then(resolve, reject);
      });
    }));
}
