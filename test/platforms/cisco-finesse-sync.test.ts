// Cisco Finesse syncs against the simulator: what each kind of account reads, in each mode, ends with
// exactly the simulator's ground truth for that account; team mode says what part it saw; a role
// refusal skips streams without blocking; a wrong password costs one failed login, ever.
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectionBlockedError } from '../../src/engine/sync-runner.ts';
import type { ReasonCode, WrapUpCode } from '../../src/model.ts';
import { expectGroundTruth, syncNow, type TestConnection } from '../harness/sync-harness.ts';
import {
  control,
  expectSyncedTruth,
  failedLogins,
  finesseSettings,
  truthAs,
  useFinesse,
  withConnection,
  type FinesseSim,
} from './cisco-finesse-sim.ts';

describe('Cisco Finesse sync (UCCX simulator)', () => {
  const suite = useFinesse();
  let sim: FinesseSim;
  beforeEach(() => {
    sim = suite.sim;
  });

  const teamsOf = async () => (await truthAs(sim)).team;
  const reasonCode = async (conn: TestConnection, id: string) =>
    conn.svc.store.records.get((await conn.connection()).id, 'reasonCode', id) as Promise<
      (ReasonCode & { deletedAt: Date | null }) | undefined
    >;

  it('team mode: a supervisor syncs its own and supervised teams, labelled as such, system codes flagged', async () => {
    const [t1, t2, t3] = await teamsOf();
    const shared = await control<{ id: string }>(sim, '/_sim/reason-codes', {
      category: 'NOT_READY',
      code: 901,
      label: 'Switchboard test coaching',
      teamIds: [t3, t2],
    });
    const wrap = await control<{ id: string }>(sim, '/_sim/wrap-up-reasons', { label: 'Switchboard test escalated', teamIds: [t2] });
    const lp = sim.connect.leastPrivilege;
    await withConnection(finesseSettings(sim, lp), 'team', async (conn) => {
      const summary = await expectSyncedTruth(sim, conn, lp);
      for (const stream of summary.streams) {
        expect(stream.scope, stream.stream).toMatch(new RegExp(`^team mode: teams .*${t1}.* as seen by ${lp.loginName}`));
      }
      const coaching = await reasonCode(conn, shared.id);
      expect(coaching).toMatchObject({
        name: 'Switchboard test coaching',
        code: '901',
        category: 'not_ready',
        isSystem: false,
        teamIds: [t2, t3].sort(),
      });
      const row = await conn.connection();
      const escalated = (await conn.svc.store.records.get(row.id, 'wrapUpCode', wrap.id)) as WrapUpCode | undefined;
      expect(escalated?.teamIds).toEqual([t2]);
    });
  });

  it('flags system codes, keeping their platform code apart from the id', async () => {
    await withConnection(finesseSettings(sim, sim.connect.leastPrivilege), 'system-codes', async (conn) => {
      await syncNow(conn, {}, { streams: ['reason-codes'] });
      const row = await conn.connection();
      const codes = await Promise.all((await conn.svc.store.records.externalIds(row.id, 'reasonCode')).map((id) => reasonCode(conn, id)));
      const deviceConflict = codes.find((c) => c?.code === '32767');
      expect(deviceConflict).toMatchObject({ name: 'Device Conflict', category: 'logout', isSystem: true, teamIds: [] });
      expect(deviceConflict?.externalId).not.toBe('32767');
    });
  });

  it('admin mode: the administrator syncs everything, with every team assignment, and no scope label', async () => {
    const [, t2, t3] = await teamsOf();
    const shared = await control<{ id: string }>(sim, '/_sim/reason-codes', {
      category: 'LOGOUT',
      code: 902,
      label: 'Switchboard test training',
      teamIds: [t2, t3],
    });
    await withConnection(finesseSettings(sim, sim.connect.admin, { mode: 'admin' }), 'admin', async (conn) => {
      const summary = await expectSyncedTruth(sim, conn);
      expect(summary.streams.map((s) => s.scope)).toEqual([undefined, undefined, undefined, undefined]);
      expect(await reasonCode(conn, shared.id)).toMatchObject({ category: 'logout', teamIds: [t2, t3].sort() });
    });
  });

  it('team mode: a plain agent syncs itself, its team, and the codes its team sees', async () => {
    const agent = sim.connect.agent;
    await withConnection(finesseSettings(sim, agent), 'agent', async (conn) => {
      const summary = await expectSyncedTruth(sim, conn, agent);
      expect(summary.streams.find((s) => s.stream === 'agents')?.scope).toMatch(/not supervised: members not listed/);
    });
  });

  it('--team-id limits team mode to the teams named, and names those it cannot read', async () => {
    const [, t2] = await teamsOf();
    await withConnection(finesseSettings(sim, sim.connect.leastPrivilege, { teamIds: `${t2},999` }), 'limited', async (conn) => {
      const summary = await syncNow(conn);
      expect(summary.status, JSON.stringify(summary.streams)).toBe('succeeded');
      const row = await conn.connection();
      expect(await conn.svc.store.records.externalIds(row.id, 'team')).toEqual([t2]);
      const codes = summary.streams.find((s) => s.stream === 'reason-codes');
      expect(codes?.scope).toMatch(new RegExp(`team mode: team ${t2} \\(.+\\) as seen by sbsupervisor; team 999 not found`));
      expect(summary.streams.find((s) => s.stream === 'teams')?.scope).toMatch(/team 999 neither its team nor supervised by it/);
    });
  });

  it('marks what Finesse no longer lists as deleted', async () => {
    const created = await control<{ id: string }>(sim, '/_sim/wrap-up-reasons', { label: 'Switchboard test temporary', forAll: true });
    await withConnection(finesseSettings(sim, sim.connect.leastPrivilege), 'deletions', async (conn) => {
      await syncNow(conn);
      const res = await fetch(`${sim.connect.primaryUrl}/_sim/wrap-up-reasons/${created.id}`, { method: 'DELETE' });
      expect(res.ok).toBe(true);
      const summary = await syncNow(conn);
      expect(summary.streams.find((s) => s.stream === 'wrapup-codes')?.deleted).toBe(1);
      await expectGroundTruth(conn, { ...(await truthAs(sim, sim.connect.leastPrivilege)) });
    });
  });

  it('a supervisor in admin mode: every stream is skipped as "not an administrator", nothing is blocked', async () => {
    await withConnection(finesseSettings(sim, sim.connect.leastPrivilege, { mode: 'admin' }), 'not-admin', async (conn) => {
      const summary = await syncNow(conn);
      expect(summary.streams.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
      for (const stream of summary.streams) expect(stream.reason).toMatch(/administrator/);
      expect((await conn.connection()).status).not.toBe('auth_failed');
      expect(await failedLogins(sim)).toBe(0);
    });
  });

  it('a wrong password costs one failed login, blocks the connection, and the next sync sends nothing', async () => {
    const lp = sim.connect.leastPrivilege;
    await withConnection(finesseSettings(sim, { ...lp, password: 'not-the-password' }), 'wrong', async (conn) => {
      const summary = await syncNow(conn);
      expect(summary.status).toBe('failed');
      expect(summary.streams[0]?.reason).toMatch(/user name or password/);
      const row = await conn.connection();
      expect(row.status).toBe('auth_failed');
      expect(await failedLogins(sim)).toBe(1);
      await expect(syncNow(conn)).rejects.toThrow(ConnectionBlockedError);
      expect(await failedLogins(sim)).toBe(1);
    });
  });
});
