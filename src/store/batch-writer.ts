// Sync batches are written as a pipeline: each batch is one transaction (its records and its cursor
// together, so a crash never loses or doubles anything), the transactions commit strictly in order, and
// the caller reads and encodes the next batch while the current one is being written.
import type { CompiledQuery } from 'kysely';

export interface BatchWriter {
  /**
   * Queues one transaction of `queries`, which starts once the previous one has committed. Resolves when
   * that previous transaction has committed and rejects if it failed, so a caller that awaits each write
   * has at most one transaction in flight. After a failure nothing queued later is written. `onCommit`
   * runs once this transaction has committed.
   */
  write(queries: CompiledQuery[], onCommit?: () => void): Promise<void>;
  /** Waits until everything queued has committed; rejects with the first failure. */
  drain(): Promise<void>;
}

/** `run` executes one batch as one transaction. */
export function createBatchWriter(run: (queries: CompiledQuery[]) => Promise<void>): BatchWriter {
  let last: Promise<void> = Promise.resolve();
  return {
    write(queries, onCommit) {
      const previous = last;
      // Two steps, so that nothing holds the queries (megabytes of parameters) once `run` has taken them.
      last = previous.then(() => run(queries)).then(onCommit);
      // Reported by the next write or by drain; until then it must not count as unhandled.
      last.catch(() => undefined);
      return previous;
    },
    drain: () => last,
  };
}
