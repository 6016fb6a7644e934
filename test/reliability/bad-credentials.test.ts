// Bad credentials: exactly one failed token request, a clear error naming the cause, the connection
// marked auth_failed, and not one more token request until the credentials are changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection, updateConnection } from '../../src/connections/service.ts';
import { ConnectionBlockedError } from '../../src/engine/sync-runner.ts';
import type { RunningSimulator } from '../../src/simulators/index.ts';
import { dialects } from '../harness/databases.ts';
import { platformHarnesses, statsOf } from '../harness/platforms.ts';
import { connectTo, syncNow } from '../harness/sync-harness.ts';

describe.each(platformHarnesses.flatMap((h) => dialects.map((d) => [h.platform, d, h] as const)))(
  '%s bad credentials (%s)',
  (platform, dialect, harness) => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await harness.start({ sizes: { users: 10, queues: 2, conversations: 20, days: 1 } });
    });
    afterAll(() => sim.close());

    it('fails once, says why, blocks the connection and sends nothing more until the credentials change', async () => {
      const conn = await connectTo(dialect, platform, harness.wrongCredentials(sim));
      try {
        const before = await statsOf(sim);
        const failedBefore = await harness.failedLogins(sim);
        const summary = await syncNow(conn);
        const after = await statsOf(sim);
        expect((await harness.failedLogins(sim)) - failedBefore).toBe(1);
        expect(after.requests - before.requests).toBe(1 + harness.requestsBeforeAuth);
        expect(summary.status).toBe('failed');
        const first = summary.streams[0];
        expect(first?.status).toBe('failed');
        expect(first?.reason).toMatch(/credentials rejected/);
        expect(summary.streams.slice(1).every((s) => s.status === 'skipped' && /rejected the credentials/.test(s.reason ?? ''))).toBe(true);

        const row = await conn.connection();
        expect(row.status).toBe('auth_failed');
        expect(row.statusReason).toBeTruthy();

        // A scheduled or repeated sync sends nothing at all.
        await expect(syncNow(conn)).rejects.toBeInstanceOf(ConnectionBlockedError);
        await expect(syncNow(conn)).rejects.toThrow(/connections update/);
        expect((await statsOf(sim)).requests).toBe(after.requests);

        // New credentials clear the block, and the sync works.
        await updateConnection(conn.svc, conn.name, { settings: {}, secrets: harness.credentials(sim).secrets });
        expect((await conn.connection()).status).toBe('new');
        expect((await testConnection(conn.svc, conn.name)).ok).toBe(true);
        expect((await syncNow(conn, { media: false })).status).toBe('succeeded');
      } finally {
        await conn.cleanup();
      }
    });

    it('lets an operator retry explicitly with connections test, one request at a time', async () => {
      const conn = await connectTo(dialect, platform, harness.wrongCredentials(sim), 'explicit');
      try {
        const failedBefore = await harness.failedLogins(sim);
        const verdict = await testConnection(conn.svc, conn.name);
        expect(verdict.ok).toBe(false);
        expect(verdict.verdict).toMatch(/rejected the credentials/);
        expect((await conn.connection()).status).toBe('auth_failed');
        expect((await harness.failedLogins(sim)) - failedBefore).toBe(1);
      } finally {
        await conn.cleanup();
      }
    });
  },
);
