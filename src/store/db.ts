// Opens the Kysely instance for a data directory (SQLite, the embedded default) or a PostgreSQL URL.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, DialectName } from './schema.ts';
import { SharedFileSqliteDialect } from './sqlite-dialect.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  location: string;
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

export function openDatabase(opts: { databaseUrl?: string; dataDir: string }): OpenedDatabase {
  if (opts.databaseUrl) {
    if (!isPostgresUrl(opts.databaseUrl)) {
      throw new Error(`database URL must start with postgres:// or postgresql:// (got ${maskDatabaseUrl(opts.databaseUrl)})`);
    }
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, application_name: 'switchboard' });
    // An idle client that loses its server emits 'error'; unhandled, that would crash the process. The
    // pool discards that client and the next query reports the problem to whoever made it.
    pool.on('error', () => {});
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      location: maskDatabaseUrl(opts.databaseUrl),
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
  // In WAL mode NORMAL loses no committed data on a process crash, only on power loss, and is much faster.
  sqlite.pragma('synchronous = NORMAL');
  // Checkpoint every 64 MiB of WAL instead of 4 MiB: a page rewritten by many batches is copied back
  // once, and the WAL file is truncated back to that size afterwards.
  sqlite.pragma('wal_autocheckpoint = 4096');
  sqlite.pragma('journal_size_limit = 67108864');
  // Multi-row upserts keep a statement journal so one failing row can be undone; in memory it costs a
  // copy instead of a temp-file write per page.
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('foreign_keys = ON');
  // 16 MiB of page cache. The cache counts in the process's resident memory once warm, and the sync's
  // memory budget is 250 MB. A bulk upsert's cost is the pages each commit dirties, which go to the WAL
  // whatever the cache holds: 16, 32 and 64 MiB measured the same CPU per record at 200 000 interactions
  // (docs/benchmarks.md).
  sqlite.pragma('cache_size = -16384');
  sqlite.pragma('busy_timeout = 20');
  return { db: new Kysely<Database>({ dialect: new SharedFileSqliteDialect(sqlite) }), dialect: 'sqlite', location: file };
}
