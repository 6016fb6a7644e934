// Small helpers the benchmark scripts share: command-line flags, medians, the machine's description and
// table output.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** `--name value` and `--flag` from argv; unknown flags are an error so typos do not go unnoticed. */
export function parseFlags(argv: string[], known: Record<string, 'string' | 'boolean'>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.replace(/^--/, '').split('=', 2) as [string, string | undefined];
    const kind = arg.startsWith('--') ? known[name] : undefined;
    if (!kind)
      throw new Error(
        `unknown argument ${arg}; known: ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    if (kind === 'boolean') out[name] = true;
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      out[name] = value;
    }
  }
  return out;
}

export function intFlag(flags: Record<string, string | boolean>, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${String(raw)}`);
  return n;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function machine(): Record<string, string> {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    cpu = os.cpus()[0]?.model ?? cpu;
  }
  return {
    cpus: String(os.availableParallelism()),
    cpu,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** "1-minute load 2.31" – other people share the machine; every figure is read against this. */
export function load(): string {
  const [one, five] = os.loadavg();
  return `load average ${(one ?? 0).toFixed(2)} (1 min), ${(five ?? 0).toFixed(2)} (5 min) on ${os.availableParallelism()} cores`;
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  rate: (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`,
  pct: (n: number) => `${(n * 100).toFixed(1)}%`,
  mb: (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`,
  s: (n: number) => `${n.toFixed(2)} s`,
};

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
