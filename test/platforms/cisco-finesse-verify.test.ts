// `connections test` for Cisco Finesse against the simulator: which mode the credentials support, what
// each mode sees, and a wrong password answered with one failed login and a blocked connection.
import { beforeEach, describe, expect, it } from 'vitest';
import { failedLogins, finesseSettings, useFinesse, verdictOf, type FinesseSim } from './cisco-finesse-sim.ts';

describe.each(['uccx', 'ucce'])('Cisco Finesse connections test (%s simulator)', (deployment) => {
  const suite = useFinesse({ deployment });
  let sim: FinesseSim;
  beforeEach(() => {
    sim = suite.sim;
  });

  it('team mode: a supervisor is accepted, with the teams it reads and what it cannot see', async () => {
    const { verdict, status } = await verdictOf(finesseSettings(sim, sim.connect.leastPrivilege), 'team');
    expect(verdict.ok, verdict.verdict).toBe(true);
    expect(verdict.verdict).toMatch(/^team mode: teams .+ as seen by sbsupervisor\. It sees .+; it cannot see other teams/);
    expect(verdict.report?.details).toMatchObject({
      deploymentType: deployment.toUpperCase(),
      systemAuthMode: 'NON_SSO',
      readingFrom: `${sim.connect.host} (primary)`,
      roles: 'Agent, Supervisor',
      teamResource: true,
      unreadableTeams: null,
    });
    expect(status).toBe('ok');
  });

  it('admin mode: the administrator is accepted, with the lockout warning', async () => {
    const { verdict } = await verdictOf(finesseSettings(sim, sim.connect.admin, { mode: 'admin' }), 'admin');
    expect(verdict.ok, verdict.verdict).toBe(true);
    expect(verdict.verdict).toMatch(/administrator credentials accepted/);
    expect(verdict.verdict).toMatch(/five minutes/);
    if (deployment === 'ucce') expect(verdict.verdict).toMatch(/one application user every administrator shares/);
    expect(verdict.report?.details).toMatchObject({ administrator: true, teams: 3 });
  });

  it('admin mode with a supervisor: "this account is not an administrator", and what team mode would give it', async () => {
    const { verdict, status } = await verdictOf(finesseSettings(sim, sim.connect.leastPrivilege, { mode: 'admin' }), 'not-admin');
    expect(verdict.ok).toBe(false);
    expect(verdict.verdict).toMatch(
      /^this account is not an administrator \(Agent, Supervisor\); in team mode \(--mode team\) it would read teams/,
    );
    expect(status).toBe('error');
    expect(await failedLogins(sim)).toBe(0);
  });

  it('team mode with the administrator: a hint to use admin mode, or better a dedicated supervisor', async () => {
    const { verdict } = await verdictOf(finesseSettings(sim, sim.connect.admin), 'admin-in-team');
    expect(verdict.ok).toBe(false);
    expect(verdict.verdict).toMatch(
      /is a Finesse administrator, not an agent or supervisor.*--mode admin.*dedicated supervisor in team mode/,
    );
    expect(await failedLogins(sim)).toBe(0);
  });

  it('team mode with a plain agent: accepted for its own team', async () => {
    const { verdict } = await verdictOf(finesseSettings(sim, sim.connect.agent), 'agent');
    expect(verdict.ok, verdict.verdict).toBe(true);
    expect(verdict.report?.details).toMatchObject({ roles: 'Agent', supervisedTeams: null });
  });

  it.each(['team', 'admin'])('a wrong password (%s mode) is one failed login and blocks the connection', async (mode) => {
    const who = mode === 'admin' ? sim.connect.admin : sim.connect.leastPrivilege;
    const { verdict, status } = await verdictOf(finesseSettings(sim, { ...who, password: 'wrong' }, { mode }), `wrong-${mode}`);
    expect(verdict.ok).toBe(false);
    expect(verdict.verdict).toMatch(/rejected the credentials .*user name or password/);
    expect(status).toBe('auth_failed');
    expect(await failedLogins(sim)).toBe(1);
  });
});
