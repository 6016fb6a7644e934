// Crash-resume: a `switchboard sync` process killed with SIGKILL at random points, again and again,
// then run to completion, ends with exactly the ground truth: nothing lost, nothing doubled.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulators/index.ts';
import { openStore } from '../../src/store/index.ts';
import { addConnectionArgs, collect, runCli, spawnCli } from '../harness/cli.ts';
import { dialects, freshDatabaseUrl } from '../harness/databases.ts';
import { platformHarnesses, simJson } from '../harness/platforms.ts';
import { tempDir } from '../harness/sync-harness.ts';

const KILLS = 5;
const NAME = 'crashy';

describe.each(platformHarnesses.flatMap((h) => dialects.map((d) => [h.platform, d, h] as const)))(
  '%s crash-resume (%s)',
  (platform, dialect, harness) => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await harness.start({ sizes: { users: 80, queues: 6, conversations: 1500, days: 4 }, seed: 5 });
      // A little latency on every call keeps the sync busy long enough to be killed mid-flight.
      await simJson(sim, '/_sim/faults', { spec: `latency=${harness.crashLatencyMs}` });
    });
    afterAll(() => sim.close());

    it(`survives ${KILLS} SIGKILLs at random points`, async () => {
      const dataDir = await tempDir();
      const env = {
        SWITCHBOARD_DATA_DIR: dataDir,
        SWITCHBOARD_DATABASE_URL: dialect === 'postgres' ? await freshDatabaseUrl() : undefined,
      };
      try {
        const add = addConnectionArgs(platform, NAME, harness.credentials(sim));
        const added = await runCli(add.args, { ...env, ...add.env });
        expect(added.code, added.stderr).toBe(0);

        const delays: number[] = [];
        for (let kills = 0; kills < KILLS;) {
          const child = spawnCli(['sync', NAME, '--max-page-size', '20'], env);
          const done = collect(child);
          // Kill somewhere inside the sync: after its first stream started, at a random moment.
          await new Promise<void>((resolve) => {
            const onData = (d: Buffer) => {
              if (!d.toString().includes('started')) return;
              child.stderr?.off('data', onData);
              const delay = 50 + Math.floor(Math.random() * 2500);
              delays.push(delay);
              setTimeout(() => {
                child.kill('SIGKILL');
                resolve();
              }, delay);
            };
            child.stderr?.on('data', onData);
            child.once('close', () => resolve());
          });
          const result = await done;
          if (result.signal === 'SIGKILL') kills++;
        }
        const final = await runCli(['sync', NAME, '--max-page-size', '20', '--json'], env);
        expect(final.code, `kills after ${delays.join(', ')} ms\n${final.stderr}`).toBe(0);
        expect(JSON.parse(final.stdout).status).toBe('succeeded');

        const store = await openStore({ dataDir, databaseUrl: env.SWITCHBOARD_DATABASE_URL });
        try {
          const conn = await store.connections.get(NAME);
          const truth = await harness.truth(sim);
          for (const [entity, ids] of Object.entries(truth)) {
            if (entity === 'openInteractions') continue;
            expect(await store.records.externalIds(conn!.id, entity as never), `${entity} after kills at ${delays.join(', ')} ms`).toEqual(
              ids,
            );
          }
          // Media that a kill interrupted was fetched again: every stored blob is whole.
          for (const id of (await store.records.externalIds(conn!.id, 'recording')).slice(0, 40)) {
            const rec = await store.records.get(conn!.id, 'recording', id);
            expect(rec?.state).toBe('stored');
            const bytes = await readFile(path.join(dataDir, 'blobs', rec!.blobKey!));
            expect(createHash('sha256').update(bytes).digest('hex')).toBe(rec?.sha256);
          }
        } finally {
          await store.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }, 240_000);
  },
);
