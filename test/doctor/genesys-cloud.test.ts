// The Genesys Cloud doctor against the simulator, on both store dialects: the generated guide followed
// literally ends with every chosen feature ok and nothing in excess; each verdict (missing, excess write,
// wildcard, division-limited, unknown to the org) and the credential's health are found through the
// platform's own introspection; and a permission lost between checks is named before the next sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateConnection } from '../../src/connections/service.ts';
import type { Feature } from '../../src/connectors/connector.ts';
import { doctorFails } from '../../src/doctor/types.ts';
import type { RunningGenesysCloudSimulator } from '../../src/simulators/index.ts';
import { dialects } from '../harness/databases.ts';
import { genesysHarness, simJson } from '../harness/platforms.ts';
import { syncNow } from '../harness/sync-harness.ts';
import { cliEnv, doctorConnection, doctorOnce, followGuide, verdicts } from './doctor-harness.ts';

interface Division {
  id: string;
  name: string;
  homeDivision: boolean;
  objectCounts: Record<string, number>;
}
interface Client {
  clientId: string;
  clientSecret: string;
}

const READS = [
  'analytics:conversationDetail:view',
  'routing:queue:view',
  'routing:wrapupCode:view',
  'presence:presenceDefinition:view',
  'recording:recording:view',
];
const RECORDING_ANY = [
  'recording:recording:view',
  'recording:recordingSegment:view',
  'recording:snippetRecording:view',
  'recording:screenRecording:view',
];

