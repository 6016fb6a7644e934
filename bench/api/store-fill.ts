// The API benchmark's data: `size` completed contacts served by the NICE CXone simulator (in its own
// process) and synced into the store by fill-worker.ts (in another). A real sync rather than rows made up
// here: the records, their raw payloads and their ids are what a user's store holds, and the CXone
// simulator is the fastest source there is (contacts are computed from the seed, 10 000 a response).
import path from 'node:path';
import type { NiceCxoneConnect } from '../../src/simulators/index.ts';
import { REPO_ROOT, runWorker, startSimServer } from '../lib/processes.ts';
import type { FillConfig, FillResult } from './fill-worker.ts';

const WORKER = path.join(REPO_ROOT, 'bench/api/fill-worker.ts');
/** The simulator's last 50 contacts complete after its start (not synced while its clock stands still). */
const PENDING = 50;
/** History the contacts span; the backfill reaches one day further, all of it by `updatedSince`. */
const DAYS = 28;

export interface FillOptions {
  size: number;
  dataDir: string;
  databaseUrl?: string;
  seed: number;
}

export async function fillStore(opts: FillOptions): Promise<FillResult & { processSeconds: number }> {
  const sim = await startSimServer<NiceCxoneConnect>('nice-cxone', {
    unthrottled: true,
    seed: opts.seed,
    sizes: { conversations: opts.size + PENDING, days: DAYS },
  });
  try {
    // The data stands still: no contact completes while the sync reads.
    await sim.control('POST', '/_sim/clock', { frozen: true });
    const config: FillConfig = {
      dataDir: opts.dataDir,
      ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
      settings: sim.connect.connection.settings,
      secrets: sim.connect.connection.secrets,
      backfillDays: DAYS + 1,
    };
    const run = await runWorker<FillResult>(WORKER, config, ['--max-old-space-size=1024']);
    if (run.result.status !== 'succeeded' || run.result.interactions !== opts.size) {
      throw new Error(`the fill synced ${run.result.interactions} interactions (${run.result.status}), not ${opts.size}`);
    }
    return { ...run.result, processSeconds: run.processSeconds };
  } finally {
    await sim.stop();
  }
}
