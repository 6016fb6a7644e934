// Benchmark: the Genesys Cloud interactions backfill into SQLite against an unthrottled simulator,
// measured against a bare fetch-and-discard loop over the same analytics job pages in the same run.
//
//   node --import tsx bench/genesys-sync.ts [--sizes 50000,200000] [--repeats 3] [--days 30]
//        [--baselines scan,parse] [--warmup 1] [--profile] [--keep] [--sync-node-args "--flag …"]
//
// Targets (issue "Performance it must show"): the sync runs at >= 60% of the bare loop's rate and at
// >= 10 000 interactions/s; the sync process peaks at <= 250 MB RSS, and does not grow with the number
// of conversations (smallest vs largest size). The simulator, every baseline and every sync run in
// their own processes; each figure is the median of the repeats (peak RSS: the largest).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BaselineConfig, BaselineResult } from './genesys/baseline-worker.ts';
import type { SyncWorkerConfig, SyncWorkerResult } from './genesys/sync-worker.ts';
import { REPO_ROOT, runWorker, startGenesysSim, type SimProcess } from './lib/processes.ts';
import { fmt, intFlag, load, machine, median, parseFlags, table, verdict } from './lib/report.ts';

const TARGET_RATIO = 0.6;
const TARGET_RATE = 10_000;
const TARGET_RSS = 250 * 2 ** 20;
/** "Does not grow": the largest size may peak at most this much above the smallest (allocator noise). */
const RSS_GROWTH_TOLERANCE = 0.1;

const flags = parseFlags(process.argv.slice(2), {
  sizes: 'string',
  repeats: 'string',
  days: 'string',
  'backfill-days': 'string',
  baselines: 'string',
  warmup: 'string',
  profile: 'boolean',
  keep: 'boolean',
  'sync-node-args': 'string',
});
const sizes = String(flags.sizes ?? '50000,200000')
  .split(',')
  .map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes whole numbers, e.g. --sizes 50000,200000');
const repeats = Math.max(1, intFlag(flags, 'repeats', 3));
const days = intFlag(flags, 'days', 30);
const backfillDays = intFlag(flags, 'backfill-days', days + 1);
if (backfillDays <= days) throw new Error('--backfill-days must exceed --days so the backfill covers all the history');
const warmups = intFlag(flags, 'warmup', 1);
const baselines = String(flags.baselines ?? 'scan,parse').split(',') as Array<'scan' | 'parse'>;
if (!baselines.length || baselines.some((b) => b !== 'scan' && b !== 'parse')) throw new Error('--baselines takes scan and/or parse');
const primary = baselines[0] as 'scan' | 'parse';
const profileDir = path.join(REPO_ROOT, 'bench/.profiles');
/** Extra node flags for the sync process only, e.g. "--max-old-space-size=1536", to measure V8 settings. */
const syncNodeArgs = String(flags['sync-node-args'] ?? '')
  .split(' ')
  .filter(Boolean);

const BASELINE = path.join(REPO_ROOT, 'bench/genesys/baseline-worker.ts');
const SYNC = path.join(REPO_ROOT, 'bench/genesys/sync-worker.ts');

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

console.log('Genesys Cloud interactions sync vs bare fetch-and-discard (unthrottled simulator)');
console.log(
  Object.entries(machine())
    .map(([k, v]) => `${k}: ${v}`)
    .join(' | '),
);
console.log(
  `sizes ${sizes.join(', ')}; ${repeats} repeats (+${warmups} warm-up); history ${days} days, backfill ${backfillDays} days; page size 1000`,
);
console.log(
  `baselines: ${baselines.join(', ')} (targets use "${primary}")${syncNodeArgs.length ? `; sync node flags: ${syncNodeArgs.join(' ')}` : ''}; ${load()}\n`,
);

const results: SizeResult[] = [];
for (const size of sizes) results.push(await benchSize(size));

printSummary(results);

