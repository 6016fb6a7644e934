// The Cisco Finesse doctor against the simulator, on both store dialects: the generated guide followed
// literally (a dedicated supervisor of the teams, team mode) ends with every chosen feature ok and nothing
// in excess; an administrator where team mode serves is high excess, a team out of reach is partial (with
// the agents synced from it), a supervisor in admin mode is "not an administrator", and a wrong password
// costs one failed login, however often the doctor is asked afterwards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionSettings, Feature } from '../../src/connectors/connector.ts';
import { doctorFails } from '../../src/doctor/types.ts';
import type { FinesseCredentials, RunningCiscoFinesseSimulator } from '../../src/simulators/index.ts';
import { dialects } from '../harness/databases.ts';
import { ciscoFinesseHarness as harness, simJson } from '../harness/platforms.ts';
import { syncNow } from '../harness/sync-harness.ts';
import { cliEnv, doctorConnection, doctorOnce, followGuide, verdicts } from './doctor-harness.ts';

const ALL: Feature[] = ['teams', 'agents', 'reason-codes', 'wrapup-codes'];

interface SimUser {
  loginId: string;
  loginName: string;
  password: string;
}
interface SimTeam {
  id: string;
  name: string;
}
interface Lockout {
  totalFailedAuthentications: number;
  users: Record<string, Record<string, { failedAuthentications: number; consecutiveFailures: number }>>;
}

