// The "sync vs bare fetch-and-discard loop" benchmark every platform runs: for each size, one simulator
// process; per run, against that simulator and each in its own process, the baselines (a platform's
// baseline worker) and then a real sync (sync-worker.ts) into a fresh SQLite store. A platform's script
// says how to start and prepare its simulator, what its baseline and its sync are given, and its targets;
// this module runs, checks against the ground truth, prints and judges.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BaselineMode, BaselineResult } from './bare-http.ts';
import { REPO_ROOT, runWorker, type SimProcess } from './processes.ts';
import { fmt, intFlag, load, machine, median, parseFlags, table, verdict } from './report.ts';
import type { SyncWorkerConfig, SyncWorkerResult } from './sync-worker.ts';

const SYNC = path.join(REPO_ROOT, 'bench/lib/sync-worker.ts');
/** The V8 flags bin/switchboard.js gives the CLI, so that the sync is measured as users run it. */
const CLI_NODE_ARGS = '--max-old-space-size=1024';
const PROFILE_DIR = path.join(REPO_ROOT, 'bench/.profiles');

export interface SyncBenchFlags {
  sizes: number[];
  repeats: number;
  /** History the simulator spans. */
  days: number;
  /** How far back the first sync reaches; more than `days`, so that it covers all of the history. */
  backfillDays: number;
  warmups: number;
  baselines: BaselineMode[];
  /** The baseline the targets use: the first named. */
  primary: BaselineMode;
  profile: boolean;
  keep: boolean;
  /** Node flags for the sync process only; by default the CLI's (CLI_NODE_ARGS), "" for none. */
  syncNodeArgs: string[];
}

/** The flags every sync benchmark takes (bench/README.md); `extra` are a platform's own. */
export function syncBenchFlags(
  argv: string[],
  defaults: { days: number },
  extra: Record<string, 'string' | 'boolean'> = {},
): SyncBenchFlags & { raw: Record<string, string | boolean> } {
  const raw = parseFlags(argv, {
    sizes: 'string',
    repeats: 'string',
    days: 'string',
    'backfill-days': 'string',
    baselines: 'string',
    warmup: 'string',
    profile: 'boolean',
    keep: 'boolean',
    'sync-node-args': 'string',
    ...extra,
  });
  const sizes = String(raw.sizes ?? '50000,200000')
    .split(',')
    .map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes whole numbers, e.g. --sizes 50000,200000');
  const days = intFlag(raw, 'days', defaults.days);
  const backfillDays = intFlag(raw, 'backfill-days', days + 1);
  if (backfillDays <= days) throw new Error('--backfill-days must exceed --days so the backfill covers all the history');
  const baselines = String(raw.baselines ?? 'scan,parse').split(',') as BaselineMode[];
  if (!baselines.length || baselines.some((b) => b !== 'scan' && b !== 'parse')) throw new Error('--baselines takes scan and/or parse');
  return {
    raw,
    sizes,
    repeats: Math.max(1, intFlag(raw, 'repeats', 3)),
    days,
    backfillDays,
    warmups: intFlag(raw, 'warmup', 1),
    baselines,
    primary: baselines[0] as BaselineMode,
    profile: Boolean(raw.profile),
    keep: Boolean(raw.keep),
    syncNodeArgs: String(raw['sync-node-args'] ?? CLI_NODE_ARGS)
      .split(' ')
      .filter(Boolean),
  };
}

/** One size's simulator, ready: what the baseline and the sync are given, and how many records the truth has. */
export interface PreparedSim {
  sim: SimProcess<unknown>;
  expected: number;
  /** The baseline worker's configuration, but for its mode. */
  baseline: Record<string, unknown>;
  sync: Omit<SyncWorkerConfig, 'dataDir'>;
}

export interface SyncBenchSpec {
  /** First line, e.g. "Genesys Cloud interactions sync vs bare fetch-and-discard (unthrottled simulator)". */
  title: string;
  /** What a size counts, e.g. "conversations", "contacts". */
  noun: string;
  /** The workload in a few words (after "sizes …; N repeats"), e.g. "history 30 days, backfill 31 days; page size 1000". */
  workload: string;
  /** What the end-to-end time includes, e.g. "token, job, pages, commits". */
  endToEnd: string;
  baselineScript: string;
  flags: SyncBenchFlags;
  targets: {
    /** Sync rate over the primary baseline's, each sync against the baseline run just before it. */
    ratio: number;
    /** Interactions per second, if the platform has an absolute target. */
    rate?: number;
    /** Peak RSS of the sync process in bytes, if the platform has an absolute target. */
    rss?: number;
    /** "Does not grow": the largest size may peak at most this much above the smallest (allocator noise). */
    rssGrowth: number;
  };
  /** Starts and prepares the simulator for one size. */
  startSim(size: number): Promise<PreparedSim>;
}

interface Timed<T> {
  result: T;
  simCpuSeconds: number;
  load: number;
}

