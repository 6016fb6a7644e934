// Benchmark: GET /v1/interactions?limit=100 on a store of 1 000 000 interactions, SQLite and PostgreSQL,
// against a bare Fastify route returning the same JSON from memory, measured in the same run.
//
//   npm run bench:api [-- --size 1000000] [--dialects sqlite,postgres] [--seconds 10] [--warmup 3]
//        [--repeats 3] [--connections 10] [--baselines object,string] [--log-level info] [--data-dir DIR]
//        [--seed 1]
//
// Targets (issue 6, "Performance"): >= 2 000 requests/s with p99 <= 50 ms, and >= 40% of the bare route's
// rate. The store is filled by a real sync of the NICE CXone simulator (store-fill.ts says why). The API
// (`switchboard serve`), each baseline and the load generator (autocannon) run in processes of their own;
// runs alternate API, baselines, API… so that the machine's load weighs on all of them alike. Figures are
// medians of the repeats. The API serves a repeated page from its page cache while the data is unchanged
// (src/store/page-cache.ts), so each repeat also has an `api, walk` run: the first 1 000 pages, by their
// cursors, asked in turn, none of them from the cache. It is shown, not judged.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../src/store/kysely.ts';
import { createApiKey } from '../src/api/keys.ts';
import { openStore } from '../src/store/index.ts';
import { REPO_ROOT, runWorker } from './lib/processes.ts';
import { fmt, intFlag, load, machine, median, parseFlags, table, verdict } from './lib/report.ts';
import type { BareMode } from './api/bare-server.ts';
import type { LoadConfig, LoadResult } from './api/load-worker.ts';
import { startPostgres } from './api/postgres.ts';
import { startBare, startServe, type ServerProcess } from './api/servers.ts';
import { fillStore } from './api/store-fill.ts';

const LOAD = path.join(REPO_ROOT, 'bench/api/load-worker.ts');
const URL_PATH = '/v1/interactions?limit=100';
/** Pages the `walk` run asks in turn; with fewer than 100 000 interactions there are fewer, and some come from the cache. */
const DISTINCT_PAGES = 1000;
const TARGETS = { rate: 2000, p99Ms: 50, ratio: 0.4 };

