// Runs a connection's streams into the store. Each batch's records and its cursor are written in one
// transaction, so a crash at any point resumes with nothing lost and nothing doubled. Snapshot streams
// mark what they no longer see as deleted once a full pass succeeded. A stream lacking a permission is
// skipped with the platform's own name for it; a rejected credential stops every stream at once and
// marks the connection so no scheduled run asks again.
import type { ConnectorDefinition, PendingParent, StreamDefinition, SyncOptions } from '../connectors/connector.ts';
import type { Entity, EntityRecords, TaggedRecord } from '../model.ts';
import type { ConnectionRow, Store } from '../store/index.ts';
import type { BlobStore } from './blob-store.ts';
import { CredentialRejectedError, MissingPermissionError } from './errors.ts';
import type { HttpEvent } from './http-client.ts';
import { StreamProgress, type ProgressEvent, type StreamResult } from './progress.ts';
import { openSession, type Session } from './session.ts';

export interface SyncRequest {
  store: Store;
  blobs: BlobStore;
  connector: ConnectorDefinition;
  connection: ConnectionRow;
  secrets: Record<string, string>;
  options: SyncOptions;
  /** Stream names to run; default all, in the connector's order. */
  streams?: string[];
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  onHttp?: (event: HttpEvent) => void;
}

export interface SyncSummary {
  connection: string;
  platform: string;
  status: 'succeeded' | 'partial' | 'failed';
  seconds: number;
  streams: StreamResult[];
  /** Live (not deleted) records per entity after the run. */
  counts: Partial<Record<Entity, number>>;
  /** Entities the platform does not have, with where that data lives instead. */
  unavailable: Partial<Record<Entity, string>>;
}

/** Refuses to run a connection whose credentials the platform rejected, until an operator acts. */
export class ConnectionBlockedError extends Error {
  override readonly name = 'ConnectionBlockedError';
}

export async function runSync(req: SyncRequest): Promise<SyncSummary> {
  const { store, connector, connection } = req;
  if (connection.status === 'auth_failed') {
    throw new ConnectionBlockedError(
      `connection "${connection.name}" is blocked: the platform rejected its credentials (${connection.statusReason ?? 'no reason given'}). ` +
        `Nothing will be sent until you fix them: \`switchboard connections update ${connection.name}\`, or retry once with \`switchboard connections test ${connection.name}\`.`,
    );
  }
  const streams = selectStreams(connector, req.streams);
  const controller = new AbortController();
  const signal = req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal;
  const session = openSession(
    connector,
    { settings: connection.settings, secrets: req.secrets },
    {
      signal,
      onEvent: req.onHttp,
      lockout: { store: store.connections, connectionId: connection.id, credentialVersion: connection.credentialVersion },
    },
  );
  const started = performance.now();
  const results: StreamResult[] = [];
  let credentialFailure: CredentialRejectedError | undefined;

  try {
    for (const stream of streams) {
      if (credentialFailure) {
        results.push({
          stream: stream.name,
          status: 'skipped',
          records: 0,
          pages: 0,
          seconds: 0,
          reason: 'not attempted: the platform rejected the credentials',
        });
        continue;
      }
      req.onProgress?.({ type: 'stream-start', connection: connection.name, stream: stream.name });
      const { result, error } = await runStream(req, stream, session);
      if (error instanceof CredentialRejectedError) credentialFailure = error;
      results.push(result);
      req.onProgress?.({ type: 'stream-end', connection: connection.name, stream: stream.name, result });
      if (signal.aborted && !credentialFailure) break;
    }
  } finally {
    await session.close();
  }

  if (credentialFailure) {
    await store.connections.setStatus(connection.id, 'auth_failed', credentialFailure.reason, connection.credentialVersion);
  } else if (results.some((r) => r.status === 'succeeded')) {
    await store.connections.setStatus(connection.id, 'ok', null, connection.credentialVersion);
  }
  const counts: Partial<Record<Entity, number>> = {};
  for (const entity of new Set(connector.streams.flatMap((s) => s.entities))) {
    counts[entity] = await store.records.count(connection.id, entity);
  }
  const failed = results.filter((r) => r.status !== 'succeeded').length;
  return {
    connection: connection.name,
    platform: connector.id,
    status: failed === 0 ? 'succeeded' : failed === results.length ? 'failed' : 'partial',
    seconds: (performance.now() - started) / 1000,
    streams: results,
    counts,
    unavailable: connector.unavailable ?? {},
  };
}

function selectStreams(connector: ConnectorDefinition, names: string[] | undefined): StreamDefinition[] {
  if (!names?.length) return connector.streams;
  for (const name of names) {
    if (!connector.streams.some((s) => s.name === name)) {
      const missing = Object.entries(connector.unavailable ?? {}).map(([entity, why]) => `\n  ${entity}: ${why}`);
      throw new Error(
        `${connector.title} has no stream "${name}"; streams: ${connector.streams.map((s) => s.name).join(', ')}` +
          (missing.length ? `\nNot available from ${connector.title}:${missing.join('')}` : ''),
      );
    }
  }
  return connector.streams.filter((s) => names.includes(s.name));
}