describe.each(dialects)('Genesys Cloud doctor (%s)', (dialect) => {
  let sim: RunningGenesysCloudSimulator;
  let divisions: Division[];
  let firstUser: string;
  beforeAll(async () => {
    sim = await genesysHarness.start({ sizes: { users: 24, queues: 8, conversations: 60, days: 2 }, seed: 11 });
    const admin = genesysHarness.credentials(sim);
    const token = await fetch(`${sim.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${admin.settings.clientId}:${admin.secrets.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const get = <T>(path: string) =>
      fetch(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } }).then((r) => r.json() as Promise<T>);
    divisions = (await get<{ entities: Division[] }>('/api/v2/authorization/divisions?objectCount=true&pageSize=100')).entities;
    firstUser = (await get<{ entities: { id: string }[] }>('/api/v2/users?pageSize=1')).entities[0]!.id;
  });
  afterAll(() => sim.close());

  const creds = (c: Client) => ({
    settings: { region: 'mypurecloud.com', clientId: c.clientId, apiUrl: sim.baseUrl, loginUrl: sim.baseUrl },
    secrets: { clientSecret: c.clientSecret },
  });
  /** A client whose one role holds `permissions` (or policies) in the given divisions (default: each one). */
  const client = async (
    role: { permissions?: string[]; permissionPolicies?: unknown[] },
    inDivisions = divisions.map((d) => d.id),
    validity?: number,
  ) => {
    const created = await simJson<{ id: string }>(sim, '/_sim/roles', { name: 'test role', ...role });
    await simJson(sim, `/_sim/users/${firstUser}/roles`, { roleId: created.id });
    return simJson<Client>(sim, '/_sim/oauth/clients', {
      roleDivisions: inDivisions.map((divisionId) => ({ roleId: created.id, divisionId })),
      ...(validity ? { accessTokenValiditySeconds: validity } : {}),
    });
  };
  const doctorOf = async (c: Client, name: string, features?: Feature[]) =>
    (await doctorOnce(dialect, 'genesys-cloud', creds(c), name, features)).outcome;

  it.each([undefined, 'queues,recordings'])(
    'follows the generated guide (features %s) to every feature ok and no excess',
    async (features) => {
      let roleId = '';
      let created: Client | undefined;
      const clientBody: Record<string, unknown> = {};
      const { guide, report } = await followGuide(
        dialect,
        'genesys-cloud',
        features,
        {
          'create-role': async (v) => {
            roleId = (await simJson<{ id: string }>(sim, '/_sim/roles', { name: v.roleName, permissions: v.permissions })).id;
          },
          'assign-role': async () => {
            await simJson(sim, `/_sim/users/${firstUser}/roles`, { roleId });
          },
          'create-oauth-client': async (v) => {
            Object.assign(clientBody, {
              name: v.appName,
              grantType: v.grantType,
              accessTokenValiditySeconds: v.accessTokenValiditySeconds,
            });
          },
          // "every division that holds queues, users, wrap-up codes or conversations"
          'grant-role-divisions': async () => {
            const holding = divisions.filter((d) => Object.values(d.objectCounts).some((n) => n > 0));
            created = await simJson<Client>(sim, '/_sim/oauth/clients', {
              ...clientBody,
              roleDivisions: holding.map((d) => ({ roleId, divisionId: d.id })),
            });
          },
          'copy-credentials': async () => {
            expect(created?.clientId).toBeTruthy();
          },
        },
        () => ({
          values: { region: 'mypurecloud.com', 'client-id': created!.clientId },
          secrets: { SWITCHBOARD_CLIENT_SECRET: created!.clientSecret },
          overrides: ['--api-url', sim.baseUrl, '--login-url', sim.baseUrl],
        }),
      );
      expect(report.features).toEqual(guide.features);
      expect(report.results.map((r) => r.verdict)).toEqual(guide.features.map(() => 'ok'));
      expect(report.excess).toEqual([]);
      expect(report.credential).toMatchObject({ status: 'ok', warnings: [], facts: { tokenLifetimeSeconds: 3600 } });
    },
  );

  it('stores every check; a sync after a permission was lost says so up front, and --history shows the drift', async () => {
    const cli = await cliEnv(dialect);
    try {
      const role = await simJson<{ id: string }>(sim, '/_sim/roles', { name: 'drifting', permissions: READS });
      await simJson(sim, `/_sim/users/${firstUser}/roles`, { roleId: role.id });
      const c = await simJson<Client>(sim, '/_sim/oauth/clients', {
        roleDivisions: divisions.map((d) => ({ roleId: role.id, divisionId: d.id })),
      });
      const add = ['connections', 'add', 'genesys-cloud', '--name', 'drift', '--region', 'mypurecloud.com', '--client-id', c.clientId];
      const added = await cli.run([...add, '--api-url', sim.baseUrl, '--login-url', sim.baseUrl], {
        SWITCHBOARD_CLIENT_SECRET: c.clientSecret,
      });
      expect(added.code, added.stderr).toBe(0);
      expect((await cli.run(['doctor', 'drift'])).code).toBe(0);

      // An administrator takes Routing > Queue > View out of the role.
      await simJson(sim, `/_sim/roles/${role.id}`, { permissions: READS.filter((p) => p !== 'routing:queue:view') });
      const sync = await cli.run(['sync', 'drift', '--json', '--no-media']);
      const lost = 'doctor: since the last check, lost routing:queue:view (Routing > Queue > View), needed by queues';
      expect(sync.stderr).toContain(lost);
      expect(sync.stderr.indexOf(lost)).toBeLessThan(sync.stderr.indexOf('started'));
      const summary = JSON.parse(sync.stdout);
      expect(summary.preflight).toMatchObject({ status: 'failing', changes: [expect.stringContaining('lost routing:queue:view')] });
      expect(summary.streams.find((st: { stream: string }) => st.stream === 'queues')).toMatchObject({ status: 'skipped' });

      const history = await cli.run(['doctor', 'drift', '--history']);
      expect(history.code, history.stderr).toBe(0);
      const [newest, oldest] = history.stdout.split(/\n(?=#)/);
      expect(newest).toMatch(/^#\d+ \S+ \(sync\): failing, credential ok; queues missing/);
      expect(newest).toContain('! lost routing:queue:view');
      expect(oldest).toMatch(/\(doctor\): ok/);
      const failing = await cli.run(['doctor', 'drift']);
      expect(failing.code).toBe(1);
      expect(failing.stdout).toContain('missing      queues: routing:queue:view (Routing > Queue > View): missing, held in no division');

      // Leaving queues out is a choice of features, not of credentials: the version and status stay.
      expect((await cli.run(['connections', 'update', 'drift', '--features', 'agents,interactions'])).code).toBe(0);
      const [listed] = JSON.parse((await cli.run(['connections', 'list', '--json'])).stdout);
      expect(listed).toMatchObject({ features: ['agents', 'interactions'], status: 'ok' });
      expect((await cli.run(['doctor', 'drift'])).code).toBe(0);
    } finally {
      await cli.cleanup();
    }
  });

  it('names a missing permission with its admin-UI label and the fix, and fails', async () => {
    const outcome = await doctorOf(await client({ permissions: READS.filter((p) => p !== 'routing:wrapupCode:view') }), 'missing');
    expect(verdicts(outcome)).toMatchObject({ queues: 'ok', 'wrapup-codes': 'missing', interactions: 'ok' });
    const check = outcome.report.results.find((r) => r.feature === 'wrapup-codes')!.checks[0]!;
    expect(check).toMatchObject({ permission: 'routing:wrapupCode:view', label: 'Routing > Wrapup Code > View', state: 'missing' });
    expect(check.fix).toContain('grant Routing > Wrapup Code > View (routing:wrapupCode:view)');
    expect(doctorFails(outcome.report, false)).toBe(true);
  });

  it('flags a write grant as high excess, failing only with --strict', async () => {
    const outcome = await doctorOf(await client({ permissions: [...READS, 'routing:queue:edit'] }), 'write');
    expect(outcome.report.status).toBe('ok');
    expect(outcome.report.excess).toEqual([
      expect.objectContaining({ permission: 'routing:queue:edit', level: 'write', high: true, why: 'no chosen feature uses it' }),
    ]);
    expect(doctorFails(outcome.report, false)).toBe(false);
    expect(doctorFails(outcome.report, true)).toBe(true);
  });

  it('counts a permission of a feature not chosen as excess, naming that feature', async () => {
    const outcome = await doctorOf(await client({ permissions: READS }), 'subset', ['queues', 'interactions']);
    expect(outcome.report.excess?.map((e) => [e.permission, e.high, e.why])).toEqual([
      ['routing:wrapupCode:view', false, 'only wrapup-codes would use it, and that is not chosen'],
      ['presence:presenceDefinition:view', false, 'only reason-codes would use it, and that is not chosen'],
      ['recording:recording:view', false, 'only recordings would use it, and that is not chosen'],
    ]);
  });

  it('flags wildcard roles: all entities and actions of a domain, and all divisions', async () => {
    const outcome = await doctorOf(
      await client({ permissions: READS, permissionPolicies: [{ domain: 'routing', entityName: '*', actionSet: ['*'] }] }, ['*']),
      'wildcard',
    );
    expect(verdicts(outcome).queues).toBe('ok');
    const routing = outcome.report.excess?.find((e) => e.permission === 'routing:*:*');
    expect(routing).toMatchObject({ level: 'admin', high: true, wildcard: 'all entities of routing, all actions, all divisions' });
    // Even the needed reads are excess when granted in all divisions: they reach divisions created later.
    expect(outcome.report.excess?.find((e) => e.permission === 'routing:queue:view')).toMatchObject({
      high: true,
      wildcard: 'all divisions',
    });
  });

  it('reports a division-limited grant as partial, naming the divisions and the synced queues out of reach', async () => {
    const home = divisions.find((d) => d.homeDivision)!;
    const others = divisions.filter((d) => !d.homeDivision && d.objectCounts.QUEUE! > 0);
    const wide = await client({ permissions: READS });
    const conn = await doctorConnection(dialect, 'genesys-cloud', creds(wide), 'divisions');
    try {
      await syncNow(conn, { media: false }, { streams: ['queues'] });
      expect(verdicts(await conn.doctor()).queues).toBe('ok');
      // The role now only holds in the home division: the operator switches the connection to it.
      const narrow = await client({ permissions: READS }, [home.id]);
      await updateConnection(conn.svc, conn.name, { settings: { clientId: narrow.clientId }, secrets: creds(narrow).secrets });
      const outcome = await conn.doctor();
      expect(verdicts(outcome)).toMatchObject({ queues: 'partial', interactions: 'partial', agents: 'ok' });
      const check = outcome.report.results.find((r) => r.feature === 'queues')!.checks[0]!;
      expect(check.outOfReach?.map((u) => u.name).sort()).toEqual(others.map((d) => d.name).sort());
      const sample = check.outOfReach!.find((u) => u.id === others[0]!.id)!;
      expect(sample.holds).toMatch(/^\d+ queues?$/);
      expect(sample.records?.length).toBe(others[0]!.objectCounts.QUEUE);
      expect(check.fix).toContain('in the divisions');
      expect(outcome.drift.filter((d) => d.kind === 'coverage').map((d) => d.text)).toContain(
        `division ${others[0]!.name} (${sample.holds}) is out of reach of routing:queue:view`,
      );
      expect(doctorFails(outcome.report, false)).toBe(true);
    } finally {
      await conn.cleanup();
    }
  });

  it('tells a permission this org does not have (not licensed) apart from a missing one', async () => {
    await simJson(sim, '/_sim/org/permissions', { absent: RECORDING_ANY });
    try {
      const outcome = await doctorOf(await client({ permissions: READS }), 'unlicensed');
      expect(verdicts(outcome)).toMatchObject({ recordings: 'unavailable', interactions: 'ok' });
      const check = outcome.report.results.find((r) => r.feature === 'recordings')!.checks[0]!;
      expect(check.evidence).toMatch(/not in this org's permission catalogue/);
      expect(check.fix).toMatch(/not licensed/);
    } finally {
      await simJson(sim, '/_sim/org/permissions', { absent: [] });
    }
  });

  it('warns about long-lived tokens and reports the OAuth client', async () => {
    const outcome = await doctorOf(await client({ permissions: READS }, undefined, 172_800), 'long-token');
    expect(outcome.report.credential).toMatchObject({
      status: 'warning',
      facts: { grantType: 'CLIENT-CREDENTIALS', tokenLifetimeSeconds: 172_800, organization: expect.any(String) },
    });
    expect(outcome.report.credential.warnings).toEqual(["tokens are valid for 48 h: set the client's Token Duration to 3600 s or less"]);
  });
});
