// The NICE CXone doctor against the simulator, on both store dialects: the generated guide followed
// literally (registration, role, dedicated employee, access key) ends with every chosen feature ok and
// nothing in excess; a missing permission, an excess write grant, an unlicensed Media Playback and the
// employee behind the key (deactivated, signing in interactively, locked, an administrator) are told apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorFails } from '../../src/doctor/types.ts';
import type { RunningNiceCxoneSimulator } from '../../src/simulators/index.ts';
import { dialects } from '../harness/databases.ts';
import { niceCxoneHarness, simJson } from '../harness/platforms.ts';
import { doctorOnce, followGuide, verdicts } from './doctor-harness.ts';

interface Employee {
  agentId: number;
  accessKeyId: string;
  accessKeySecret: string;
  clientId: string;
  clientSecret: string;
}

const LEAST = ['Employees: View', 'ACD: View', 'Play Any'];

describe.each(dialects)('NICE CXone doctor (%s)', (dialect) => {
  let sim: RunningNiceCxoneSimulator;
  beforeAll(async () => {
    sim = await niceCxoneHarness.start({ sizes: { users: 12, queues: 3, conversations: 80, days: 2 }, seed: 13 });
  });
  afterAll(() => sim.close());

  const creds = (e: Employee) => {
    const base = niceCxoneHarness.credentials(sim);
    return {
      settings: { ...base.settings, accessKeyId: e.accessKeyId, clientId: e.clientId },
      secrets: { accessKeySecret: e.accessKeySecret, clientSecret: e.clientSecret },
    };
  };
  const employee = (permissions: string[]) =>
    simJson<Employee>(sim, '/_sim/employees', { firstName: 'Svc', lastName: 'Reader', permissions });
  const doctorOf = (e: Employee, name: string) => doctorOnce(dialect, 'nice-cxone', creds(e), name);

  it.each([undefined, 'agents,recordings'])(
    'follows the generated guide (features %s) to every feature ok and no excess',
    async (features) => {
      let app: { clientId: string; clientSecret: string } | undefined;
      let roleId = '';
      let agentId = 0;
      let key: { accessKeyId: string; accessKeySecret: string } | undefined;
      const { guide, report } = await followGuide(
        dialect,
        'nice-cxone',
        features,
        {
          // FedRAMP: "only for a tenant on cxone-gov": the simulator is the production issuer.
          'register-application': async (v) => {
            app = await simJson(sim, '/_sim/apps', {
              tokenEndpointAuthMethod: v.tokenEndpointAuthMethod,
              tenancy: v.tenancy,
              fedramp: false,
            });
          },
          'create-role': async (v) => {
            roleId = (await simJson<{ id: string }>(sim, '/_sim/roles', { name: v.roleName, permissions: v.permissions })).id;
          },
          'create-employee': async (v) => {
            agentId = (await simJson<Employee>(sim, '/_sim/employees', { firstName: v.firstName, lastName: v.lastName, roleId })).agentId;
          },
          'create-access-key': async () => {
            key = await simJson(sim, `/_sim/employees/${agentId}/access-keys`, {});
          },
          'business-unit': async () => {
            expect(sim.connect.businessUnit).toMatch(/^\d+$/);
          },
        },
        () => ({
          values: { 'business-unit': sim.connect.businessUnit, 'access-key-id': key!.accessKeyId, 'client-id': app!.clientId },
          secrets: { SWITCHBOARD_ACCESS_KEY_SECRET: key!.accessKeySecret, SWITCHBOARD_CLIENT_SECRET: app!.clientSecret },
          overrides: ['--issuer-url', sim.connect.issuerUrl],
        }),
      );
      expect(report.results.map((r) => `${r.feature} ${r.verdict}`)).toEqual(guide.features.map((f) => `${f} ok`));
      expect(report.excess).toEqual([]);
      expect(report.credential).toMatchObject({
        status: 'ok',
        warnings: [],
        facts: { employee: 'Switchboard Service', active: true, locked: false, lastInteractiveLogin: null, role: 'Switchboard read-only' },
      });
    },
  );

  it('names a missing permission, from a refused probe and from the role listing', async () => {
    const { outcome } = await doctorOf(await employee(['Employees: View']), 'missing');
    expect(verdicts(outcome)).toMatchObject({ agents: 'ok', teams: 'missing', interactions: 'missing', recordings: 'missing' });
    const acd = outcome.report.results.find((r) => r.feature === 'teams')!.checks[0]!;
    expect(acd).toMatchObject({ permission: 'ACD: View', label: 'ACD > ACD > View', state: 'missing' });
    expect(acd.evidence).toMatch(/^GET \/teams was refused: .*ACD: View/);
    const play = outcome.report.results.find((r) => r.feature === 'recordings')!.checks[0]!;
    expect(play).toMatchObject({
      permission: 'Play Any',
      state: 'missing',
      evidence: "not among the role's permissions (GET /permissions)",
    });
    expect(play.fix).toBe('grant Search & Playback (Interactions Hub) > Player > Play/download recordings > Play Any (Play Any)');
    expect(doctorFails(outcome.report, false)).toBe(true);
  });

  it('flags a write grant in the role as high excess', async () => {
    const { outcome } = await doctorOf(await employee([...LEAST, 'Employees: Edit']), 'write');
    expect(outcome.report.status).toBe('ok');
    expect(outcome.report.excess).toEqual([expect.objectContaining({ permission: 'Employees: Edit', level: 'write', high: true })]);
    expect(doctorFails(outcome.report, true)).toBe(true);
  });

  it('reports recordings as unavailable when Media Playback is not licensed, whatever the role holds', async () => {
    await simJson(sim, '/_sim/media-playback', { licensed: false });
    try {
      const { outcome } = await doctorOf(await employee(LEAST), 'unlicensed');
      expect(verdicts(outcome)).toMatchObject({ recordings: 'unavailable', interactions: 'ok' });
      expect(outcome.report.results.find((r) => r.feature === 'recordings')!.checks[0]!.evidence).toMatch(
        /^Media Playback is not licensed for this tenant/,
      );
    } finally {
      await simJson(sim, '/_sim/media-playback', { licensed: true });
    }
  });

  it('reports a deactivated employee as a refused credential and blocks the connection', async () => {
    const e = await employee(LEAST);
    await simJson(sim, `/_sim/employees/${e.agentId}/deactivate`, {});
    const { outcome, status } = await doctorOf(e, 'deactivated');
    expect(outcome.report.credential.status).toBe('rejected');
    expect(outcome.report.credential.summary).toMatch(/invalid_grant.*deactivated/);
    expect(outcome.report.results.every((r) => r.verdict === 'unknown')).toBe(true);
    expect(outcome.report.status).toBe('failing');
    expect(status).toBe('auth_failed');
  });

  it("flags a key on a person's everyday account, a locked employee and an administrator's role", async () => {
    const person = await employee(LEAST);
    await simJson(sim, `/_sim/employees/${person.agentId}/sign-in`, {});
    await simJson(sim, `/_sim/employees/${person.agentId}/lock`, {});
    const { outcome } = await doctorOf(person, 'person');
    expect(outcome.report.credential.status).toBe('warning');
    expect(outcome.report.credential.facts).toMatchObject({ locked: true, lastInteractiveLogin: expect.stringMatching(/^\d{4}-/) });
    expect(outcome.report.credential.warnings).toEqual([
      "the key's employee is locked",
      expect.stringMatching(/signed in interactively .* a person's everyday account/),
    ]);
    const admin = await doctorOf({ ...sim.connect.overPrivileged, agentId: 0 }, 'admin');
    expect(admin.outcome.report.credential.warnings[0]).toMatch(/role "Administrator"/);
    expect(admin.outcome.report.excess?.filter((x) => x.high).map((x) => x.permission)).toEqual(
      expect.arrayContaining(['Employees: Edit', 'Access Key', 'Role Management']),
    );
  });
});