async function runStream(req: SyncRequest, stream: StreamDefinition, session: Session): Promise<{ result: StreamResult; error?: unknown }> {
  const { store, connection, options } = req;
  const runStartedAt = new Date();
  const runId = await store.sync.startRun({ connectionId: connection.id, stream: stream.name, startedAt: runStartedAt });
  const progress = new StreamProgress(connection.name, stream.name);
  const writer = store.batchWriter();
  let scope: string | undefined;
  // Snapshot streams always make a full pass: their deletion marking needs every record seen in one run.
  const cursor = options.full || stream.kind === 'snapshot' ? null : await store.sync.getCursor(connection.id, stream.name);
  try {
    const { close: _close, ...context } = session;
    const batches = stream.read({
      ...context,
      cursor,
      options,
      runStartedAt,
      storeBlob: (key, body) => req.blobs.put(`${connection.id}/${key}`, body),
      pendingParents: (doneStates, batchSize) => pendingParents(req, stream, doneStates, batchSize),
    });
    for await (const batch of readAhead(batches)) {
      const at = new Date();
      const queries = [...groupByEntity(batch.records)].flatMap(([entity, records]) =>
        store.records.upsertQueries(connection.id, entity, records, { runId, at }),
      );
      if (batch.cursor !== undefined) queries.push(store.sync.setCursorQuery(connection.id, stream.name, batch.cursor));
      // The commit callback keeps only these: the records themselves may be freed while they are written.
      const done = { records: batch.records.length, pages: batch.pages ?? 0, total: batch.total, scope: batch.scope };
      // Waits for the previous batch to commit: while this one is written, the next one is read.
      await writer.write(queries, () => {
        if (done.scope) scope = done.scope;
        // Counted on commit, and before the optional call (whose arguments are skipped when nobody
        // listens): the summary's totals are what is stored.
        const event = progress.add(done.records, done.pages, done.total);
        req.onProgress?.(event);
      });
    }
    await writer.drain();
    let deleted = 0;
    if (stream.kind === 'snapshot') {
      deleted = await store.transaction(async (tx) => {
        let n = 0;
        for (const entity of stream.entities) n += await store.records.markUnseenDeleted(tx, connection.id, entity, runId, new Date());
        return n;
      });
    }
    await store.sync.finishRun(runId, {
      status: 'succeeded',
      finishedAt: new Date(),
      records: progress.records,
      pages: progress.pages,
      details: { deleted },
    });
    return {
      result: {
        stream: stream.name,
        status: 'succeeded',
        records: progress.records,
        pages: progress.pages,
        seconds: progress.elapsedSeconds(),
        deleted,
        ...(scope ? { scope } : {}),
      },
    };
  } catch (error) {
    // A batch still being written when reading failed counts if it commits; a failed write is `error` itself.
    await writer.drain().catch(() => undefined);
    const skipped = error instanceof MissingPermissionError;
    const result: StreamResult = {
      stream: stream.name,
      status: skipped ? 'skipped' : 'failed',
      records: progress.records,
      pages: progress.pages,
      seconds: progress.elapsedSeconds(),
      ...(scope ? { scope } : {}),
      reason: skipped ? describeMissing(req.connector, error) : error instanceof Error ? error.message : String(error),
    };
    await store.sync.finishRun(runId, {
      status: result.status,
      finishedAt: new Date(),
      records: result.records,
      pages: result.pages,
      error: result.reason ?? null,
    });
    return { result, error };
  }
}

/** "missing permission routing:queue:view (Routing > Queue > View)", in the platform's words. */
export function describeMissing(connector: ConnectorDefinition, err: MissingPermissionError): string {
  const named = err.permissions.map((p) => {
    const label = connector.permissions[p]?.label;
    return label ? `${p} (${label})` : p;
  });
  const lead =
    err.mode === 'any' && named.length > 1
      ? 'missing permission, any one of'
      : named.length > 1
        ? 'missing permissions'
        : 'missing permission';
  return `${lead} ${named.join(', ')}${err.platformMessage ? ` (the platform says: ${err.platformMessage})` : ''}`;
}

function groupByEntity(records: TaggedRecord[]): Map<Entity, EntityRecords[Entity][]> {
  const groups = new Map<Entity, EntityRecords[Entity][]>();
  for (const { entity, record } of records) {
    const list = groups.get(entity);
    if (list) list.push(record);
    else groups.set(entity, [record]);
  }
  return groups;
}

async function* pendingParents(
  req: SyncRequest,
  stream: StreamDefinition,
  doneStates: string[],
  limit: number,
): AsyncIterable<PendingParent[]> {
  const dep = stream.dependsOn;
  if (!dep) throw new Error(`stream "${stream.name}" declares no dependsOn`);
  const child = stream.entities[0] as Entity;
  let afterExternalId: string | undefined;
  for (;;) {
    const page = await req.store.records.pendingParents({
      connectionId: req.connection.id,
      parent: dep.parent,
      parentWhere: dep.where,
      child,
      childLinkField: dep.linkField,
      childStateField: dep.stateField,
      doneStates,
      afterExternalId,
      limit,
    });
    if (!page.length) return;
    yield page;
    afterExternalId = page[page.length - 1]?.externalId;
  }
}

/**
 * Starts fetching the next batch while the current one is being written, so network and database
 * work overlap. Batches still arrive, and their cursors commit, strictly in order.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = it.next();
      // A failure of the prefetch surfaces when it is awaited; until then it must not go unhandled.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await it.return?.();
  }
}
