// Fault storm: 10% 5xx, 5% 429, 2% connection resets, 1% truncated bodies and one token revocation in
// the middle of the sync; the sync must still end with exactly the simulator's ground truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulators/index.ts';
import { dialects } from '../harness/databases.ts';
import { platformHarnesses, simJson, statsOf } from '../harness/platforms.ts';
import { connectTo, expectGroundTruth, syncNow } from '../harness/sync-harness.ts';

describe.each(platformHarnesses.flatMap((h) => dialects.map((d) => [h.platform, d, h] as const)))(
  '%s fault storm (%s)',
  (platform, dialect, harness) => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      // Teams only matter to Finesse, whose requests are per team: enough of them for every fault kind to land.
      sim = await harness.start({ sizes: { users: 40, queues: 6, conversations: 300, days: 3, teams: 100 }, seed: 11 });
    });
    afterAll(() => sim.close());

    it('ends with exactly the ground truth, no duplicates, after every kind of fault', async () => {
      const conn = await connectTo(dialect, platform, harness.credentials(sim));
      try {
        await simJson(sim, '/_sim/faults', { spec: '5xx=0.1,429=0.05,reset=0.02,truncate=0.01' });
        let revoked = false;
        const summary = await syncNow(
          conn,
          { maxPageSize: 25 },
          {
            onProgress: (e) => {
              // One revocation, mid-sync: the next call gets a 401 and must recover with one fresh token.
              if (!revoked && harness.revokeTokens && e.type === 'stream-start' && e.stream === 'interactions') {
                revoked = true;
                void harness.revokeTokens(sim);
              }
            },
          },
        );
        const stats = await statsOf(sim);
        await simJson(sim, '/_sim/faults', { spec: '' });
        expect(summary.streams.filter((s) => s.status !== 'succeeded')).toEqual([]);
        for (const kind of ['5xx', '429', 'reset', 'truncate']) expect(stats.faults[kind], `${kind} faults injected`).toBeGreaterThan(0);
        if (harness.revokeTokens) {
          expect(revoked).toBe(true);
          expect(stats.tokenRequests).toBeGreaterThanOrEqual(2);
        }
        expect(await harness.failedLogins(sim)).toBe(0);
        await expectGroundTruth(conn, await harness.truth(sim));
        expect((await conn.connection()).status).toBe('ok');
      } finally {
        await conn.cleanup();
      }
    });
  },
);