async function benchSize(size: number): Promise<SizeResult> {
  const sim = await startGenesysSim({ conversations: size, days, rateLimitPerMinute: 0 });
  try {
    // Every conversation is visible to the jobs API at once, and the data stands still.
    await sim.control('POST', '/_sim/clock', { frozen: true, availabilityLagSeconds: 0 });
    const truth = await sim.control<{ interaction: string[] }>('GET', '/_sim/truth');
    const expected = truth.interaction.length;
    const creds = sim.connect.leastPrivilegeClient;
    const common = {
      apiUrl: sim.connect.apiUrl,
      loginUrl: sim.connect.loginUrl,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
    };
    const out: SizeResult = { size, stored: 0, baseline: Object.fromEntries(baselines.map((b) => [b, []])), sync: [] };

    console.log(`== ${fmt.int(size)} conversations (simulator pid ${sim.pid}; truth: ${fmt.int(expected)} interactions)`);
    for (let w = 0; w < warmups; w++) {
      const { result } = await measure(sim, () => runBaseline(common, primary));
      console.log(`  warm-up  baseline ${primary}: ${fmt.rate(result.conversations / result.seconds)}`);
    }
    for (let r = 1; r <= repeats; r++) {
      for (const mode of baselines) {
        const run = await measure(sim, () => runBaseline(common, mode));
        const b = run.result;
        if (b.conversations !== expected) throw new Error(`baseline read ${b.conversations} conversations, truth has ${expected}`);
        out.baseline[mode]?.push(run);
        console.log(
          `  run ${r}  baseline ${mode.padEnd(5)}: ${fmt.int(b.conversations)} in ${fmt.s(b.seconds)} = ${fmt.rate(b.conversations / b.seconds)}` +
            ` (${b.pages} pages, ${fmt.mb(b.bytes)}; client cpu ${fmt.s(b.cpuSeconds)}, simulator cpu ${fmt.s(run.simCpuSeconds)}; load ${run.load.toFixed(2)})`,
        );
      }
      const run = await measure(sim, () => runSyncWorker(common, r));
      const s = run.result;
      const stored = s.counts.interaction ?? 0;
      if (s.status !== 'succeeded' || stored !== expected) {
        throw new Error(`sync ${s.status} with ${stored} interactions stored, truth has ${expected}: ${JSON.stringify(s.streams)}`);
      }
      out.stored = stored;
      out.sync.push(run);
      console.log(
        `  run ${r}  sync          : ${fmt.int(stored)} in ${fmt.s(s.seconds)} = ${fmt.rate(stored / s.seconds)}` +
          ` (${s.requests} requests; peak RSS ${fmt.mb(s.maxRssBytes)}, before sync ${fmt.mb(s.rssBeforeSyncBytes)}, peak heap ${fmt.mb(s.sampledPeakHeapBytes)};` +
          ` sync cpu ${fmt.s(s.cpuSeconds)} (gc ${fmt.s(s.gcSeconds)}), simulator cpu ${fmt.s(run.simCpuSeconds)}; load ${run.load.toFixed(2)})`,
      );
    }
    console.log('');
    return out;
  } finally {
    await sim.stop();
  }
}

async function measure<T>(sim: SimProcess, fn: () => Promise<T>): Promise<Timed<T>> {
  const cpu = sim.cpuSeconds();
  const result = await fn();
  return { result, simCpuSeconds: sim.cpuSeconds() - cpu, load: os.loadavg()[0] ?? 0 };
}

type Common = Pick<BaselineConfig, 'apiUrl' | 'loginUrl' | 'clientId' | 'clientSecret'>;

async function runBaseline(common: Common, cursorMode: 'scan' | 'parse'): Promise<BaselineResult> {
  const config: BaselineConfig = { ...common, backfillDays, pageSize: 1000, cursorMode };
  return (await runWorker<BaselineResult>(BASELINE, config)).result;
}

