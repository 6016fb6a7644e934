// Opens the Kysely instance for a data directory (SQLite, the embedded default) or a PostgreSQL URL.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from './kysely.ts';
import pg from 'pg';
import { listenForDataChanges } from './data-changes.ts';
import type { Database, DialectName } from './schema.ts';
import { SharedFileSqliteDialect } from './sqlite-dialect.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  location: string;
  /**
   * Changes whenever anything a page of the read API may show has been written since the last call, by
   * any process; undefined when the database cannot tell. Read it before a query, and the query's answer
   * stays true for as long as the version does. SQLite: any write, read from the file at each call.
   * PostgreSQL: any commit that changed a table other than the audit trail, known once its notification
   * arrives (data-changes.ts), so it may lag a commit by that delivery; undefined while not listening.
   */
  dataVersion(): Promise<string | undefined>;
  /** Closes the database's connections, and on PostgreSQL the listener behind dataVersion. */
  close(): Promise<void>;
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
    const changes = listenForDataChanges(opts.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      location: maskDatabaseUrl(opts.databaseUrl),
      // Read when called, before the query: a notification arriving while the query runs moves the
      // version, so the page stored under this one is never served.
      dataVersion: async () => changes.version(),
      close: async () => {
        await changes.close();
        await db.destroy();
      },
    };
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
  // Prepared once: asked before every page, and better-sqlite3's pragma() prepares its statement anew.
  const readDataVersion = sqlite.prepare('pragma data_version').pluck();
  const dataVersion = async () => `${String(readDataVersion.get())}.${dialect.writes()}`;
  const db = new Kysely<Database>({ dialect });
  return { db, dialect: 'sqlite', location: file, dataVersion, close: () => db.destroy() };
}
