// One real sync in its own process, so that its peak RSS is its own: a fresh SQLite store in dataDir, a
// connection of any platform to its simulator (settings and secrets as `connections add` takes them),
// runSync over the chosen streams. Prints one JSON line (SyncWorkerResult). The data directory is left in
// place for the caller to inspect and remove.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { requireConnector } from '../../src/connectors/catalog.ts';
import { addConnection } from '../../src/connections/service.ts';
import { createBlobStore } from '../../src/engine/blob-store.ts';
import type { HttpEvent } from '../../src/engine/http-client.ts';
import { runSync } from '../../src/engine/sync-runner.ts';
import { openStore } from '../../src/store/index.ts';
import { decryptSecrets } from '../../src/vault/index.ts';
import { workerConfig } from '../lib/processes.ts';

export interface SyncWorkerConfig {
  platform: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
  /** Requests whose path matches this (a RegExp source) are the data pages timed as `pageSeconds`. */
  pagePattern: string;
  dataDir: string;
  streams: string[];
  backfillDays: number;
  maxPageSize?: number;
  media: boolean;
}

export interface SyncWorkerResult {
  status: string;
  streams: Array<{ stream: string; status: string; records: number; pages: number; seconds: number; reason?: string }>;
  counts: Record<string, number>;
  /** runSync, start to end (token, job, every page, bookkeeping, final counts). */
  seconds: number;
  /** First data page request (`pagePattern`) sent to the last one answered. */
  pageSeconds: number;
  /** First request of the sync sent to the last one answered. */
  requestWindowSeconds: number;
  requests: number;
  byStatus: Record<string, number>;
  retries: number;
  /** process.resourceUsage().maxRSS, whole life of the process. */
  maxRssBytes: number;
  /** RSS with the store open and the connection added, before the sync. */
  rssBeforeSyncBytes: number;
  /** Largest RSS and V8 heap seen by a 50 ms sampler during the sync. */
  sampledPeakRssBytes: number;
  sampledPeakHeapBytes: number;
  cpuSeconds: number;
  /** CPU seconds (user + system, every thread) from runSync's start to its end: start-up excluded. */
  syncCpuSeconds: number;
  /** Time spent in V8 garbage collection during the sync (PerformanceObserver 'gc' entries). */
  gcSeconds: number;
  /**
   * CPU seconds of each thread over the process's life, from /proc (Linux only, else absent): the main
   * thread, and the others largest first (the SQLite writer thread, V8's helpers: GC and compilers).
   */
  threadCpuSeconds?: { main: number; others: number[] };
}

const cfg = workerConfig<SyncWorkerConfig>();
const store = await openStore({ dataDir: cfg.dataDir });
const masterKey = randomBytes(32);
await addConnection(
  { store, masterKey, dataDir: cfg.dataDir },
  { platform: cfg.platform, name: 'bench', settings: cfg.settings, secrets: cfg.secrets },
);
const row = await store.connections.get('bench');
if (!row) throw new Error('connection not stored');

let requests = 0;
let retries = 0;
const byStatus: Record<string, number> = {};
const pagePattern = new RegExp(cfg.pagePattern);
let firstPage = Number.NaN;
let lastPage = Number.NaN;
let firstRequest = Number.NaN;
let lastRequest = Number.NaN;
const onHttp = (e: HttpEvent) => {
  if (e.type === 'retry') {
    retries++;
    return;
  }
  requests++;
  byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  const now = performance.now();
  if (Number.isNaN(firstRequest)) firstRequest = now - e.ms;
  lastRequest = now;
  if (pagePattern.test(e.path)) {
    if (Number.isNaN(firstPage)) firstPage = now - e.ms;
    lastPage = now;
  }
};

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
let gcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });
const rssBeforeSync = process.memoryUsage().rss;
const sampler = setInterval(sample, 50);

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const summary = await runSync({
  store,
  blobs: createBlobStore(path.join(cfg.dataDir, 'blobs')),
  connector: requireConnector(cfg.platform),
  connection: row,
  secrets: decryptSecrets(masterKey, row.secretsCiphertext, row.name),
  options: { full: false, media: cfg.media, backfillDays: cfg.backfillDays, maxPageSize: cfg.maxPageSize },
  streams: cfg.streams,
  onHttp,
});
const seconds = (performance.now() - started) / 1000;
const syncCpu = process.cpuUsage(cpuAtStart);
clearInterval(sampler);
sample();
gcObserver.disconnect();
// Read while the writer thread is still running: its entry goes once it stops.
const threadCpuSeconds = readThreadCpu();
await store.close();

const usage = process.resourceUsage();
const result: SyncWorkerResult = {
  status: summary.status,
  streams: summary.streams.map(({ stream, status, records, pages, seconds: s, reason }) => ({
    stream,
    status,
    records,
    pages,
    seconds: s,
    reason,
  })),
  counts: summary.counts as Record<string, number>,
  seconds,
  pageSeconds: (lastPage - firstPage) / 1000,
  requestWindowSeconds: (lastRequest - firstRequest) / 1000,
  requests,
  byStatus,
  retries,
  maxRssBytes: usage.maxRSS * 1024,
  rssBeforeSyncBytes: rssBeforeSync,
  sampledPeakRssBytes: peakRss,
  sampledPeakHeapBytes: peakHeap,
  cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  syncCpuSeconds: (syncCpu.user + syncCpu.system) / 1e6,
  gcSeconds: gcMs / 1000,
  threadCpuSeconds,
};
console.log(JSON.stringify(result));

function readThreadCpu(): SyncWorkerResult['threadCpuSeconds'] {
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux that Node supports
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  let main = 0;
  const others: number[] = [];
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    if (Number(tid) === process.pid) main = seconds;
    else if (seconds > 0) others.push(seconds);
  }
  return { main, others: others.sort((a, b) => b - a) };
}
