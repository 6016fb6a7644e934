// The connector conformance suite: every platform's connector against its simulator, on SQLite and
// PostgreSQL. A new platform joins by adding its harness to test/harness/platforms.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireConnector } from '../../src/connectors/catalog.ts';
import { testConnection } from '../../src/connections/service.ts';
import { entitySchemas, type Entity } from '../../src/model.ts';
import type { RunningSimulator } from '../../src/simulators/index.ts';
import { dialects } from '../harness/databases.ts';
import { platformHarnesses, simJson, statsOf } from '../harness/platforms.ts';
import { connectTo, expectGroundTruth, syncNow, type TestConnection } from '../harness/sync-harness.ts';

const SIZES = { users: 30, queues: 5, conversations: 400, days: 5 };

describe.each(platformHarnesses.flatMap((h) => dialects.map((d) => [h.platform, d, h] as const)))(
  '%s conformance (%s)',
  (platform, dialect, harness) => {
    let sim: RunningSimulator;
    const connections: TestConnection[] = [];
    const connect = async (creds = harness.credentials(sim), name?: string) => {
      const conn = await connectTo(dialect, platform, creds, name);
      connections.push(conn);
      return conn;
    };

    beforeAll(async () => {
      sim = await harness.start({ sizes: SIZES, seed: 7 });
    });
    afterAll(async () => {
      await Promise.all(connections.map((c) => c.cleanup()));
      await sim.close();
    });

    it('verifies credentials with a real token and a real call', async () => {
      const conn = await connect();
      const verdict = await testConnection(conn.svc, conn.name);
      expect(verdict.ok).toBe(true);
      expect((await conn.connection()).status).toBe('ok');
    });

    it('pages through every listing with small pages and ends with exactly the ground truth', async () => {
      const conn = await connect();
      const summary = await syncNow(conn, { maxPageSize: 7 });
      expect(summary.streams.filter((s) => s.status !== 'succeeded')).toEqual([]);
      expect(summary.streams.find((s) => s.stream === 'agents')?.pages).toBeGreaterThan(2);
      await expectGroundTruth(conn, await harness.truth(sim));
    });

    it('stores records that are valid against the unified model', async () => {
      const conn = await connect();
      await syncNow(conn, { media: true });
      const row = await conn.connection();
      const entities = new Set(requireConnector(platform).streams.flatMap((s) => s.entities));
      for (const entity of entities) {
        const ids = await conn.svc.store.records.externalIds(row.id, entity);
        for (const id of ids.slice(0, 50)) {
          const stored = await conn.svc.store.records.get(row.id, entity as Entity, id);
          const { connectionId: _c, syncedAt: _s, deletedAt: _d, ...record } = stored as Record<string, unknown>;
          const parsed = entitySchemas[entity as Entity].safeParse(record);
          expect(parsed.success, `${entity} ${id}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
        }
      }
      const recordings = await conn.svc.store.records.externalIds(row.id, 'recording');
      if (recordings.length) {
        const rec = await conn.svc.store.records.get(row.id, 'recording', recordings[0] as string);
        expect(rec?.state).toBe('stored');
        expect(rec?.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(rec?.bytes).toBeGreaterThan(0);
      }
    });

    it('resumes incremental streams from the saved cursor and marks vanished records deleted', async () => {
      const conn = await connect();
      await syncNow(conn);
      const truthBefore = await harness.truth(sim);
      const agentToDelete = truthBefore.agent?.[0] as string;
      await harness.deleteAgent(sim, agentToDelete);
      await simJson(sim, '/_sim/clock', { advanceSeconds: 6 * 3600 });
      const before = await statsOf(sim);
      const second = await syncNow(conn);
      const after = await statsOf(sim);
      expect(second.status).toBe('succeeded');
      await expectGroundTruth(conn, await harness.truth(sim));
      const row = await conn.connection();
      const gone = await conn.svc.store.records.get(row.id, 'agent', agentToDelete);
      expect(gone?.deletedAt).toBeInstanceOf(Date);
      // The second run moved forward from its cursor instead of backfilling again.
      const jobs = (s: typeof before) =>
        Object.entries(s.byFamily)
          .filter(([k]) => k.startsWith('POST') && k.includes('/jobs'))
          .reduce((n, [, v]) => n + v, 0);
      expect(jobs(after) - jobs(before)).toBe(0);
      // Conversations open at the first sync have ended since, and were re-read.
      for (const id of truthBefore.openInteractions ?? []) {
        const rec = await conn.svc.store.records.get(row.id, 'interaction', id);
        expect(rec?.endedAt, `interaction ${id} should have ended`).not.toBeNull();
      }
      await harness.restore(sim);
    });

    it('rides out 429s and 5xx answers', async () => {
      await simJson(sim, '/_sim/faults', { spec: '5xx=0.1,429=0.04' });
      try {
        const conn = await connect();
        const summary = await syncNow(conn);
        expect(summary.streams.filter((s) => s.status !== 'succeeded')).toEqual([]);
        await expectGroundTruth(conn, await harness.truth(sim));
        const stats = await statsOf(sim);
        expect(stats.tooManyRequests).toBeGreaterThan(0);
      } finally {
        await simJson(sim, '/_sim/faults', { spec: '' });
      }
    });

    it.skipIf(!harness.withoutPermission)('skips a stream whose permission is missing, naming it, and syncs the rest', async () => {
      const probe = harness.probe as NonNullable<typeof harness.probe>;
      const conn = await connect(await harness.withoutPermission?.(sim), 'restricted');
      const summary = await syncNow(conn, { media: false });
      const skipped = summary.streams.find((s) => s.stream === probe.stream);
      expect(skipped?.status).toBe('skipped');
      for (const words of probe.mentions) expect(skipped?.reason).toContain(words);
      expect(summary.streams.filter((s) => s.stream !== probe.stream).every((s) => s.status === 'succeeded')).toBe(true);
      expect(summary.status).toBe('partial');
    });
  },
);
