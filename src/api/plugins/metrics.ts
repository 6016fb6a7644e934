// Prometheus metrics: API requests by route and status, and how many record pages the page cache
// answered; syncs this server runs (records, platform requests and 429s, time spent waiting for the rate
// budget and to retry, from the engine's progress and HTTP events); and, read from the store at scrape
// time, each connection's status and its streams' last runs, whichever process ran them. One registry
// per app, so several apps in one process (tests) never share counters.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProgressEvent } from '../../engine/progress.ts';
import type { HttpEvent } from '../../engine/http-client.ts';
import type { Store } from '../../store/index.ts';

export interface ApiMetrics {
  registry: Registry;
  /** Progress and HTTP hooks for a sync this server runs. */
  syncHooks(connection: string): { onProgress(e: ProgressEvent): void; onHttp(e: HttpEvent): void };
  running: Gauge;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/** Runs read back per scrape: enough to see every stream's latest run of a few hundred connections. */
const RUNS_PER_SCRAPE = 2000;

export function createApiMetrics(store: Store): ApiMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'switchboard_api_requests_total',
    help: 'API requests by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'switchboard_api_request_duration_seconds',
    help: 'API request duration by route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const records = new Counter({
    name: 'switchboard_sync_records_total',
    help: 'Records written by syncs this server ran',
    labelNames: ['connection', 'stream'],
    registers: [registry],
  });
  const platformRequests = new Counter({
    name: 'switchboard_platform_requests_total',
    help: 'Requests to platforms by syncs this server ran, by status (0: no response; 429: throttled)',
    labelNames: ['connection', 'status'],
    registers: [registry],
  });
  const retryWait = new Counter({
    name: 'switchboard_platform_retry_wait_seconds_total',
    help: 'Time syncs this server ran waited before retrying (Retry-After on 429, backoff on 5xx and network errors)',
    labelNames: ['connection'],
    registers: [registry],
  });
  const budgetWait = new Counter({
    name: 'switchboard_platform_budget_wait_seconds_total',
    help: 'Time requests of syncs this server ran waited for their rate budget: near the budget, it grows with every request',
    labelNames: ['connection'],
    registers: [registry],
  });
  const running = new Gauge({
    name: 'switchboard_sync_running',
    help: 'Syncs this server is running, by connection',
    labelNames: ['connection'],
    registers: [registry],
  });
  new Gauge({
    name: 'switchboard_connection_status',
    help: "1 for each connection's current status (new, ok, auth_failed, error)",
    labelNames: ['connection', 'platform', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await store.connections.list()) this.set({ connection: c.name, platform: c.platform, status: c.status }, 1);
    },
  });
  new Counter({
    name: 'switchboard_api_page_cache_total',
    help: 'Record pages answered from the page cache (result="hit") and read from the database (result="miss")',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const { hits, misses } = store.pages.cacheStats();
      this.reset();
      this.inc({ result: 'hit' }, hits);
      this.inc({ result: 'miss' }, misses);
    },
  });
  const lastRunRecords = new Gauge({
    name: 'switchboard_sync_last_run_records',
    help: 'Records read by the latest run of each stream',
    labelNames: ['connection', 'stream', 'status'],
    registers: [registry],
  });
  new Gauge({
    name: 'switchboard_sync_last_run_timestamp_seconds',
    help: 'When the latest run of each stream started',
    labelNames: ['connection', 'stream', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      lastRunRecords.reset();
      const names = new Map((await store.connections.list()).map((c) => [c.id, c.name]));
      const seen = new Set<string>();
      // Newest first: the first run met of each (connection, stream) is its latest.
      for (const run of await store.sync.listRuns({ limit: RUNS_PER_SCRAPE })) {
        const name = names.get(run.connectionId);
        if (!name || seen.has(`${run.connectionId}/${run.stream}`)) continue;
        seen.add(`${run.connectionId}/${run.stream}`);
        const labels = { connection: name, stream: run.stream, status: run.status };
        this.set(labels, run.startedAt.getTime() / 1000);
        lastRunRecords.set(labels, run.records);
      }
    },
  });

  return {
    registry,
    running,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
    syncHooks(connection) {
      // Progress events carry running totals per stream; the counter takes the increments.
      const counted = new Map<string, number>();
      return {
        onProgress(e) {
          if (e.type !== 'stream-progress') return;
          records.inc({ connection, stream: e.stream }, e.records - (counted.get(e.stream) ?? 0));
          counted.set(e.stream, e.records);
        },
        onHttp(e) {
          if (e.type === 'retry') return retryWait.inc({ connection }, e.waitMs / 1000);
          platformRequests.inc({ connection, status: String(e.status) });
          budgetWait.inc({ connection }, (e.budgetWaitMs ?? 0) / 1000);
        },
      };
    },
  };
}

export function registerMetrics(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never the path: ids in paths would make a series per record.
    metrics.observeRequest(request.method, request.routeOptions.url ?? '(no route)', reply.statusCode, reply.elapsedTime / 1000);
  });
}