describe.each(dialects)('Cisco Finesse doctor (%s)', (dialect) => {
  let sim: RunningCiscoFinesseSimulator;
  beforeAll(async () => {
    sim = await harness.start({ sizes: { users: 12, teams: 3 }, seed: 17 });
  });
  afterAll(() => sim.close());
  // Fresh data, passwords, lockout counters and request counts for every test.
  beforeEach(() => harness.restore(sim));

  const creds = (who: FinesseCredentials, extra: Record<string, string> = {}): ConnectionSettings => ({
    settings: { ...sim.connection.settings, username: who.username, requestsPerMinute: '0', ...extra },
    secrets: { password: who.password },
  });
  const doctorOf = (who: FinesseCredentials, name: string, extra?: Record<string, string>) =>
    doctorOnce(dialect, 'cisco-finesse', creds(who, extra), name);
  const lockout = () => simJson<Lockout>(sim, '/_sim/lockout');
  const requestsServed = async () =>
    (await simJson<{ primary: { requests: number }; secondary: { requests: number } }>(sim, '/_sim/nodes')).primary.requests;
  const seededTeams = async () => (await simJson<{ team: string[] }>(sim, '/_sim/truth')).team;
  const user = (body: Record<string, unknown>) => simJson<SimUser>(sim, '/_sim/users', body);
  const checkOf = (report: { results: { feature: string; checks: unknown[] }[] }, feature: Feature) =>
    report.results.find((r) => r.feature === feature)!.checks[0] as Record<string, unknown> & { fix?: string; evidence: string };

  it.each([undefined, 'reason-codes,wrapup-codes'])(
    'follows the generated guide (features %s) to every feature ok and no excess',
    async (features) => {
      const body: Record<string, unknown> = {};
      let supervisor: SimUser | undefined;
      const { guide, report } = await followGuide(
        dialect,
        'cisco-finesse',
        features,
        {
          'choose-mode': async (v) => {
            expect(v.mode).toBe('team');
          },
          'create-user': async (v) => {
            Object.assign(body, { role: v.role, loginName: v.loginName, firstName: v.firstName, lastName: v.lastName });
          },
          // "a supervisor of each team whose data Switchboard should read, and a member of one of those teams"
          'assign-teams': async () => {
            const teams = await seededTeams();
            supervisor = await user({ ...body, teamId: teams[0], supervisedTeamIds: teams });
          },
          // The simulator serves plain HTTP on its own port: the overrides below stand for --ca-file and 8445.
          'nodes-certificate': async (v) => {
            expect(v.port).toBe('8445');
          },
        },
        () => ({
          values: { host: sim.connect.host, username: supervisor!.loginId },
          secrets: { SWITCHBOARD_FINESSE_PASSWORD: supervisor!.password },
          overrides: [
            ...(sim.connection.settings.secondaryHost ? ['--secondary-host', sim.connection.settings.secondaryHost] : []),
            ...['--port', String(sim.connect.port), '--scheme', 'http', '--requests-per-minute', '0'],
          ],
        }),
      );
      expect(guide.permissions.map((p) => p.name)).toEqual(['team-member']);
      expect(report.results.map((r) => `${r.feature} ${r.verdict}`)).toEqual(guide.features.map((f) => `${f} ok`));
      expect(report.excess).toEqual([]);
      expect(report.credential).toMatchObject({
        status: 'ok',
        warnings: [],
        facts: { account: 'svc-switchboard', role: 'Agent, Supervisor', mode: 'team', node: `${sim.connect.host} (primary)` },
      });
      expect((await lockout()).totalFailedAuthentications).toBe(0);
    },
  );

  it('reports an administrator used where team mode serves as high excess, failing only with --strict', async () => {
    const { outcome, status } = await doctorOf(sim.connect.admin, 'admin', { mode: 'admin' });
    expect(verdicts(outcome)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'ok'])));
    expect(checkOf(outcome.report, 'agents')).toMatchObject({ permission: 'administrator', state: 'granted' });
    expect(outcome.report.excess).toEqual([
      expect.objectContaining({
        permission: 'administrator',
        level: 'admin',
        high: true,
        why: expect.stringMatching(/^team mode would serve the chosen features/),
        scope: 'a Unified CCX user with the Administrator capability',
      }),
    ]);
    expect(doctorFails(outcome.report, false)).toBe(false);
    expect(doctorFails(outcome.report, true)).toBe(true);
    expect(outcome.report.credential.facts).toMatchObject({
      account: 'administrator',
      role: 'Administrator',
      mode: 'admin',
      loginId: null,
    });
    expect(status).not.toBe('auth_failed');
  });

  it('reports a team out of reach in team mode as partial, naming it and the agents synced from it', async () => {
    const east = await simJson<SimTeam>(sim, '/_sim/teams', { name: 'Doctor East' });
    const west = await simJson<SimTeam>(sim, '/_sim/teams', { name: 'Doctor West' });
    await user({ role: 'agent', teamId: west.id, loginName: 'wendy', firstName: 'Wendy', lastName: 'West' });
    await user({ role: 'agent', teamId: west.id, loginName: 'walt', firstName: 'Walt', lastName: 'West' });
    const supervisor = { role: 'supervisor', loginName: 'svc-partial', password: 'Partial-pw-1', teamId: east.id };
    const svc = await user({ ...supervisor, supervisedTeamIds: [east.id, west.id] });
    const conn = await doctorConnection(
      dialect,
      'cisco-finesse',
      creds({ ...svc, username: svc.loginId }, { teamIds: `${east.id},${west.id}` }),
      'partial',
    );
    try {
      expect((await syncNow(conn)).status).toBe('succeeded');
      expect(verdicts(await conn.doctor())).toEqual(Object.fromEntries(ALL.map((f) => [f, 'ok'])));
      // An administrator takes Doctor West from the supervisor; the connection still names it with --team-id.
      await simJson(sim, `/_sim/users/${svc.loginId}`, undefined, 'DELETE');
      await user({ ...supervisor, supervisedTeamIds: [east.id] });
      const outcome = await conn.doctor();
      expect(verdicts(outcome)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'partial'])));
      const check = checkOf(outcome.report, 'reason-codes');
      expect(check).toMatchObject({ permission: 'team-member', state: 'granted', unit: 'team' });
      expect(check.evidence).toMatch(/^team mode: team \d+ \(Doctor East\) as seen by svc-partial/);
      expect(check.outOfReach).toEqual([
        { id: west.id, name: west.id, holds: 'neither its team nor supervised by it', records: ['Walt West', 'Wendy West'] },
      ]);
      expect(check.fix).toBe(`grant Finesse agent or supervisor of the team (team-member) in the teams ${west.id} too`);
      expect(outcome.drift.map((d) => d.text)).toContain(
        `team ${west.id} (neither its team nor supervised by it) is out of reach of team-member`,
      );
      expect(outcome.report.status).toBe('failing');
    } finally {
      await conn.cleanup();
    }
  });

  it('answers a supervisor in admin mode with "this account is not an administrator", and what team mode would read', async () => {
    const { outcome, status } = await doctorOf(sim.connect.leastPrivilege, 'not-admin', { mode: 'admin' });
    expect(verdicts(outcome)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'missing'])));
    const check = checkOf(outcome.report, 'teams');
    expect(check).toMatchObject({ permission: 'administrator', state: 'missing', alternatives: ['team-member'] });
    expect(check.evidence).toMatch(
      /^GET \/finesse\/api\/Teams was refused: this account is not an administrator; Finesse said Authorization Failure/,
    );
    expect(check.evidence).toMatch(
      /it is Agent, Supervisor sbsupervisor: member of team .*, supervisor of teams \d+ .*, so --mode team would read those teams$/,
    );
    expect(check.fix).toMatch(/^grant Finesse administrator .*\(administrator\) \(or one of team-member\)$/);
    expect(outcome.report.excess).toEqual([
      expect.objectContaining({ permission: 'team-member', high: false, why: expect.stringContaining('--mode team would') }),
    ]);
    // A role refusal proves the password: the connection is not blocked, and no login failed.
    expect(outcome.report.credential).toMatchObject({ status: 'ok', facts: { role: 'Agent, Supervisor', mode: 'admin' } });
    expect(status).not.toBe('auth_failed');
    expect((await lockout()).totalFailedAuthentications).toBe(0);
  });

  it('tells an administrator in team mode that it is no agent or supervisor, without asking anything more', async () => {
    const { outcome } = await doctorOf(sim.connect.admin, 'admin-in-team');
    expect(checkOf(outcome.report, 'agents')).toMatchObject({ permission: 'team-member', state: 'missing' });
    expect(checkOf(outcome.report, 'agents').evidence).toMatch(/^Finesse has no agent or supervisor administrator .*--mode admin/);
    expect(outcome.report.excess).toBeUndefined();
    expect(outcome.report.credential.facts).toMatchObject({ role: null, mode: 'team' });
    // SystemInfo, then its own User: no configuration API is tried in team mode.
    expect(await requestsServed()).toBe(2);
  });

  it.each(['team', 'admin'])('spends one failed login on a wrong password (%s mode), and none on the next check', async (mode) => {
    const who = mode === 'admin' ? sim.connect.admin : sim.connect.leastPrivilege;
    const conn = await doctorConnection(
      dialect,
      'cisco-finesse',
      creds({ ...who, password: 'not-the-password' }, { mode }),
      `wrong-${mode}`,
    );
    try {
      const { report } = await conn.doctor();
      expect(report.credential.status).toBe('rejected');
      expect(report.credential.summary).toMatch(/rejected the credentials \(Finesse refused the user name or password/);
      expect(report.results.every((r) => r.verdict === 'unknown')).toBe(true);
      expect((await conn.connection()).status).toBe('auth_failed');
      // SystemInfo without credentials, then one authenticated call, refused: one strike on the account.
      expect(await requestsServed()).toBe(2);
      const counters = await lockout();
      expect(counters.totalFailedAuthentications).toBe(1);
      const families = Object.values(counters.users[who.username]!);
      expect(families.reduce((n, f) => n + f.failedAuthentications, 0)).toBe(1);
      await expect(conn.doctor()).rejects.toThrow(/is blocked: the platform rejected its credentials/);
      expect((await lockout()).totalFailedAuthentications).toBe(1);
      expect(await requestsServed()).toBe(2);
    } finally {
      await conn.cleanup();
    }
  });

  it("reports the account's role as its health, and a change of role as drift", async () => {
    const teams = await seededTeams();
    const agent = { role: 'agent', loginName: 'svc-agent', password: 'Agent-pw-1', teamId: teams[0] };
    const created = await user(agent);
    const conn = await doctorConnection(dialect, 'cisco-finesse', creds({ ...created, username: created.loginId }), 'role');
    try {
      const first = await conn.doctor();
      // A plain agent reads its own team (its codes and itself): ok, with its members said to be unlisted.
      expect(verdicts(first)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'ok'])));
      expect(checkOf(first.report, 'agents').evidence).toMatch(
        /members of \d+ \(\S+.*\) are not listed: it belongs to that team but does not supervise it$/,
      );
      expect(first.report.credential).toMatchObject({
        status: 'ok',
        summary: `svc-agent (Agent) in team mode on UCCX Finesse, reading from ${sim.connect.host} (primary)`,
        facts: { account: 'svc-agent', loginId: 'svc-agent', role: 'Agent', mode: 'team', deploymentType: 'UCCX' },
      });
      // Promoted to supervisor of its team: the role changes, and the doctor says so.
      await simJson(sim, `/_sim/users/${created.loginId}`, undefined, 'DELETE');
      await user({ ...agent, role: 'supervisor', supervisedTeamIds: [teams[0]] });
      const second = await conn.doctor();
      expect(second.report.credential.facts.role).toBe('Agent, Supervisor');
      expect(second.drift.map((d) => d.text)).toContain('role: Agent → Agent, Supervisor');
    } finally {
      await conn.cleanup();
    }
  });

  it('refuses a feature Finesse does not offer, when it is chosen and in the guide', async () => {
    const cli = await cliEnv(dialect);
    try {
      const flags = ['--host', sim.connect.host, '--username', 'svc-switchboard', '--scheme', 'http'];
      const add = await cli.run(
        ['connections', 'add', 'cisco-finesse', '--name', 'history', ...flags, '--features', 'agents,interactions'],
        {
          SWITCHBOARD_FINESSE_PASSWORD: 'unused',
        },
      );
      expect(add.code).not.toBe(0);
      expect(add.stderr).toMatch(
        /Cisco Finesse has no feature "interactions" \(Finesse keeps no interaction history.*HR\/CCX database.*\); choose from teams, agents, reason-codes, wrapup-codes/,
      );
      const guide = await cli.run(['guide', 'cisco-finesse', '--features', 'recordings']);
      expect(guide.code).not.toBe(0);
      expect(guide.stderr).toMatch(/Cisco Finesse has no feature "recordings"/);
    } finally {
      await cli.cleanup();
    }
  });
});
