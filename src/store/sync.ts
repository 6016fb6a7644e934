// Sync bookkeeping: one cursor per (connection, stream, partition), written in the same transaction as
// the records it covers, and one row per run for history and the operator's "what happened".
import { randomUUID } from 'node:crypto';
import type { CompiledQuery, Kysely, Selectable } from 'kysely';
import type { Codec } from './codec.ts';
import type { Database, SyncRunStatus, SyncRunsTable, Tx } from './schema.ts';

export interface SyncRunRow {
  id: string;
  connectionId: string;
  stream: string;
  /** 'running' until finishRun, or forever if the process died mid-run. */
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  records: number;
  pages: number;
  error: string | null;
  details: unknown;
}

export interface FinishRunInput {
  status: 'succeeded' | 'failed' | 'skipped';
  finishedAt: Date;
  records: number;
  pages: number;
  error?: string | null;
  details?: unknown;
}

export interface SyncRepo {
  /** The stored JSON cursor, or null when the stream has none yet. */
  getCursor(connectionId: string, stream: string, partition?: string): Promise<unknown | null>;
  setCursor(tx: Tx, connectionId: string, stream: string, cursor: unknown, partition?: string): Promise<void>;
  /** The statement `setCursor` runs, for a caller that runs it elsewhere (a batch writer). */
  setCursorQuery(connectionId: string, stream: string, cursor: unknown, partition?: string): CompiledQuery;
  /** Forgets the cursors of one stream (all partitions), or of every stream when none is named. */
  clearCursors(connectionId: string, stream?: string): Promise<void>;
  startRun(input: { connectionId: string; stream: string; startedAt: Date }): Promise<string>;
  finishRun(runId: string, result: FinishRunInput): Promise<void>;
  /** Newest first; default limit 50. */
  listRuns(opts?: { connectionId?: string; limit?: number }): Promise<SyncRunRow[]>;
  /** Keyset pages for the read API: newest first by insertion order, before `beforeSeq`. */
  pageRuns(q: RunPageQuery): Promise<Array<SyncRunRow & { seq: number }>>;
}

export interface RunPageQuery {
  /** Only runs of these connections; none gives an empty page. */
  connectionIds: readonly string[];
  stream?: string;
  status?: SyncRunStatus;
  beforeSeq?: number;
  limit: number;
}

/** Unpartitioned streams use '' so the primary key never contains NULL (NULLs never conflict). */
const NO_PARTITION = '';

export function createSyncRepo(db: Kysely<Database>, codec: Codec): SyncRepo {
  const toRun = (r: Selectable<SyncRunsTable>): SyncRunRow => ({
    id: r.id,
    connectionId: r.connection_id,
    stream: r.stream,
    status: r.status,
    startedAt: codec.readTimestamp(r.started_at),
    finishedAt: codec.readNullableTimestamp(r.finished_at),
    records: r.records,
    pages: r.pages,
    error: r.error,
    details: codec.readJson(r.details),
  });

  function setCursorQuery(connectionId: string, stream: string, cursor: unknown, partition = NO_PARTITION): CompiledQuery {
    const values = { cursor: JSON.stringify(cursor ?? null), updated_at: codec.timestamp(new Date()) };
    return db
      .insertInto('sync_state')
      .values({ connection_id: connectionId, stream, partition, ...values })
      .onConflict((oc) => oc.columns(['connection_id', 'stream', 'partition']).doUpdateSet(values))
      .compile();
  }

  return {
    async getCursor(connectionId, stream, partition = NO_PARTITION) {
      const row = await db
        .selectFrom('sync_state')
        .select('cursor')
        .where('connection_id', '=', connectionId)
        .where('stream', '=', stream)
        .where('partition', '=', partition)
        .executeTakeFirst();
      return row ? codec.readJson(row.cursor) : null;
    },

    async setCursor(tx, connectionId, stream, cursor, partition = NO_PARTITION) {
      await tx.executeQuery(setCursorQuery(connectionId, stream, cursor, partition));
    },

    setCursorQuery,

    async clearCursors(connectionId, stream) {
      let query = db.deleteFrom('sync_state').where('connection_id', '=', connectionId);
      if (stream !== undefined) query = query.where('stream', '=', stream);
      await query.execute();
    },

    async startRun(input) {
      const id = randomUUID();
      await db
        .insertInto('sync_runs')
        .values({
          id,
          connection_id: input.connectionId,
          stream: input.stream,
          status: 'running',
          started_at: codec.timestamp(input.startedAt),
          finished_at: null,
          records: 0,
          pages: 0,
          error: null,
          details: null,
        })
        .execute();
      return id;
    },

    async finishRun(runId, result) {
      const update = await db
        .updateTable('sync_runs')
        .set({
          status: result.status,
          finished_at: codec.timestamp(result.finishedAt),
          records: result.records,
          pages: result.pages,
          error: result.error ?? null,
          details: result.details === undefined ? null : JSON.stringify(result.details),
        })
        .where('id', '=', runId)
        .executeTakeFirst();
      if (update.numUpdatedRows === 0n) throw new Error(`no sync run ${runId}`);
    },

    async listRuns(opts) {
      let query = db
        .selectFrom('sync_runs')
        .selectAll()
        .orderBy('started_at', 'desc')
        .orderBy('seq', 'desc')
        .limit(opts?.limit ?? 50);
      if (opts?.connectionId !== undefined) query = query.where('connection_id', '=', opts.connectionId);
      return (await query.execute()).map(toRun);
    },

    async pageRuns(q) {
      if (!q.connectionIds.length) return [];
      let query = db
        .selectFrom('sync_runs')
        .selectAll()
        .where('connection_id', 'in', q.connectionIds)
        .orderBy('seq', 'desc')
        .limit(q.limit);
      if (q.stream !== undefined) query = query.where('stream', '=', q.stream);
      if (q.status !== undefined) query = query.where('status', '=', q.status);
      if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
      // PostgreSQL hands bigint back as text.
      return (await query.execute()).map((r) => ({ ...toRun(r), seq: Number(r.seq) }));
    },
  };
}
