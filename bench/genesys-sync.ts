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
import path from 'node:path';
import type { BaselineConfig } from './genesys/baseline-worker.ts';
import { REPO_ROOT, startGenesysSim } from './lib/processes.ts';
import { runSyncBench, syncBenchFlags } from './lib/sync-bench.ts';

const flags = syncBenchFlags(process.argv.slice(2), { days: 30 });
const PAGE_SIZE = 1000;

await runSyncBench({
  title: 'Genesys Cloud interactions sync vs bare fetch-and-discard (unthrottled simulator)',
  noun: 'conversations',
  workload: `history ${flags.days} days, backfill ${flags.backfillDays} days; page size ${PAGE_SIZE}`,
  endToEnd: 'token, job, pages, commits',
  baselineScript: path.join(REPO_ROOT, 'bench/genesys/baseline-worker.ts'),
  flags,
  targets: { ratio: 0.6, rate: 10_000, rss: 250 * 2 ** 20, rssGrowth: 0.1 },
  async startSim(size) {
    const sim = await startGenesysSim({ conversations: size, days: flags.days, rateLimitPerMinute: 0 });
    // Every conversation is visible to the jobs API at once, and the data stands still.
    await sim.control('POST', '/_sim/clock', { frozen: true, availabilityLagSeconds: 0 });
    const truth = await sim.control<{ interaction: string[] }>('GET', '/_sim/truth');
    const { apiUrl, loginUrl, leastPrivilegeClient: creds } = sim.connect;
    const baseline: Omit<BaselineConfig, 'mode'> = {
      apiUrl,
      loginUrl,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      backfillDays: flags.backfillDays,
      pageSize: PAGE_SIZE,
    };
    return {
      sim,
      expected: truth.interaction.length,
      baseline,
      sync: {
        platform: 'genesys-cloud',
        settings: { region: 'mypurecloud.com', clientId: creds.clientId, apiUrl, loginUrl },
        secrets: { clientSecret: creds.clientSecret },
        pagePattern: '/results$',
        streams: ['interactions'],
        backfillDays: flags.backfillDays,
        media: false,
      },
    };
  },
});
