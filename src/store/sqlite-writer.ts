// Sync batches on SQLite are written by a second connection on a thread of their own. better-sqlite3 is
// synchronous: on the main thread a batch's upserts and commit (~45 µs per 2 KB record at 200 000 rows,
// docs/benchmarks.md) stop everything else, including reading and parsing the next page. On a thread the
// two overlap, and the main thread only encodes parameters. Consecutive batches share a transaction
// (sqlite-writer-thread.js says when it commits); each still commits whole, with its cursor.
import { Worker } from 'node:worker_threads';
import type { BatchQuery, BatchRun } from './batch-writer.ts';
import { SQLITE_CONNECTION_PRAGMAS } from './db.ts';

/** The thread may block this long for the write lock (another process's sync, the server's audit rows). */
const BUSY_TIMEOUT_MS = 30_000;
/**
 * V8's heap for the thread. It holds one batch at a time (a page of records: 2–3 MB for 1 000 records of
 * 2 KB, ~20 MB for the largest pages a platform serves, 10 000 of 1.4 KB); without bounds V8 lets it grow
 * to several times that before collecting. 64 + 8 MB measured 20–25 MB less resident memory than 128 MB
 * and V8's default young generation, at the same rate (docs/benchmarks.md §1).
 */
const OLD_SPACE_MB = 64;
const YOUNG_SPACE_MB = 8;
/**
 * After the shared settings: 8 MiB of page cache instead of 16. A commit costs the pages it dirties,
 * which go to the WAL whatever the cache holds; 8 MiB synced 200 000 interactions at the same rate for
 * 17 MB less resident memory.
 */
const WRITER_CACHE = 'cache_size = -8192';
/**
 * A transaction commits once it holds this many bound values (four pages of 1 000 records of 16 fields),
 * is this old, or has waited this long for another batch. Grouping four pages halved the WAL written per
 * record and cut the writer's time per record by a fifth; more saved little (docs/benchmarks.md §1). The
 * idle wait keeps the write lock from other processes only briefly.
 */
const GROUP_PARAMETERS = 64_000;
const GROUP_MS = 500;
const IDLE_MS = 50;

/**
 * Bound values a message to the thread carries at most. The thread's V8 copies a message into its young
 * generation when it reads it: a whole page of records (2 000 records of 1.4 KB: ~3.5 MB) overflowed it,
 * and each scavenge copied and promoted the rows being written, then collected them again in the old
 * generation (a mark-compact every few pages, ~10 ms scavenges). A batch goes in parts that each die
 * before the next is read; the thread applies it once the last has come, all in one transaction.
 */
const MESSAGE_PARAMETERS = 4096;

type Reply = { applied: number } | { committed: number[] } | { failed: number[]; error: { message: string; code?: string } };

interface Waiting {
  worker: Worker;
  applied: Deferred;
  committed: Deferred;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may only ever look at one of the two promises of a batch; the other must not count as unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export class SqliteWriterThread {
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #waiting = new Map<number, Waiting>();

  constructor(private readonly file: string) {}

  /**
   * Applies the queries on the writer thread (started on first use) as one unit, inside the transaction
   * open there. `writer` names the sequence the batch belongs to: once one of its batches is lost, its
   * later ones are refused.
   */
  run(writer: number, queries: BatchQuery[]): BatchRun {
    const worker = (this.#worker ??= this.#start());
    const id = ++this.#nextId;
    const waiting: Waiting = { worker, applied: deferred(), committed: deferred() };
    this.#waiting.set(id, waiting);
    // Only while a batch is uncommitted may the thread keep the process alive.
    worker.ref();
    const parts = messageParts(queries);
    parts.forEach((part, at) => worker.postMessage({ id, writer, queries: part, last: at === parts.length - 1 }));
    return { applied: waiting.applied.promise, committed: waiting.committed.promise };
  }

  /** Commits the open transaction now rather than when it would by itself. */
  flush(): void {
    this.#worker?.postMessage({ flush: true });
  }

  /** Lets the thread commit what it has applied, then stops it. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Otherwise a process with nothing else to do would exit before the thread has closed its connection.
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  #start(): Worker {
    const worker = new Worker(new URL('./sqlite-writer-thread.js', import.meta.url), {
      workerData: {
        file: this.file,
        pragmas: [...SQLITE_CONNECTION_PRAGMAS, WRITER_CACHE],
        busyTimeoutMs: BUSY_TIMEOUT_MS,
        groupParameters: GROUP_PARAMETERS,
        groupMs: GROUP_MS,
        idleMs: IDLE_MS,
      },
      // Not the parent's flags: they load the TypeScript loader, which the plain-JavaScript thread does not need.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: OLD_SPACE_MB, maxYoungGenerationSizeMb: YOUNG_SPACE_MB },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if ('applied' in reply) {
        this.#waiting.get(reply.applied)?.applied.resolve();
        return;
      }
      const error = 'failed' in reply ? Object.assign(new Error(reply.error.message), { code: reply.error.code }) : undefined;
      for (const id of 'failed' in reply ? reply.failed : reply.committed) {
        const waiting = this.#waiting.get(id);
        this.#waiting.delete(id);
        if (error) {
          waiting?.applied.reject(error);
          waiting?.committed.reject(error);
        } else {
          waiting?.committed.resolve();
        }
      }
      if (![...this.#waiting.values()].some((w) => w.worker === worker)) worker.unref();
    });
    // A thread that dies (out of memory, a native crash) takes its open transaction with it: SQLite rolls
    // it back. Whatever was uncommitted fails, and the next batch starts a fresh thread.
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', (code) => this.#fail(worker, new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    return worker;
  }

  #fail(worker: Worker, error: Error): void {
    if (this.#worker === worker) this.#worker = undefined;
    for (const [id, waiting] of this.#waiting) {
      if (waiting.worker !== worker) continue;
      this.#waiting.delete(id);
      waiting.applied.reject(error);
      waiting.committed.reject(error);
    }
  }
}

type ThreadQuery = { sql: string; parameters: readonly unknown[]; rowWidth?: number };

/** The batch's queries split into messages: row-by-row queries by whole rows, others as they are. */
function messageParts(queries: BatchQuery[]): ThreadQuery[][] {
  const parts: ThreadQuery[][] = [[]];
  let size = 0;
  const add = (query: ThreadQuery) => {
    if (size > 0 && size + query.parameters.length > MESSAGE_PARAMETERS) {
      parts.push([]);
      size = 0;
    }
    (parts[parts.length - 1] as ThreadQuery[]).push(query);
    size += query.parameters.length;
  };
  for (const q of queries) {
    if (!q.eachRow) {
      add({ sql: q.sql, parameters: q.parameters });
      continue;
    }
    const { sql, width } = q.eachRow;
    const step = Math.max(width, MESSAGE_PARAMETERS - (MESSAGE_PARAMETERS % width));
    for (let at = 0; at < q.parameters.length; at += step) {
      add({ sql, parameters: q.parameters.slice(at, at + step), rowWidth: width });
    }
  }
  return parts;
}
