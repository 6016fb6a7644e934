// Benchmark: a full Genesys Cloud sync against a throttled simulator. Does the proactive rate budget use
// the allowance without tripping the limit, and does every record arrive?
//
//   node --import tsx bench/genesys-throttled.ts [--rate-limit 3000/min] [--conversations 6000]
//        [--users 1000] [--queues 100] [--days 30] [--page-size 25] [--streams a,b,…] [--repeats 1] [--keep]
//
// Default workload: every stream except recording media (divisions, agents, queues and members, wrap-up
// codes, presence definitions, interactions, recording metadata), pages of 25, so that thousands of
// requests (about 75 s at 50/s) go through the per-token budget. Targets: >= 90% of the allowed request
// rate over the whole sync, <= 1% of requests answered 429, and the stored ids of every synced entity
// equal the simulator's ground truth (GET /_sim/truth).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseRateLimit } from '../src/cli/sim-command.ts';
import type { Entity } from '../src/model.ts';
import { openStore } from '../src/store/index.ts';
import { REPO_ROOT, runWorker, startGenesysSim } from './lib/processes.ts';
import { fmt, intFlag, load, machine, median, parseFlags, table, verdict } from './lib/report.ts';
import type { SyncWorkerConfig, SyncWorkerResult } from './lib/sync-worker.ts';

const TARGET_SHARE = 0.9;
const MAX_429_SHARE = 0.01;
const ALL_BUT_MEDIA = ['divisions', 'agents', 'queues', 'wrapup-codes', 'reason-codes', 'interactions', 'recordings'];
/** Entities each stream writes (as /_sim/truth names them). */
const STREAM_ENTITIES: Record<string, Entity[]> = {
  divisions: ['division'],
  agents: ['agent'],
  queues: ['queue', 'queueMember'],
  'wrapup-codes': ['wrapUpCode'],
  'reason-codes': ['reasonCode'],
  interactions: ['interaction'],
  recordings: ['recording'],
};

const flags = parseFlags(process.argv.slice(2), {
  'rate-limit': 'string',
  conversations: 'string',
  users: 'string',
  queues: 'string',
  days: 'string',
  'page-size': 'string',
  streams: 'string',
  repeats: 'string',
  keep: 'boolean',
});
const perMinute = parseRateLimit(String(flags['rate-limit'] ?? '3000/min'));
if (!(perMinute > 0)) throw new Error('--rate-limit must be above 0: this benchmark is about throttling');
const allowedPerSecond = perMinute / 60;
const conversations = intFlag(flags, 'conversations', 6000);
const users = intFlag(flags, 'users', 1000);
const queues = intFlag(flags, 'queues', 100);
const days = intFlag(flags, 'days', 30);
const pageSize = intFlag(flags, 'page-size', 25);
const repeats = Math.max(1, intFlag(flags, 'repeats', 1));
const streams = flags.streams ? String(flags.streams).split(',') : ALL_BUT_MEDIA;
for (const s of streams) if (!STREAM_ENTITIES[s]) throw new Error(`unknown stream ${s}; one of ${Object.keys(STREAM_ENTITIES).join(', ')}`);

interface Stats {
  requests: number;
  tokenRequests: number;
  tooManyRequests: number;
  byStatus: Record<string, number>;
  byFamily: Record<string, number>;
}

interface RunResult {
  apiRequests: number;
  tooMany: number;
  seconds: number;
  requestSeconds: number;
  mismatches: string[];
  stored: Record<string, number>;
}

console.log('Genesys Cloud sync against a throttled simulator');
console.log(
  Object.entries(machine())
    .map(([k, v]) => `${k}: ${v}`)
    .join(' | '),
);
console.log(
  `limit ${fmt.int(perMinute)}/min per token (${allowedPerSecond.toFixed(1)}/s); ${fmt.int(conversations)} conversations over ${days} days, ` +
    `${users} users, ${queues} queues; page size ${pageSize}; streams ${streams.join(', ')} (no media)`,
);
console.log(`${load()}\n`);

const runs: RunResult[] = [];
for (let r = 1; r <= repeats; r++) runs.push(await runOnce(r));

const rows = runs.map((x, i) => [
  String(i + 1),
  fmt.int(x.apiRequests),
  fmt.s(x.seconds),
  `${(x.apiRequests / x.seconds).toFixed(1)}/s`,
  fmt.pct(x.apiRequests / x.seconds / allowedPerSecond),
  `${(x.apiRequests / x.requestSeconds).toFixed(1)}/s`,
  `${x.tooMany} (${fmt.pct(x.tooMany / x.apiRequests)})`,
  x.mismatches.length ? 'NO' : 'yes',
]);
console.log(table(['run', 'API requests', 'sync time', 'achieved', 'of allowed', 'first→last request', '429s', 'equals truth'], rows));

