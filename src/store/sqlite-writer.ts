// Sync batches on SQLite are written by a second connection on a thread of their own. better-sqlite3 is
// synchronous: on the main thread a batch's upserts and commit (~45 µs per 2 KB record at 200 000 rows,
// docs/benchmarks.md) stop everything else, including reading and parsing the next page. On a thread the
// two overlap, and the main thread only encodes parameters. Each batch is one transaction, as before.
import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
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

interface Reply {
  id: number;
  error?: { message: string; code?: string };
}

export class SqliteWriterThread {
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #waiting = new Map<number, { worker: Worker; resolve: () => void; reject: (error: Error) => void }>();

  constructor(private readonly file: string) {}

  /** Runs the queries as one transaction on the writer thread, started on first use. */
  run(queries: CompiledQuery[]): Promise<void> {
    const worker = (this.#worker ??= this.#start());
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { worker, resolve, reject });
      // Only while a batch is in flight may the thread keep the process alive.
      worker.ref();
      worker.postMessage({ id, queries: queries.map((q) => ({ sql: q.sql, parameters: q.parameters })) });
    });
  }

  /** Lets the thread finish the batch it is writing, then stops it. */
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
      },
      // Not the parent's flags: they load the TypeScript loader, which the plain-JavaScript thread does not need.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: OLD_SPACE_MB, maxYoungGenerationSizeMb: YOUNG_SPACE_MB },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (![...this.#waiting.values()].some((w) => w.worker === worker)) worker.unref();
      if (!reply.error) waiting?.resolve();
      else waiting?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    // A thread that dies (out of memory, a native crash) takes its open transaction with it: SQLite rolls
    // it back. Whatever was queued fails, and the next batch starts a fresh thread.
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', (code) => this.#fail(worker, new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    return worker;
  }

  #fail(worker: Worker, error: Error): void {
    if (this.#worker === worker) this.#worker = undefined;
    for (const [id, waiting] of this.#waiting) {
      if (waiting.worker !== worker) continue;
      this.#waiting.delete(id);
      waiting.reject(error);
    }
  }
}
