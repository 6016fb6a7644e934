// Child processes for benchmarks: the simulator (`switchboard sim … --json`, or sim-server.ts for options the
// CLI does not offer) and one-shot workers that print one JSON line of results. Every child runs TypeScript
// through tsx, from the repository root.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SimulatorOptions } from '../../src/simulators/index.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const SIM_SERVER = path.join(REPO_ROOT, 'bench/lib/sim-server.ts');

export interface SimConnect {
  platform: string;
  baseUrl: string;
  apiUrl: string;
  loginUrl: string;
  leastPrivilegeClient: { clientId: string; clientSecret: string };
}

export interface SimProcess<C = SimConnect> {
  connect: C;
  pid: number;
  /** CPU seconds (user + system) the simulator has used so far. */
  cpuSeconds(): number;
  control<T>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface SimArgs {
  conversations: number;
  days: number;
  users?: number;
  queues?: number;
  /** Per minute; 0 = unthrottled. */
  rateLimitPerMinute: number;
  seed?: number;
}

/** Starts `switchboard sim genesys-cloud --json` in its own process and waits for its connection line. */
export function startGenesysSim(args: SimArgs): Promise<SimProcess> {
  return spawnSim<SimConnect>(
    [
      MAIN,
      'sim',
      'genesys-cloud',
      '--json',
      '--port',
      '0',
      '--conversations',
      String(args.conversations),
      '--days',
      String(args.days),
      '--rate-limit',
      String(args.rateLimitPerMinute),
      ...(args.users ? ['--users', String(args.users)] : []),
      ...(args.queues ? ['--queues', String(args.queues)] : []),
      ...(args.seed !== undefined ? ['--seed', String(args.seed)] : []),
    ],
    process.env,
  );
}

/** What `sim-server.ts` prints: the simulator's base URL, its `connect` details and its least-privilege connection. */
export interface SimServerLine<C> {
  platform: string;
  baseUrl: string;
  connect: C;
  connection: { settings: Record<string, string>; secrets: Record<string, string> };
}

/**
 * Starts a built-in simulator through `sim-server.ts`, in its own process, with any SimulatorOptions
 * (`unthrottled` included, which `switchboard sim` does not offer), and waits for its connection line.
 */
export function startSimServer<C>(platform: string, options: SimulatorOptions): Promise<SimProcess<SimServerLine<C>>> {
  return spawnSim<SimServerLine<C>>([SIM_SERVER], { ...process.env, BENCH_CONFIG: JSON.stringify({ platform, options }) });
}

async function spawnSim<C>(args: string[], env: NodeJS.ProcessEnv): Promise<SimProcess<C>> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const connect = await new Promise<C>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as C);
      } catch (err) {
        reject(new Error(`simulator printed ${line}: ${(err as Error).message}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code} before it was ready: ${stderr}`)));
  });
  const baseUrl = (connect as { baseUrl: string }).baseUrl;
  const pid = child.pid as number;
  const ticks = 100; // USER_HZ on Linux
  return {
    connect,
    pid,
    cpuSeconds: () => {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks; the name may contain spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    async control<T>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${route}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface WorkerRun<T> {
  result: T;
  /** Wall-clock seconds of the whole child process, start-up included. */
  processSeconds: number;
}

/**
 * Runs `node --import tsx <script>` with its configuration (secrets included) in BENCH_CONFIG, never in
 * argv, and returns the last line it printed, parsed as JSON.
 */
export async function runWorker<T>(script: string, config: unknown, nodeArgs: string[] = []): Promise<WorkerRun<T>> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const last = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`${path.basename(script)} exited with ${code}:\n${stderr || stdout}`);
  try {
    return { result: JSON.parse(last) as T, processSeconds: (performance.now() - started) / 1000 };
  } catch {
    throw new Error(`${path.basename(script)} printed no JSON result:\n${stdout}\n${stderr}`);
  }
}

/** The configuration a worker was started with. */
export function workerConfig<T>(): T {
  const raw = process.env.BENCH_CONFIG;
  if (!raw) throw new Error('BENCH_CONFIG is not set: this script is a worker started by a benchmark');
  return JSON.parse(raw) as T;
}
