// The processes the API benchmark measures: `switchboard serve` as users start it, and the bare Fastify
// baseline (bare-server.ts), each in its own process, with its CPU time read from /proc so that a run can
// say what a request cost the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../lib/processes.ts';
import type { BareMode, BareServerConfig } from './bare-server.ts';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const BARE = path.join(REPO_ROOT, 'bench/api/bare-server.ts');
/** The V8 flag bin/switchboard.js gives the CLI, so that the API is measured as users run it. */
const CLI_NODE_ARGS = ['--max-old-space-size=1024'];

export interface ServerProcess {
  url: string;
  pid: number;
  /** CPU seconds (user + system, every thread) the process has used so far. */
  cpuSeconds(): number;
  /** Resident set size now, in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

export interface ServeOptions {
  dataDir: string;
  databaseUrl?: string;
  /** SWITCHBOARD_LOG_LEVEL of the server; undefined: the default (info). */
  logLevel?: string;
}

/** `switchboard serve --port 0`, waiting for the line that says where it listens. */
export function startServe(opts: ServeOptions): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHBOARD_DATA_DIR: opts.dataDir,
    SWITCHBOARD_DATABASE_URL: opts.databaseUrl ?? '',
    ...(opts.logLevel ? { SWITCHBOARD_LOG_LEVEL: opts.logLevel } : {}),
  };
  return startProcess(
    [...CLI_NODE_ARGS, '--import', 'tsx', MAIN, 'serve', '--port', '0'],
    env,
    (line) => /listening at (http:\/\/\S+)/.exec(line)?.[1],
  );
}

/** The bare baseline serving `bodyFile`. */
export function startBare(mode: BareMode, bodyFile: string): Promise<ServerProcess> {
  const config: BareServerConfig = { mode, bodyFile };
  return startProcess(
    [...CLI_NODE_ARGS, '--import', 'tsx', BARE],
    { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
    (line) => (JSON.parse(line) as { url: string }).url,
  );
}

function startProcess(args: string[], env: NodeJS.ProcessEnv, urlOf: (line: string) => string | undefined): Promise<ServerProcess> {
  // The server's log goes nowhere: reading it back would cost this process CPU the server competes for.
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'], env });
  return new Promise<ServerProcess>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const onExit = (code: number | null) => reject(new Error(`${path.basename(args.at(-1) ?? '')} exited with ${code} before it listened`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      let url: string | undefined;
      try {
        url = urlOf(line);
      } catch {
        url = undefined;
      }
      if (!url) return;
      child.off('exit', onExit);
      lines.close();
      resolve(processOf(child, url));
    });
  });
}

function processOf(child: ChildProcess, url: string): ServerProcess {
  const pid = child.pid as number;
  const ticks = 100; // USER_HZ on Linux
  return {
    url,
    pid,
    cpuSeconds() {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks; the name may contain spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    rssBytes() {
      const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return Number(rss) * 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