const share = median(runs.map((x) => x.apiRequests / x.seconds / allowedPerSecond));
const worst429 = Math.max(...runs.map((x) => x.tooMany / x.apiRequests));
const lost = runs.flatMap((x) => x.mismatches);
const checks: Array<[string, boolean]> = [
  [
    `achieved >= ${fmt.pct(TARGET_SHARE)} of the allowed ${allowedPerSecond.toFixed(1)} requests/s over the whole sync (median ${fmt.pct(share)})`,
    share >= TARGET_SHARE,
  ],
  [`<= ${fmt.pct(MAX_429_SHARE)} of requests answered 429 (worst run ${fmt.pct(worst429)})`, worst429 <= MAX_429_SHARE],
  [
    `nothing lost: stored ids equal /_sim/truth for ${[...new Set(streams.flatMap((s) => STREAM_ENTITIES[s] ?? []))].join(', ')}`,
    lost.length === 0,
  ],
];
console.log(`\n${load()}`);
for (const m of lost) console.log(`  ${m}`);
for (const [text, ok] of checks) console.log(`${verdict(ok)}  ${text}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(failed ? `\n${failed} target(s) not met` : '\nall targets met');
process.exitCode = failed ? 1 : 0;

async function runOnce(run: number): Promise<RunResult> {
  // A fresh simulator per run: its fixed 60-second windows and its request statistics start clean.
  const sim = await startGenesysSim({ conversations, days, users, queues, rateLimitPerMinute: perMinute });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-bench-'));
  try {
    // Every conversation ended or not is visible to the jobs API at once, and the data stands still.
    await sim.control('POST', '/_sim/clock', { frozen: true, availabilityLagSeconds: 0 });
    await sim.control('DELETE', '/_sim/stats');
    const creds = sim.connect.leastPrivilegeClient;
    const config: SyncWorkerConfig = {
      platform: 'genesys-cloud',
      settings: { region: 'mypurecloud.com', clientId: creds.clientId, apiUrl: sim.connect.apiUrl, loginUrl: sim.connect.loginUrl },
      secrets: { clientSecret: creds.clientSecret },
      pagePattern: '/results$',
      dataDir,
      streams,
      backfillDays: days + 1,
      maxPageSize: pageSize,
      media: false,
    };
    const { result: sync } = await runWorker<SyncWorkerResult>(path.join(REPO_ROOT, 'bench/lib/sync-worker.ts'), config);
    const stats = await sim.control<Stats>('GET', '/_sim/stats');
    const truth = await sim.control<Record<string, string[]>>('GET', '/_sim/truth');

    const apiRequests = stats.requests - stats.tokenRequests;
    const mismatches = await compareWithTruth(dataDir, truth);
    if (sync.status !== 'succeeded')
      mismatches.push(`sync ${sync.status}: ${JSON.stringify(sync.streams.filter((s) => s.status !== 'succeeded'))}`);
    const families = Object.entries(stats.byFamily)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join('; ');
    console.log(
      `run ${run}: ${fmt.int(apiRequests)} API requests (+${stats.tokenRequests} token) in ${fmt.s(sync.seconds)}; ` +
        `statuses ${JSON.stringify(stats.byStatus)}; client saw ${sync.requests} requests, ${sync.retries} retries; ` +
        `peak RSS ${fmt.mb(sync.maxRssBytes)}; load ${(os.loadavg()[0] ?? 0).toFixed(2)}`,
    );
    console.log(`  by route: ${families}`);
    console.log(
      `  streams: ${sync.streams.map((s) => `${s.stream} ${s.status} ${s.records} records/${s.pages} pages ${s.seconds.toFixed(1)}s`).join('; ')}\n`,
    );
    return {
      apiRequests,
      tooMany: stats.tooManyRequests,
      seconds: sync.seconds,
      requestSeconds: sync.requestWindowSeconds,
      mismatches,
      stored: sync.counts,
    };
  } finally {
    await sim.stop();
    if (flags.keep) console.log(`(kept ${dataDir})`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

/** For each entity the synced streams write: ids missing from the store, and ids the truth lacks. */
async function compareWithTruth(dataDir: string, truth: Record<string, string[]>): Promise<string[]> {
  const store = await openStore({ dataDir });
  try {
    const connection = await store.connections.get('bench');
    if (!connection) return ['no connection in the store'];
    const out: string[] = [];
    for (const entity of new Set(streams.flatMap((s) => STREAM_ENTITIES[s] ?? []))) {
      const expected = new Set(truth[entity] ?? []);
      const stored = new Set(await store.records.externalIds(connection.id, entity));
      const missing = [...expected].filter((id) => !stored.has(id));
      const extra = [...stored].filter((id) => !expected.has(id));
      if (missing.length || extra.length) {
        out.push(
          `${entity}: ${missing.length} of ${expected.size} missing, ${extra.length} not in the truth (e.g. ${[...missing, ...extra].slice(0, 3).join(', ')})`,
        );
      }
    }
    return out;
  } finally {
    await store.close();
  }
}
