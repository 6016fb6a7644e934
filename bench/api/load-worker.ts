// The load generator of the API benchmark, in its own process: autocannon against one URL for a fixed
// time with a fixed number of keep-alive connections. Prints one JSON line (LoadResult).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { workerConfig } from '../lib/processes.ts';

export interface LoadConfig {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** A JSON file of paths asked in turn instead of the URL's own (same origin); too many for the worker's environment. */
  pathsFile?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerSecond: number;
}

// autocannon ships no typings; this is the slice used.
interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>, done: (err: Error | null, result: AutocannonResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const cfg = workerConfig<LoadConfig>();
const result = await new Promise<AutocannonResult>((resolve, reject) => {
  let next = 0;
  const paths = cfg.pathsFile ? (JSON.parse(readFileSync(cfg.pathsFile, 'utf8')) as string[]) : undefined;
  const requests = paths?.length
    ? [{ setupRequest: (req: { path: string }) => ({ ...req, path: paths[next++ % paths.length] }) }]
    : undefined;
  autocannon({ url: cfg.url, headers: cfg.headers, connections: cfg.connections, duration: cfg.seconds, requests }, (err, res) =>
    err ? reject(err) : resolve(res),
  );
});
const out: LoadResult = {
  requestsPerSecond: result.requests.total / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  bytesPerSecond: result.throughput.total / result.duration,
};
console.log(JSON.stringify(out));