interface SizeResult {
  size: number;
  stored: number;
  baseline: Record<string, Timed<BaselineResult>[]>;
  sync: Timed<SyncWorkerResult>[];
}

/** Runs every size, prints each run and a summary with PASS/FAIL per target; exit code 1 when one fails. */
export async function runSyncBench(spec: SyncBenchSpec): Promise<void> {
  const { flags } = spec;
  console.log(spec.title);
  console.log(
    Object.entries(machine())
      .map(([k, v]) => `${k}: ${v}`)
      .join(' | '),
  );
  console.log(`sizes ${flags.sizes.join(', ')}; ${flags.repeats} repeats (+${flags.warmups} warm-up); ${spec.workload}`);
  console.log(
    `baselines: ${flags.baselines.join(', ')} (targets use "${flags.primary}")` +
      `${flags.syncNodeArgs.length ? `; sync node flags: ${flags.syncNodeArgs.join(' ')}` : ''}; ${load()}\n`,
  );
  const results: SizeResult[] = [];
  for (const size of flags.sizes) results.push(await benchSize(spec, size));
  printSummary(spec, results);
}

async function benchSize(spec: SyncBenchSpec, size: number): Promise<SizeResult> {
  const { flags } = spec;
  const prepared = await spec.startSim(size);
  const { sim, expected } = prepared;
  try {
    const out: SizeResult = { size, stored: 0, baseline: Object.fromEntries(flags.baselines.map((b) => [b, []])), sync: [] };
    const baseline = async (mode: BaselineMode) =>
      (await runWorker<BaselineResult>(spec.baselineScript, { ...prepared.baseline, mode })).result;

    console.log(`== ${fmt.int(size)} ${spec.noun} (simulator pid ${sim.pid}; truth: ${fmt.int(expected)} interactions)`);
    for (let w = 0; w < flags.warmups; w++) {
      const { result } = await measure(sim, () => baseline(flags.primary));
      console.log(`  warm-up  baseline ${flags.primary}: ${fmt.rate(expected / result.seconds)}`);
    }
    for (let r = 1; r <= flags.repeats; r++) {
      for (const mode of flags.baselines) {
        const run = await measure(sim, () => baseline(mode));
        const b = run.result;
        if (b.records < expected) throw new Error(`baseline ${mode} read ${b.records} records, truth has ${expected} interactions`);
        out.baseline[mode]?.push(run);
        console.log(
          `  run ${r}  baseline ${mode.padEnd(5)}: ${fmt.int(expected)} in ${fmt.s(b.seconds)} = ${fmt.rate(expected / b.seconds)}` +
            ` (${b.pages} pages, ${fmt.int(b.records)} records, ${fmt.mb(b.bytes)}; client cpu ${fmt.s(b.cpuSeconds)},` +
            ` simulator cpu ${fmt.s(run.simCpuSeconds)}; load ${run.load.toFixed(2)})`,
        );
      }
      const run = await measure(sim, () => runSync(spec, prepared, r));
      const s = run.result;
      const stored = s.counts.interaction ?? 0;
      if (s.status !== 'succeeded' || stored !== expected) {
        throw new Error(`sync ${s.status} with ${stored} interactions stored, truth has ${expected}: ${JSON.stringify(s.streams)}`);
      }
      out.stored = stored;
      out.sync.push(run);
      const pages = s.streams.reduce((n, x) => n + x.pages, 0);
      console.log(
        `  run ${r}  sync          : ${fmt.int(stored)} in ${fmt.s(s.seconds)} = ${fmt.rate(stored / s.seconds)}` +
          ` (${s.requests} requests, ${pages} pages; peak RSS ${fmt.mb(s.maxRssBytes)}, before sync ${fmt.mb(s.rssBeforeSyncBytes)},` +
          ` peak heap ${fmt.mb(s.sampledPeakHeapBytes)}; sync cpu ${fmt.s(s.cpuSeconds)} (during runSync ${fmt.s(s.syncCpuSeconds)},` +
          ` gc ${fmt.s(s.gcSeconds)}),` +
          ` simulator cpu ${fmt.s(run.simCpuSeconds)}; load ${run.load.toFixed(2)})`,
      );
      const threads = s.threadCpuSeconds;
      if (threads) {
        const others = threads.others.filter((t) => t >= 0.05).map((t) => t.toFixed(2));
        console.log(
          `         sync threads  : main ${fmt.s(threads.main)}; others ${others.join(', ')} s (the writer, V8's helpers, the loader)`,
        );
      }
    }
    console.log('');
    return out;
  } finally {
    await sim.stop();
  }
}

async function measure<T>(sim: SimProcess<unknown>, fn: () => Promise<T>): Promise<Timed<T>> {
  const cpu = sim.cpuSeconds();
  const result = await fn();
  return { result, simCpuSeconds: sim.cpuSeconds() - cpu, load: os.loadavg()[0] ?? 0 };
}

