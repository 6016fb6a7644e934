// The SQLite sync writer's thread (see sqlite-writer.ts). Plain JavaScript: a worker started without the
// parent's TypeScript loader costs neither its start-up time nor its memory.
//
// Consecutive batches share a transaction. Platform ids arrive in random order, so every commit rewrites
// pages all over the primary-key index: committing every 1 000 records wrote ~16 KB of WAL per
// interaction, four pages at a time half as much (docs/benchmarks.md §1). A batch is applied into the open
// transaction and reported `applied`, so the sync reads on; the transaction commits once it holds
// `groupParameters` bound values or is `groupMs` old, when no batch has come for `idleMs`, or on `flush`.
// Every batch still commits whole and with its cursor; a failure rolls back every batch of the
// transaction, and the writers they came from are refused from then on, so nothing later can commit
// past the lost batches.
import { clearTimeout, setTimeout } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, pragmas, busyTimeoutMs, groupParameters, groupMs, idleMs } = workerData;
const db = new Database(file);
for (const pragma of pragmas) db.pragma(pragma);
// This thread only writes, so it may block while another connection holds the write lock; the main
// thread's connection waits without blocking instead (sqlite-dialect.ts).
db.pragma(`busy_timeout = ${busyTimeoutMs}`);

/** A sync repeats a few statements (one upsert per entity and row count, the cursor) many times. */
const statements = new Map();
function prepare(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= 100) statements.clear();
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/** The open transaction: the batches applied in it and the writers they came from. */
let open;
let idleTimer;
/**
 * Writers that lost a batch, with the error; their later batches are refused. A writer sends nothing once
 * it has heard of the failure, so an entry only has to outlive the batches already on their way: the
 * oldest entries beyond a thousand are dropped.
 */
const failedWriters = new Map();
const FAILED_WRITERS_KEPT = 1000;

function apply({ id, writer, queries }) {
  const refused = failedWriters.get(writer);
  if (refused) {
    parentPort.postMessage({ failed: [id], error: refused });
    return;
  }
  clearTimeout(idleTimer);
  try {
    if (!open) {
      db.exec('begin immediate');
      open = { ids: [], writers: new Set(), parameters: 0, since: Date.now() };
    }
    // A savepoint per batch: a batch that fails takes only itself back, not the others sharing the transaction.
    db.exec('savepoint batch');
    for (const { sql, parameters } of queries) {
      prepare(sql).run(parameters);
      open.parameters += parameters.length;
    }
    db.exec('release batch');
  } catch (error) {
    batchFailed(id, writer, error);
    return;
  }
  open.ids.push(id);
  open.writers.add(writer);
  parentPort.postMessage({ applied: id });
  if (open.parameters >= groupParameters || Date.now() - open.since >= groupMs) commit();
  else idleTimer = setTimeout(commit, idleMs);
}

function batchFailed(id, writer, error) {
  // Some errors (a full disk, an I/O error) make SQLite roll the whole transaction back by itself.
  if (open && db.inTransaction) {
    db.exec('rollback to batch');
    db.exec('release batch');
    reportFailed([id], [writer], error);
    if (open.ids.length === 0) commit();
    else idleTimer = setTimeout(commit, idleMs);
  } else {
    transactionFailed(error, id, writer);
  }
}

function commit() {
  clearTimeout(idleTimer);
  if (!open) return;
  try {
    db.exec('commit');
  } catch (error) {
    transactionFailed(error);
    return;
  }
  parentPort.postMessage({ committed: open.ids });
  open = undefined;
}

/** Everything in the open transaction is lost, plus the batch being applied, if any. */
function transactionFailed(error, id, writer) {
  const ids = [...(open?.ids ?? []), ...(id === undefined ? [] : [id])];
  const writers = [...(open?.writers ?? []), ...(writer === undefined ? [] : [writer])];
  open = undefined;
  if (db.inTransaction) db.exec('rollback');
  reportFailed(ids, writers, error);
}

function reportFailed(ids, writers, error) {
  const reported = { message: String(error?.message ?? error), code: error?.code };
  for (const writer of writers) failedWriters.set(writer, reported);
  for (const writer of failedWriters.keys()) {
    if (failedWriters.size <= FAILED_WRITERS_KEPT) break;
    failedWriters.delete(writer);
  }
  parentPort.postMessage({ failed: ids, error: reported });
}

parentPort.on('message', (message) => {
  if (message.flush) {
    commit();
  } else if (message.close) {
    commit();
    db.close();
    parentPort.close();
  } else {
    apply(message);
  }
});
