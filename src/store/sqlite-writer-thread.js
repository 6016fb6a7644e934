// The SQLite sync writer's thread (see sqlite-writer.ts). Plain JavaScript: a worker started without the
// parent's TypeScript loader costs neither its start-up time nor its memory.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
// This thread only writes, so it may block while another connection holds the write lock; the main
// thread's connection waits without blocking instead (sqlite-dialect.ts).
db.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);

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

function runBatch(queries) {
  db.exec('begin immediate');
  try {
    for (const { sql, parameters } of queries) prepare(sql).run(parameters);
    db.exec('commit');
  } catch (error) {
    if (db.inTransaction) db.exec('rollback');
    throw error;
  }
}

parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    runBatch(message.queries);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error?.message ?? error), code: error?.code } });
  }
});