const raw = parseFlags(process.argv.slice(2), {
  size: 'string',
  dialects: 'string',
  seconds: 'string',
  warmup: 'string',
  repeats: 'string',
  connections: 'string',
  baselines: 'string',
  'log-level': 'string',
  'data-dir': 'string',
  seed: 'string',
});
const size = intFlag(raw, 'size', 1_000_000);
const seconds = Math.max(1, intFlag(raw, 'seconds', 10));
const warmup = intFlag(raw, 'warmup', 3);
const repeats = Math.max(1, intFlag(raw, 'repeats', 3));
const connections = Math.max(1, intFlag(raw, 'connections', 10));
const seed = intFlag(raw, 'seed', 1);
const logLevel = typeof raw['log-level'] === 'string' ? raw['log-level'] : undefined;
const dialects = String(raw.dialects ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
if (dialects.some((d) => d !== 'sqlite' && d !== 'postgres')) throw new Error('--dialects takes sqlite and/or postgres');
const baselines = String(raw.baselines ?? 'object,string').split(',') as BareMode[];
if (!baselines.length || baselines.some((b) => b !== 'string' && b !== 'object')) throw new Error('--baselines takes string and/or object');
/**
 * The baseline the ratio target is judged against: the first named. By default `object`, a Fastify route
 * returning the page it holds, serialised per request as any JSON route is; `string` (the captured bytes
 * sent as they are) is shown too, but no route that serialises could reach 40% of it: the bare `object`
 * route itself does about a third of its rate.
 */
const judged = baselines[0] as BareMode;

interface Measured {
  target: string;
  load: LoadResult;
  /** Server CPU per request, microseconds. */
  cpuPerRequestUs: number;
  loadAverage: string;
}

interface DialectSummary {
  dialect: string;
  fill: string;
  api: Measured[];
  /** The API asked a different page each time (DISTINCT_PAGES, in turn): none is reused. Not judged. */
  distinct: Measured[];
  bare: Record<string, Measured[]>;
  bodyBytes: number;
  serverRssMb: number;
}

async function measure(
  target: string,
  server: ServerProcess,
  headers: Record<string, string>,
  secs: number,
  pathsFile?: string,
): Promise<Measured> {
  const cpu = server.cpuSeconds();
  const config: LoadConfig = { url: `${server.url}${URL_PATH}`, headers, connections, seconds: secs, pathsFile };
  const { result } = await runWorker<LoadResult>(LOAD, config);
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${target}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { target, load: result, cpuPerRequestUs: ((server.cpuSeconds() - cpu) / result.requests) * 1e6, loadAverage: load() };
}

const line = (m: Measured) =>
  `  ${m.target.padEnd(12)} ${fmt.rate(m.load.requestsPerSecond).padStart(9)}  p50 ${m.load.p50.toFixed(1).padStart(5)} ms  p99 ${m.load.p99
    .toFixed(1)
    .padStart(5)} ms  server CPU ${Math.round(m.cpuPerRequestUs)} µs/request  ${m.loadAverage}`;

/**
 * The paths of the first DISTINCT_PAGES pages, by their cursors: more pages than the server's page cache
 * holds (store/page-cache.ts), so asked in turn none is ever answered from it.
 */
async function pagePaths(base: string, headers: Record<string, string>): Promise<string[]> {
  const paths = [URL_PATH];
  while (paths.length < DISTINCT_PAGES) {
    const page = (await (await fetch(`${base}${paths[paths.length - 1] as string}`, { headers })).json()) as { nextCursor: string | null };
    if (!page.nextCursor) break;
    paths.push(`${URL_PATH}&cursor=${encodeURIComponent(page.nextCursor)}`);
  }
  return paths;
}

/** A store of `size` interactions and a key for it; the data directory is kept when --data-dir names one. */
async function prepare(dialect: 'sqlite' | 'postgres') {
  const keep = dialect === 'sqlite' && typeof raw['data-dir'] === 'string';
  const dataDir = keep ? path.resolve(String(raw['data-dir'])) : await mkdtemp(path.join(os.tmpdir(), 'switchboard-bench-api-'));
  await mkdir(dataDir, { recursive: true });
  const pg = dialect === 'postgres' ? await startPostgres() : undefined;
  const databaseUrl = pg?.url;
  let store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  const existing = await store.connections.get('cxone-bench');
  let fill = `reused ${dataDir}`;
  if (!existing || (await store.records.count(existing.id, 'interaction')) !== size) {
    if (existing) throw new Error(`${dataDir} holds a store of another size; remove it or choose another --data-dir`);
    await store.close();
    const started = performance.now();
    const filled = await fillStore({ size, dataDir, seed, ...(databaseUrl ? { databaseUrl } : {}) });
    fill = `synced in ${fmt.s(filled.seconds)} (${fmt.rate(filled.interactions / filled.seconds)}; ${fmt.s((performance.now() - started) / 1000)} with the simulator)`;
    store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  }
  // The harness's PostgreSQL runs without autovacuum, which on a real server vacuums and analyses a table
  // after a bulk load. Without statistics the planner reads every row of the connection instead of the
  // index's first 101; without the vacuum, the first reads of the new rows write hint bits and prune pages
  // all through the run.
  if (databaseUrl) await sql`vacuum analyze`.execute(store.db);
  // A key as an app would hold it: interactions:read, every connection; its rate limit out of the way.
  const { key } = await createApiKey(store, { name: `bench-${Date.now()}`, scopes: ['interactions:read'], rateLimitPerMinute: 1_000_000 });
  await store.close();
  return {
    dataDir,
    databaseUrl,
    key,
    fill,
    async cleanup() {
      await pg?.stop();
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function runDialect(dialect: 'sqlite' | 'postgres'): Promise<DialectSummary> {
  console.log(`\n${dialect}: filling the store with ${fmt.int(size)} interactions (${load()})`);
  const store = await prepare(dialect);
  console.log(`  ${store.fill}`);
  const servers: ServerProcess[] = [];
  try {
    const api = await startServe({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, logLevel });
    servers.push(api);
    const headers = { authorization: `Bearer ${store.key}` };
    const first = await fetch(`${api.url}${URL_PATH}`, { headers });
    const body = await first.text();
    const records = (JSON.parse(body) as { data?: unknown[] }).data?.length;
    if (first.status !== 200 || records !== 100)
      throw new Error(`GET ${URL_PATH}: ${first.status}, ${records} records: ${body.slice(0, 300)}`);
    const bodyFile = path.join(store.dataDir, 'bench-body.json');
    await writeFile(bodyFile, body);
    const bare: Record<string, ServerProcess> = {};
    for (const mode of baselines) servers.push((bare[mode] = await startBare(mode, bodyFile)));

    console.log(
      `  warm-up: ${warmup} s each; then ${repeats} × ${seconds} s each, ${connections} connections, response ${fmt.int(body.length)} bytes`,
    );
    if (warmup > 0) {
      await measure('api', api, headers, warmup);
      for (const mode of baselines) await measure(mode, bare[mode] as ServerProcess, {}, warmup);
    }
    const pages = path.join(store.dataDir, 'bench-pages.json');
    await writeFile(pages, JSON.stringify(await pagePaths(api.url, headers)));
    const summary: DialectSummary = { dialect, fill: store.fill, api: [], distinct: [], bare: {}, bodyBytes: body.length, serverRssMb: 0 };
    for (let r = 1; r <= repeats; r++) {
      const m = await measure('api', api, headers, seconds);
      summary.api.push(m);
      console.log(line(m));
      const d = await measure('api, walk', api, headers, seconds, pages);
      summary.distinct.push(d);
      console.log(line(d));
      for (const mode of baselines) {
        const b = await measure(`bare ${mode}`, bare[mode] as ServerProcess, {}, seconds);
        (summary.bare[mode] ??= []).push(b);
        console.log(line(b));
      }
    }
    summary.serverRssMb = api.rssBytes() / 2 ** 20;
    return summary;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await store.cleanup();
  }
}

console.log('API benchmark: GET /v1/interactions?limit=100 vs a bare Fastify route with the same JSON from memory');
console.log(
  Object.entries(machine())
    .map(([k, v]) => `${k}: ${v}`)
    .join(', '),
);
console.log(`size ${fmt.int(size)} interactions, log level ${logLevel ?? 'default (info)'}, ${load()}`);

const results: DialectSummary[] = [];
for (const dialect of dialects) results.push(await runDialect(dialect));

const med = (ms: Measured[], pick: (m: Measured) => number) => median(ms.map(pick));
const rows = results.map((s) => {
  const rate = med(s.api, (m) => m.load.requestsPerSecond);
  const p99 = med(s.api, (m) => m.load.p99);
  const bareRates = baselines.map((b) => med(s.bare[b] ?? [], (m) => m.load.requestsPerSecond));
  const ratios = bareRates.map((b) => rate / b);
  const ok = rate >= TARGETS.rate && p99 <= TARGETS.p99Ms && (ratios[0] ?? 0) >= TARGETS.ratio;
  return [
    s.dialect,
    fmt.rate(rate),
    `${med(s.api, (m) => m.load.p50).toFixed(1)} ms`,
    `${p99.toFixed(1)} ms`,
    `${Math.round(med(s.api, (m) => m.cpuPerRequestUs))} µs`,
    `${fmt.rate(med(s.distinct, (m) => m.load.requestsPerSecond))}, p99 ${med(s.distinct, (m) => m.load.p99).toFixed(1)} ms`,
    ...bareRates.map((b, i) => `${fmt.rate(b)} (${fmt.pct(ratios[i] ?? 0)})`),
    `${s.serverRssMb.toFixed(0)} MB`,
    verdict(ok),
  ];
});
console.log(
  `\nSummary (medians of ${repeats}; ratio against "${judged}" judged; targets ≥ ${TARGETS.rate}/s, p99 ≤ ${TARGETS.p99Ms} ms, ≥ ${fmt.pct(TARGETS.ratio)}):`,
);
console.log(
  table(
    [
      'store',
      'API',
      'p50',
      'p99',
      'API CPU/request',
      'API, walk (not judged)',
      ...baselines.map((b) => `bare ${b} (API share)`),
      'API RSS',
      'targets',
    ],
    rows,
  ),
);
