// Sync batches are written as a pipeline: each batch commits whole and with its cursor (so a crash never
// loses or doubles anything), batches commit strictly in order, and the caller reads and encodes the next
// batch while the current one is being written. A store may let consecutive batches share a transaction
// (SQLite does, sqlite-writer.ts); a batch is then `applied` before it is committed.
import type { CompiledQuery } from 'kysely';

/**
 * A query of a batch. A multi-row statement may also say how to run it one row at a time (`eachRow`: the
 * statement for one row, and how many parameters a row has). SQLite's writer thread does: inside a
 * transaction, a multi-row upsert journals every page it touches so that it can be undone alone, and
 * the same rows upserted one by one need no such journal (docs/benchmarks.md §1). Anything else runs
 * `sql` with all the parameters.
 */
export type BatchQuery = CompiledQuery & { eachRow?: { sql: string; width: number } };

export interface BatchWriter {
  /**
   * Queues one batch of `queries`, which is applied once the previous one has been. Resolves when that
   * previous batch has been applied, so a caller that awaits each write has at most one batch in flight;
   * rejects once any earlier batch is known to have failed. After a failure nothing queued later is
   * written. `onCommit` runs once this batch, and every batch before it, has committed.
   */
  write(queries: BatchQuery[], onCommit?: () => void): Promise<void>;
  /** Commits everything queued and waits until each batch has committed or failed; rejects with the first failure. */
  drain(): Promise<void>;
}

/** One batch handed to the store: applied (its statements have run) and committed. */
export interface BatchRun {
  applied: Promise<void>;
  committed: Promise<void>;
}

/** `run` applies one batch; `flush` asks for whatever is applied to be committed now. */
export function createBatchWriter(run: (queries: BatchQuery[]) => BatchRun, flush: () => void = () => {}): BatchWriter {
  let applied: Promise<void> = Promise.resolve();
  // Every batch's commit, once it has either happened (and onCommit has run) or failed: a batch applied
  // before a failure may still commit after it. Commits come in order and nothing commits after a lost
  // batch, so each batch's onCommit follows those of the batches before it without a chain of its own.
  let settled: Promise<unknown> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const remember = (error: unknown) => {
    failure ??= { error };
  };
  const throwIfFailed = () => {
    if (failure) throw failure.error;
  };
  return {
    write(queries, onCommit) {
      const previous = applied;
      // Two steps, so that nothing holds the queries (megabytes of parameters) once `run` has taken them.
      const started = previous.then(() => {
        // A batch that failed after the previous one was applied (its commit, or a writer thread that
        // died) must stop this one too: it would commit past the lost one.
        throwIfFailed();
        return run(queries);
      });
      applied = started.then((r) => r.applied);
      // Reported by the next write or by drain; until then it must not count as unhandled.
      applied.catch(() => undefined);
      const committed = started.then((r) => r.committed);
      settled = Promise.all([settled, committed.then(onCommit).catch(remember)]);
      return previous.then(throwIfFailed);
    },
    drain: () =>
      applied
        .then(flush, flush)
        .then(() => settled)
        .then(throwIfFailed),
  };
}
