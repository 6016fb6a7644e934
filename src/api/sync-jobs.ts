// Syncs started through POST /admin/connections/{id}/sync, run in this process in the background: the
// request answers at once, the runs land in sync_runs (GET /v1/sync-runs) and in /metrics. The streams are
// the connection's chosen features' and the doctor checks the credential first, as `switchboard sync`
// does. One sync per connection at a time here; the platform lease (engine) guards across processes.
import type { FastifyBaseLogger } from 'fastify';
import { requireConnector } from '../connectors/catalog.ts';
import { connectionSecrets, getConnection, type Services } from '../connections/service.ts';
import { connectionFeatures, streamsFor } from '../doctor/features.ts';
import { runDoctor } from '../doctor/run.ts';
import { createBlobStore } from '../engine/blob-store.ts';
import { runSync } from '../engine/sync-runner.ts';
import type { ConnectionRow } from '../store/index.ts';
import { ApiError } from './errors.ts';
import type { ApiMetrics } from './plugins/metrics.ts';

export interface SyncJobOptions {
  streams?: string[];
  full?: boolean;
  media?: boolean;
}

export interface SyncJobs {
  /** Starts a sync of the connection; 409 when one is running here already or the connection is blocked. */
  start(row: ConnectionRow, opts: SyncJobOptions): { streams: string[] };
  isRunning(connectionId: string): boolean;
  /** Stops every running sync (their runs end as failed: interrupted) and waits for them. */
  close(): Promise<void>;
}

export function createSyncJobs(svc: Services & { blobsRoot: string }, metrics: ApiMetrics, log: FastifyBaseLogger): SyncJobs {
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();

  async function run(row: ConnectionRow, streams: string[], opts: SyncJobOptions, signal: AbortSignal): Promise<void> {
    const connector = requireConnector(row.platform);
    if (connector.doctor) {
      // Stored like any check, so GET /v1/connections/{id}/doctor shows what the sync started from.
      await runDoctor(svc, row.id, { trigger: 'sync', signal }).catch((err: unknown) =>
        log.warn({ err, connection: row.name }, 'doctor check before the sync failed'),
      );
    }
    // The check may have found the credential refused: the sync then refuses to send it again.
    const fresh = (await getConnection(svc, row.id)).row;
    const summary = await runSync({
      store: svc.store,
      blobs: createBlobStore(svc.blobsRoot),
      connector,
      connection: fresh,
      secrets: fresh.status === 'auth_failed' ? {} : connectionSecrets(svc, fresh),
      options: { full: opts.full ?? false, media: opts.media ?? true, backfillDays: 30 },
      streams,
      signal,
      ...metrics.syncHooks(row.name),
    });
    log.info({ connection: row.name, status: summary.status, seconds: summary.seconds }, 'sync finished');
  }

  return {
    start(row, opts) {
      if (running.has(row.id)) throw new ApiError(409, 'sync_in_progress', `a sync of ${row.name} is running already`);
      if (row.status === 'auth_failed') {
        throw new ApiError(409, 'connection_blocked', `${row.name} is blocked: the platform rejected its credentials; update them first`);
      }
      const connector = requireConnector(row.platform);
      const offered = connector.streams.map((s) => s.name);
      const unknown = (opts.streams ?? []).filter((s) => !offered.includes(s));
      if (unknown.length)
        throw new ApiError(400, 'unknown_stream', `${connector.title} has no stream ${unknown.join(', ')}; streams: ${offered.join(', ')}`);
      const streams = opts.streams?.length
        ? opts.streams
        : streamsFor(connector, connectionFeatures(connector, row.features)).map((s) => s.name);
      const abort = new AbortController();
      metrics.running.inc({ connection: row.name });
      const done = run(row, streams, opts, abort.signal)
        .catch((err: unknown) => log.error({ err, connection: row.name }, 'sync failed'))
        .finally(() => {
          running.delete(row.id);
          metrics.running.dec({ connection: row.name });
        });
      running.set(row.id, { abort, done });
      return { streams };
    },
    isRunning: (id) => running.has(id),
    async close() {
      for (const job of running.values()) job.abort.abort(new Error('the server is shutting down'));
      await Promise.all([...running.values()].map((j) => j.done));
    },
  };
}
