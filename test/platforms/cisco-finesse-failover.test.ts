// Primary and secondary Finesse nodes (reference §2): reads move to the secondary while the primary is
// out of service on UCCX; on UCCE only team mode may (the secondary refuses configuration APIs), and
// admin mode says so, naming both nodes.
import { beforeEach, describe, expect, it } from 'vitest';
import { testConnection } from '../../src/connections/service.ts';
import { syncNow } from '../harness/sync-harness.ts';
import { expectSyncedTruth, finesseSettings, served, setNode, useFinesse, withConnection, type FinesseSim } from './cisco-finesse-sim.ts';

describe('Cisco Finesse failover (UCCX)', () => {
  const suite = useFinesse({ deployment: 'uccx' }, 'secondary');
  let sim: FinesseSim;
  beforeEach(() => {
    sim = suite.sim;
  });

  it('reads from the secondary while the primary is out of service, in admin mode too', async () => {
    await setNode(sim, 'primary', 'OUT_OF_SERVICE');
    const before = await served(sim);
    await withConnection(finesseSettings(sim, sim.connect.admin, { mode: 'admin' }), 'oos', async (conn) => {
      const verdict = await testConnection(conn.svc, conn.name);
      expect(verdict.ok, verdict.verdict).toBe(true);
      expect(verdict.report?.details).toMatchObject({ readingFrom: `${sim.connect.secondaryHost} (secondary)` });
      expect(String(verdict.report?.details.primary)).toMatch(/out of service/);
      await expectSyncedTruth(sim, conn);
    });
    const after = await served(sim);
    // The primary only answered SystemInfo (once per session); every authenticated read went to the secondary.
    expect(after.secondary.requests - before.secondary.requests).toBeGreaterThan(10);
    expect(after.primary.requests - before.primary.requests).toBeLessThanOrEqual(6);
  });

  it('reads from the secondary when the primary does not answer at all', async () => {
    await setNode(sim, 'primary', 'DOWN');
    await withConnection(finesseSettings(sim, sim.connect.leastPrivilege), 'down', async (conn) => {
      const summary = await syncNow(conn, {}, { streams: ['teams'] });
      expect(summary.status, JSON.stringify(summary.streams)).toBe('succeeded');
    });
  });

  it('names both nodes when neither can serve', async () => {
    await setNode(sim, 'primary', 'OUT_OF_SERVICE');
    await setNode(sim, 'secondary', 'OUT_OF_SERVICE');
    await withConnection(finesseSettings(sim, sim.connect.leastPrivilege), 'both', async (conn) => {
      const verdict = await testConnection(conn.svc, conn.name);
      expect(verdict.ok).toBe(false);
      expect(verdict.verdict).toMatch(
        new RegExp(
          `neither node can serve: primary ${sim.connect.host} is out of service.*secondary ${sim.connect.secondaryHost} is out of service`,
        ),
      );
      expect((await conn.connection()).status).not.toBe('auth_failed');
    });
  });

  it('says there is no secondary to use when none is configured', async () => {
    await setNode(sim, 'primary', 'OUT_OF_SERVICE');
    const creds = finesseSettings(sim, sim.connect.leastPrivilege);
    delete creds.settings.secondaryHost;
    await withConnection(creds, 'single', async (conn) => {
      const verdict = await testConnection(conn.svc, conn.name);
      expect(verdict.verdict).toMatch(/no --secondary-host is configured/);
    });
  });
});

describe('Cisco Finesse failover (UCCE)', () => {
  const suite = useFinesse({ deployment: 'ucce' }, 'secondary');
  let sim: FinesseSim;
  beforeEach(async () => {
    sim = suite.sim;
    await setNode(sim, 'primary', 'OUT_OF_SERVICE');
  });

  it('admin mode refuses the secondary, naming both nodes, and sends no credentials', async () => {
    const before = await served(sim);
    await withConnection(finesseSettings(sim, sim.connect.admin, { mode: 'admin' }), 'ucce-admin', async (conn) => {
      const summary = await syncNow(conn);
      expect(summary.status).toBe('failed');
      const reason = summary.streams[0]?.reason ?? '';
      expect(reason).toContain(`primary node ${sim.connect.host} is out of service`);
      expect(reason).toContain(`cannot read from the secondary ${sim.connect.secondaryHost}: a UCCE secondary refuses configuration APIs`);
      expect((await conn.connection()).status).not.toBe('auth_failed');
    });
    // SystemInfo only, without credentials: once for each stream's attempt to pick a node.
    const after = await served(sim);
    expect(after.secondary.requests - before.secondary.requests).toBeLessThanOrEqual(4);
  });

  it('team mode reads the desktop APIs from the secondary', async () => {
    const lp = sim.connect.leastPrivilege;
    await withConnection(finesseSettings(sim, lp), 'ucce-team', (conn) => expectSyncedTruth(sim, conn, lp));
  });
});
