// The SQLite sync writer's thread (see sqlite-writer.ts). Plain JavaScript: a worker started without the
// parent's TypeScript loader costs neither its start-up time nor its memory.
//
// Consecutive batches of one writer share a transaction. Platform ids arrive in random order, so every
// commit rewrites pages all over the primary-key index: committing every 1 000 records wrote ~16 KB of
// WAL per interaction, four pages at a time half as much (docs/benchmarks.md §1). A batch is applied into
// the open transaction and reported `applied`, so the sync reads on; the transaction commits once it
// holds `groupParameters` bound values or is `groupMs` old, when no batch has come for `idleMs`, when a
// batch of another writer comes, or on `flush`. Every batch still commits whole and with its cursor.
// There is no savepoint per batch: it would journal every page the batch touches, a fifth of the
// writer's time. So a failure loses all the writer's batches not yet committed, and the writer is refused
// from then on, so that nothing later can commit past them.
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

/** The open transaction: its writer and the batches applied in it. */
let open;
let idleTimer;
/**
 * Writers that lost a batch, with the error; their later batches are refused. A writer sends nothing once
 * it has heard of the failure, so an entry only has to outlive the batches already on their way: the
 * oldest entries beyond a thousand are dropped.
 */
const failedWriters = new Map();
const FAILED_WRITERS_KEPT = 1000;

/** One message: a part of batch `id` (sqlite-writer.ts splits batches); `last` ends the batch. */
function apply({ id, writer, queries, last }) {
  const refused = failedWriters.get(writer);
  if (refused) {
    if (last) parentPort.postMessage({ failed: [id], error: refused });
    return;
  }
  clearTimeout(idleTimer);
  // A transaction holds one writer's batches only, so that a failure loses no one else's. The parts of
  // a batch come one after the other: the main thread posts them together.
  if (open && open.writer !== writer) commit();
  try {
    if (!open) {
      db.exec('begin immediate');
      open = { writer, ids: [], parameters: 0, since: Date.now() };
    }
    if (open.ids[open.ids.length - 1] !== id) open.ids.push(id);
    for (const { sql, parameters, rowWidth } of queries) {
      const statement = prepare(sql);
      if (!rowWidth) statement.run(parameters);
      else for (let at = 0; at < parameters.length; at += rowWidth) statement.run(parameters.slice(at, at + rowWidth));
      open.parameters += parameters.length;
    }
  } catch (error) {
    transactionFailed(error, writer, id);
    return;
  }
  if (!last) return;
  parentPort.postMessage({ applied: id });
  if (open.parameters >= groupParameters || Date.now() - open.since >= groupMs) commit();
  else idleTimer = setTimeout(commit, idleMs);
}

function commit() {
  clearTimeout(idleTimer);
  if (!open) return;
  try {
    db.exec('commit');
  } catch (error) {
    transactionFailed(error, open.writer);
    return;
  }
  parentPort.postMessage({ committed: open.ids });
  open = undefined;
}

/**
 * Rolls back the open transaction: its batches are lost, and so is the batch that could not begin one.
 * Their writer is refused from now on.
 */
function transactionFailed(error, writer, id) {
  const ids = open?.ids ?? [id];
  open = undefined;
  if (db.inTransaction) db.exec('rollback');
  const reported = { message: String(error?.message ?? error), code: error?.code };
  failedWriters.set(writer, reported);
  for (const old of failedWriters.keys()) {
    if (failedWriters.size <= FAILED_WRITERS_KEPT) break;
    failedWriters.delete(old);
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
