// Every v1 and admin request, and every request for a path no route serves, leaves one row in the
// append-only audit trail: key, route, connections, resource ids, status, records returned, time. Rows
// are written behind the response in small batches (one insert per batch instead of per request);
// close() and flush() write what is pending, and a failed write is logged with the entries it lost.
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntry, AuditRepo } from '../../store/index.ts';
import { redactKeys } from '../keys.ts';

/** What a route says about the data it touched. */
export interface AuditNote {
  connectionIds: Set<string>;
  resourceIds: string[];
  records: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    auditNote: AuditNote | null;
  }
}

/** For routes: the connections and resources this request read, and how many records it returned. */
export function noteAudit(
  request: FastifyRequest,
  note: { connectionIds?: Iterable<string>; resourceIds?: readonly string[]; records?: number },
): void {
  request.auditNote ??= { connectionIds: new Set(), resourceIds: [], records: 0 };
  for (const id of note.connectionIds ?? []) request.auditNote.connectionIds.add(id);
  request.auditNote.resourceIds.push(...(note.resourceIds ?? []));
  request.auditNote.records += note.records ?? 0;
}

export interface AuditWriter {
  push(entry: AuditEntry): void;
  /** Writes what is pending now (before reading the trail, and at shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const BATCH = 200;
const DELAY_MS = 200;

export function createAuditWriter(repo: AuditRepo, log: FastifyBaseLogger): AuditWriter {
  let pending: AuditEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    // Batches are written one after another, so the trail's order is the order of the responses.
    writing = writing.then(async () => {
      if (!batch.length) return;
      try {
        await repo.insert(batch);
      } catch (err) {
        log.error({ err, lost: batch }, 'could not write the API audit trail');
      }
    });
    return writing;
  };

  return {
    push(entry) {
      pending.push(entry);
      if (pending.length >= BATCH) void flush();
      else timer ??= setTimeout(() => void flush(), DELAY_MS);
    },
    flush,
    close: flush,
  };
}

/** The audit row of an answered request. */
export function auditEntry(request: FastifyRequest, reply: FastifyReply): AuditEntry {
  const note = request.auditNote;
  return {
    at: new Date(Date.now() - reply.elapsedTime),
    keyId: request.principal?.keyId ?? null,
    keyName: request.principal?.keyName ?? null,
    method: request.method,
    // None when the router refused the URL before choosing a route (plugins/errors.ts).
    route: request.routeOptions?.url ?? null,
    path: redactKeys(request.url.split('?')[0] ?? '').slice(0, 2048),
    status: reply.statusCode,
    errorCode: request.errorCode,
    connectionIds: [...(note?.connectionIds ?? [])],
    resourceIds: note?.resourceIds ?? [],
    records: note?.records ?? 0,
    durationMs: reply.elapsedTime,
    ip: request.ip,
  };
}

/** `audited` decides which requests are recorded (the app leaves out health checks, metrics and docs). */
export function registerAudit(app: FastifyInstance, writer: AuditWriter, audited: (request: FastifyRequest) => boolean): void {
  app.decorateRequest('auditNote', null);
  app.addHook('onResponse', async (request, reply) => {
    if (audited(request)) writer.push(auditEntry(request, reply));
  });
  app.addHook('onClose', () => writer.close());
}