async function runSyncWorker(common: Common, run: number): Promise<SyncWorkerResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-bench-'));
  const config: SyncWorkerConfig = { ...common, dataDir, streams: ['interactions'], backfillDays, media: false };
  const profile = flags.profile
    ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `sync-${Date.now()}-run${run}.cpuprofile`]
    : [];
  const nodeArgs = [...syncNodeArgs, ...profile];
  try {
    return (await runWorker<SyncWorkerResult>(SYNC, config, nodeArgs)).result;
  } finally {
    if (flags.keep) console.log(`  (kept ${dataDir})`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

function printSummary(all: SizeResult[]): void {
  const rows: string[][] = [];
  const checks: Array<[string, boolean]> = [];
  const peaks = new Map<number, number>();
  for (const r of all) {
    const syncRates = r.sync.map((t) => r.stored / t.result.seconds);
    // Each sync against the baseline measured just before it, on the same simulator.
    const ratios = r.sync.map((t, i) => {
      const b = r.baseline[primary]?.[i]?.result;
      return b ? r.stored / t.result.seconds / (b.conversations / b.seconds) : Number.NaN;
    });
    const peak = Math.max(...r.sync.map((t) => t.result.maxRssBytes));
    peaks.set(r.size, median(r.sync.map((t) => t.result.maxRssBytes)));
    const row = [fmt.int(r.size)];
    for (const mode of baselines)
      row.push(fmt.rate(median((r.baseline[mode] ?? []).map((t) => t.result.conversations / t.result.seconds))));
    row.push(fmt.rate(median(syncRates)));
    for (const mode of baselines) {
      const vs = r.sync.map((t, i) => {
        const b = r.baseline[mode]?.[i]?.result;
        return b ? r.stored / t.result.seconds / (b.conversations / b.seconds) : Number.NaN;
      });
      row.push(fmt.pct(median(vs)));
    }
    row.push(
      fmt.rate(median(r.sync.map((t) => r.stored / t.result.resultPageSeconds))),
      `${median(r.sync.map((t) => (t.result.cpuSeconds * 1e6) / r.stored)).toFixed(0)} µs`,
      `${median(r.sync.map((t) => (t.result.gcSeconds * 1e6) / r.stored)).toFixed(0)} µs`,
      `${median(r.sync.map((t) => (t.simCpuSeconds * 1e6) / r.stored)).toFixed(0)} µs`,
      fmt.mb(peak),
      fmt.mb(median(r.sync.map((t) => t.result.rssBeforeSyncBytes))),
    );
    rows.push(row);
    checks.push([
      `${fmt.int(r.size)}: sync/baseline(${primary}) >= ${fmt.pct(TARGET_RATIO)} (median ${fmt.pct(median(ratios))})`,
      median(ratios) >= TARGET_RATIO,
    ]);
    checks.push([
      `${fmt.int(r.size)}: >= ${fmt.int(TARGET_RATE)} interactions/s (median ${fmt.rate(median(syncRates))})`,
      median(syncRates) >= TARGET_RATE,
    ]);
    checks.push([
      `${fmt.int(r.size)}: sync peak RSS <= ${fmt.mb(TARGET_RSS)} (largest of ${r.sync.length}: ${fmt.mb(peak)})`,
      peak <= TARGET_RSS,
    ]);
  }
  if (all.length >= 2) {
    const small = all[0] as SizeResult;
    const large = all[all.length - 1] as SizeResult;
    const a = peaks.get(small.size) as number;
    const b = peaks.get(large.size) as number;
    checks.push([
      `peak RSS does not grow: ${fmt.int(small.size)} -> ${fmt.int(large.size)} conversations, ${fmt.mb(a)} -> ${fmt.mb(b)} (median peaks; tolerance +${fmt.pct(RSS_GROWTH_TOLERANCE)})`,
      b <= a * (1 + RSS_GROWTH_TOLERANCE),
    ]);
  }
  console.log('Summary (medians of the runs; peak RSS is the largest; rates are end to end: token, job, pages, commits)');
  console.log(
    table(
      [
        'conversations',
        ...baselines.map((b) => `baseline ${b}`),
        'sync',
        ...baselines.map((b) => `sync/${b}`),
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
