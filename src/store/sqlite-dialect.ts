// Kysely's SQLite dialect, adapted to several connections sharing one database file (the server and a
// CLI command, two CLIs starting at once, or two stores in one process):
// - transactions start with `begin immediate`, taking the write lock up front instead of failing with
//   SQLITE_BUSY when a read transaction later tries to write;
// - migrations run inside such a transaction (SQLite's DDL is transactional), so concurrent start-ups
//   serialise: the second waits, then finds the migrations applied;
// - waiting for the lock happens here, asynchronously. better-sqlite3 is synchronous, so SQLite's own
//   busy_timeout blocks the event loop, and when the lock holder is another store in the same process
//   it cannot commit while we block. busy_timeout is therefore kept short (see db.ts) and a statement
//   that finds the database busy outside a transaction is retried after a pause;
// - prepared statements are cached, where Kysely's driver prepares every query afresh;
// - statements that may write are counted, so that readers can tell this connection's own changes
//   (SQLite's data_version only reports other connections').
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from './kysely.ts';
import type { DatabaseConnection, DialectAdapter, Driver, QueryResult } from 'kysely';

/** How long a statement keeps trying to get the database before reporting it busy. */
const BUSY_WAIT_MS = 30_000;

function isBusy(error: unknown): boolean {
  return String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');
}

/** Prepared statements kept per connection; a sync repeats a handful of statements thousands of times. */
const STATEMENT_CACHE_SIZE = 100;

class SqliteConnection implements DatabaseConnection {
  readonly #statements = new Map<string, Statement>();
  writes = 0;

  constructor(private readonly sqlite: SqliteDatabase) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      try {
        return this.#execute<R>(query);
      } catch (error) {
        // Inside a transaction we already hold the write lock; a busy error there is not ours to retry.
        if (!isBusy(error) || this.sqlite.inTransaction || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      }
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A statement being iterated cannot run anything else, so streams never use the shared cache.
    for (const row of this.sqlite.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }

  #execute<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.#prepare(query.sql);
    // Counted whether or not it returns rows: an INSERT … RETURNING writes too.
    if (!statement.readonly) this.writes++;
    if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      // Re-insert, so the Map's order is least recently used first.
      this.#statements.delete(sql);
    } else {
      statement = this.sqlite.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value as string);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

class SharedFileSqliteDriver extends SqliteDriver {
  constructor(
    sqlite: SqliteDatabase,
    private readonly connection: SqliteConnection,
  ) {
    super({ database: sqlite });
  }

  /** The base class serialises use of the single connection; ours is handed out in place of its own. */
  override async acquireConnection(): Promise<DatabaseConnection> {
    await super.acquireConnection();
    return this.connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class SharedFileSqliteDialect extends SqliteDialect {
  readonly #connection: SqliteConnection;

  constructor(private readonly sqlite: SqliteDatabase) {
    super({ database: sqlite });
    this.#connection = new SqliteConnection(sqlite);
  }

  override createDriver(): Driver {
    return new SharedFileSqliteDriver(this.sqlite, this.#connection);
  }

  /** Statements run so far that may have written (a reader statement never counts). */
  writes(): number {
    return this.#connection.writes;
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