async function runSync(spec: SyncBenchSpec, prepared: PreparedSim, run: number): Promise<SyncWorkerResult> {
  const { flags } = spec;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-bench-'));
  const config: SyncWorkerConfig = { ...prepared.sync, dataDir };
  const name = `sync-${prepared.sync.platform}-${Date.now()}-run${run}.cpuprofile`;
  const profile = flags.profile ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', name] : [];
  try {
    return (await runWorker<SyncWorkerResult>(SYNC, config, [...flags.syncNodeArgs, ...profile])).result;
  } finally {
    if (flags.keep) console.log(`  (kept ${dataDir})`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

function printSummary(spec: SyncBenchSpec, all: SizeResult[]): void {
  const { flags, targets } = spec;
  const rows: string[][] = [];
  const checks: Array<[string, boolean]> = [];
  const peaks = new Map<number, number>();
  // Each sync against the baseline measured just before it, on the same simulator.
  const ratios = (r: SizeResult, mode: BaselineMode) =>
    r.sync.map((t, i) => {
      const b = r.baseline[mode]?.[i]?.result;
      return b ? b.seconds / t.result.seconds : Number.NaN;
    });
  for (const r of all) {
    const syncRates = r.sync.map((t) => r.stored / t.result.seconds);
    const ratio = median(ratios(r, flags.primary));
    const peak = Math.max(...r.sync.map((t) => t.result.maxRssBytes));
    peaks.set(r.size, median(r.sync.map((t) => t.result.maxRssBytes)));
    const perRow = (seconds: (t: Timed<SyncWorkerResult>) => number) =>
      `${median(r.sync.map((t) => (seconds(t) * 1e6) / r.stored)).toFixed(0)} µs`;
    rows.push([
      fmt.int(r.size),
      ...flags.baselines.map((mode) => fmt.rate(median((r.baseline[mode] ?? []).map((t) => r.stored / t.result.seconds)))),
      fmt.rate(median(syncRates)),
      ...flags.baselines.map((mode) => fmt.pct(median(ratios(r, mode)))),
      fmt.rate(median(r.sync.map((t) => r.stored / t.result.pageSeconds))),
      perRow((t) => t.result.cpuSeconds),
      perRow((t) => t.result.gcSeconds),
      perRow((t) => t.simCpuSeconds),
      fmt.mb(peak),
      fmt.mb(median(r.sync.map((t) => t.result.rssBeforeSyncBytes))),
    ]);
    checks.push([
      `${fmt.int(r.size)}: sync/baseline(${flags.primary}) >= ${fmt.pct(targets.ratio)} (median ${fmt.pct(ratio)})`,
      ratio >= targets.ratio,
    ]);
    if (targets.rate !== undefined) {
      checks.push([
        `${fmt.int(r.size)}: >= ${fmt.int(targets.rate)} interactions/s (median ${fmt.rate(median(syncRates))})`,
        median(syncRates) >= targets.rate,
      ]);
    }
    if (targets.rss !== undefined) {
      checks.push([
        `${fmt.int(r.size)}: sync peak RSS <= ${fmt.mb(targets.rss)} (largest of ${r.sync.length}: ${fmt.mb(peak)})`,
        peak <= targets.rss,
      ]);
    }
  }
  if (all.length >= 2) {
    const small = all[0] as SizeResult;
    const large = all[all.length - 1] as SizeResult;
    const a = peaks.get(small.size) as number;
    const b = peaks.get(large.size) as number;
    checks.push([
      `peak RSS does not grow: ${fmt.int(small.size)} -> ${fmt.int(large.size)} ${spec.noun}, ${fmt.mb(a)} -> ${fmt.mb(b)}` +
        ` (median peaks; tolerance +${fmt.pct(targets.rssGrowth)})`,
      b <= a * (1 + targets.rssGrowth),
    ]);
  }
  console.log(`Summary (medians of the runs; peak RSS is the largest; rates are end to end: ${spec.endToEnd})`);
  console.log(
    table(
      [
        spec.noun,
        ...flags.baselines.map((b) => `baseline ${b}`),
        'sync',
        ...flags.baselines.map((b) => `sync/${b}`),
        'sync (pages only)',
        'sync CPU/row',
        'sync GC/row',
        'sim CPU/row',
        'sync peak RSS',
        'RSS before sync',
      ],
      rows,
    ),
  );
  console.log('CPU/row: CPU seconds of the process (user + system) per interaction, start-up included; GC: V8 pauses on the main thread.');
  console.log(`\n${load()}`);
  for (const [text, ok] of checks) console.log(`${verdict(ok)}  ${text}`);
  const failed = checks.filter(([, ok]) => !ok).length;
  console.log(failed ? `\n${failed} target(s) not met` : '\nall targets met');
  process.exitCode = failed ? 1 : 0;
}
