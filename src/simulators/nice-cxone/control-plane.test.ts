import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNiceCxoneSimulator } from './index.ts';
import { ACD, startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient({ sizes: { conversations: 300, days: 3 } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
});

const setFaults = (spec: string) => t.control('POST', '/_sim/faults', { spec });

describe('faults', () => {
  it('answers 5xx in each family shape, never on /_sim', async () => {
    const token = await t.token();
    await setFaults('5xx=1');
    const acd = await t.api(`${ACD}/teams`, { token });
    expect(acd.status).toBeGreaterThanOrEqual(500);
    expect(acd.body).toEqual({ error: expect.any(String), error_description: expect.any(String) });
    expect((await t.api(`${ACD}/dispositions`, { token })).body).toMatchObject({
      errorCode: expect.any(String),
      path: `${ACD}/dispositions`,
    });
    expect((await t.api('/media-playback/v1/contacts?acd-call-id=1', { token })).body).toEqual({
      internalCode: expect.any(String),
      message: expect.any(String),
    });
    expect((await t.tokenRequest({ grant_type: 'password' })).body).toMatchObject({ error: 'server_error' });
    expect((await t.control('GET', '/_sim/truth')).status).toBe(200);
    expect((await t.control('GET', '/_sim/faults')).body).toMatchObject({ spec: '5xx=1', injected: { '5xx': 4 } });
  });

  it('answers 429 without Retry-After by default; media in its {message, route} shape', async () => {
    const token = await t.token();
    await setFaults('429=1');
    const res = await t.api(`${ACD}/teams`, { token });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
    expect((await t.api('/media-playback/v1/contacts', { token })).body).toEqual({
      message: expect.any(String),
      route: '/media-playback/v1/contacts',
    });
    await t.control('POST', '/_sim/rate-limit', { retryAfter: true });
    expect((await t.api(`${ACD}/teams`, { token })).headers.get('retry-after')).toBe('1');
    expect((await t.control('GET', '/_sim/stats')).body.tooManyRequests).toBe(3);
  });

  it('resets connections and truncates bodies', async () => {
    const token = await t.token();
    await setFaults('reset=1');
    await expect(t.api(`${ACD}/teams`, { token })).rejects.toThrow();
    await setFaults('truncate=1');
    const res = await fetch(`${t.sim.baseUrl}${ACD}/teams`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
    await expect(res.text()).rejects.toThrow();
  });

  it('is reproducible, and applies --faults given at start', async () => {
    const run = async () => {
      await t.control('POST', '/_sim/seed', {});
      const token = await t.token();
      await setFaults('5xx=0.3,429=0.2');
      const statuses = [];
      for (let i = 0; i < 25; i++) statuses.push((await t.api(`${ACD}/business-unit`, { token })).status);
      return statuses;
    };
    const first = await run();
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await run()).toEqual(first);
    const faulty = await startNiceCxoneSimulator({ faults: '5xx=1' });
    try {
      expect((await fetch(`${faulty.baseUrl}/auth/token`, { method: 'POST' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await faulty.close();
    }
    await expect(startNiceCxoneSimulator({ faults: 'boom=1' })).rejects.toThrow(/unknown fault/);
  });
});

describe('per-token rate limit', () => {
  it('is off by default and throttles each token when set', async () => {
    await t.control('POST', '/_sim/rate-limit', { perMinute: 2 });
    const token = await t.token();
    expect((await t.api(`${ACD}/business-unit`, { token })).status).toBe(200);
    expect((await t.api(`${ACD}/business-unit`, { token })).status).toBe(200);
    expect((await t.api(`${ACD}/business-unit`, { token })).body).toEqual({
      error: 'TooManyRequests',
      error_description: 'Too many requests.',
    });
    expect((await t.control('POST', '/_sim/rate-limit', { perMinute: -1 })).status).toBe(400);
  });
});

describe('truth, stats, seed, reset', () => {
  it('serves a sorted ground truth matching the API', async () => {
    const truth = (await t.control('GET', '/_sim/truth')).body as Record<string, string[]>;
    expect(Object.keys(truth).sort()).toEqual([
      'agent',
      'division',
      'interaction',
      'queue',
      'queueMember',
      'reasonCode',
      'recording',
      'team',
      'wrapUpCode',
    ]);
    for (const [key, ids] of Object.entries(truth)) expect(ids, key).toEqual([...ids].sort());
    const total = async (path: string) => (await t.api(`${ACD}${path}`)).body.totalRecords;
    expect(truth.agent).toHaveLength(await total('/agents'));
    expect(truth.agent).toHaveLength(60 + 2);
    expect(truth.team).toHaveLength(await total('/teams'));
    expect(truth.queue).toHaveLength(await total('/skills'));
    expect(truth.queueMember).toHaveLength(await total('/skills/agents'));
    expect(truth.reasonCode).toHaveLength(await total('/unavailable-codes'));
    expect(truth.wrapUpCode).toHaveLength(await total('/dispositions'));
    expect(truth.interaction).toHaveLength(await total('/contacts/completed'));
    expect(truth.interaction).toHaveLength(300 - 3);
    expect(truth.division).toEqual([]);
    expect(truth.queueMember?.[0]).toMatch(/^\d+:\d+$/);
  });

  it('deletes directory objects: gone from the API and the truth', async () => {
    const agent = (await t.api(`${ACD}/agents?top=1&skip=3`)).body.agents[0];
    const team = (await t.api(`${ACD}/teams?top=1`)).body.teams[0];
    const skill = (await t.api(`${ACD}/skills?top=1`)).body.skills[0];
    const code = (await t.api(`${ACD}/unavailable-codes?top=1`)).body.unavailableCodes[0];
    const disposition = (await t.api(`${ACD}/dispositions?top=1`)).body.dispositions[0];
    for (const [entity, id] of [
      ['agent', agent.agentId],
      ['team', team.teamId],
      ['skill', skill.skillId],
      ['reasonCode', code.id],
      ['wrapUpCode', disposition.dispositionId],
    ]) {
      expect((await t.control('POST', `/_sim/entities/${entity}/${id}/delete`)).status, entity).toBe(200);
    }
    const truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.agent).not.toContain(String(agent.agentId));
    expect(truth.team).not.toContain(String(team.teamId));
    expect(truth.queue).not.toContain(String(skill.skillId));
    expect(truth.queueMember.some((m: string) => m.startsWith(`${skill.skillId}:`) || m.endsWith(`:${agent.agentId}`))).toBe(false);
    expect(truth.reasonCode).not.toContain(String(code.id));
    expect(truth.wrapUpCode).not.toContain(String(disposition.dispositionId));
    expect((await t.api(`${ACD}/agents/${agent.agentId}`)).status).toBe(404);
    expect((await t.api(`${ACD}/teams/${team.teamId}`)).status).toBe(404);
    expect((await t.control('POST', '/_sim/entities/agent/1/delete')).status).toBe(400);
    expect((await t.control('POST', '/_sim/entities/planet/1/delete')).body.error).toMatch(/unknown entity/);
  });

  it('deactivation keeps the agent in the truth and shows in UserHub and updateSince', async () => {
    const since = (await t.api(`${ACD}/business-unit`)).headers.get('date');
    const agent = (await t.api(`${ACD}/agents?isActive=true&top=1&skip=4`)).body.agents[0];
    await t.control('POST', `/_sim/employees/${agent.agentId}/deactivate`);
    expect((await t.control('GET', '/_sim/truth')).body.agent).toContain(String(agent.agentId));
    const changed = await t.api(`${ACD}/agents?updateSince=${new Date(Date.parse(since as string) - 1000).toISOString()}`);
    expect(changed.body.agents.map((a: { agentId: number }) => a.agentId)).toEqual([agent.agentId]);
    expect(changed.body.agents[0]).toMatchObject({ isActive: false, inactiveDate: expect.any(String) });
    const users = (await t.api('/user-management/v1/users')).body.users;
    expect(users.find((u: { id: string }) => u.id === agent.userID).status).toBe('BLOCKED');
  });

  it('creates roles and employees; refuses unknown permissions', async () => {
    const role = await t.control('POST', '/_sim/roles', { name: 'Readers', permissions: ['ACD: View'] });
    expect(role.body).toMatchObject({ name: 'Readers', permissions: ['ACD: View'] });
    const employee = await t.control('POST', '/_sim/employees', { roleId: role.body.id, firstName: 'Rita' });
    expect(employee.body).toMatchObject({ role: { name: 'Readers' }, accessKeyId: expect.stringMatching(/^[A-Z2-7]+=*$/) });
    expect((await t.control('POST', '/_sim/employees', { permissions: ['Everything'] })).body.error).toMatch(
      /unknown permission "Everything"/,
    );
    expect((await t.control('GET', '/_sim/permissions')).body.leastPrivilege).toEqual([
      'Employees: View',
      'ACD: View',
      'Play Any',
      'Extract interaction metadata',
    ]);
  });

  it('counts requests by status and route family', async () => {
    const token = await t.token();
    await t.api(`${ACD}/teams`, { token });
    await t.api(`${ACD}/teams/1`, { token });
    await t.api(`${ACD}/teams`, { token, accept: null });
    const stats = (await t.control('GET', '/_sim/stats')).body;
    expect(stats).toMatchObject({
      requests: 4,
      tokenRequests: 1,
      byStatus: { '200': 2, '404': 1, '406': 1 },
      byFamily: { 'POST /auth/token': 1, [`GET ${ACD}/teams`]: 2, [`GET ${ACD}/teams/{teamId}`]: 1 },
    });
  });

  it('re-seeds with other sizes, keeping credentials, and resets to the start state', async () => {
    await t.control('POST', '/_sim/seed', { seed: 9, sizes: { users: 10, queues: 2, conversations: 50 } });
    let truth = (await t.control('GET', '/_sim/truth')).body;
    expect([truth.agent.length, truth.queue.length, truth.interaction.length]).toEqual([12, 2, 49]);
    expect((await t.token()).length).toBeGreaterThan(100);
    expect((await t.control('POST', '/_sim/seed', { sizes: { users: 0 } })).status).toBe(400);
    await t.reset();
    truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.interaction).toHaveLength(297);
  });
});

// The admin side the doctor and the setup guide rely on: registrations with the form's choices, the role's
// permissions readable by its holder, editable roles, and employees who sign in or are locked.
const form = (key: { accessKeyId: string; accessKeySecret: string }) => ({
  grant_type: 'password',
  username: key.accessKeyId,
  password: key.accessKeySecret,
});

describe('application registrations', () => {
  it('issue tokens to a client_secret_basic registration of this issuer, and refuse the others', async () => {
    const key = t.sim.connect.leastPrivilege;
    const basic = await t.control('POST', '/_sim/apps', { tokenEndpointAuthMethod: 'client_secret_basic', tenancy: 'single' });
    expect(basic.body).toMatchObject({ tokenEndpointAuthMethod: 'client_secret_basic', tenancy: 'single', fedramp: false });
    expect((await t.tokenRequest(form(key), basic.body)).status).toBe(200);
    const post = await t.control('POST', '/_sim/apps', { tokenEndpointAuthMethod: 'client_secret_post' });
    expect((await t.tokenRequest(form(key), post.body)).body).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringMatching(/client_secret_post/),
    });
    const fedramp = await t.control('POST', '/_sim/apps', { fedramp: true });
    expect((await t.tokenRequest(form(key), fedramp.body)).body).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringMatching(/FedRAMP/),
    });
    expect((await t.control('POST', '/_sim/apps', { tenancy: 'both' })).status).toBe(400);
  });
});

describe('roles and employees', () => {
  it("lists the caller's own role permissions; another employee's need Employees: View", async () => {
    const reader = await t.employeeWith(['ACD: View']);
    const token = await t.token(reader);
    const own = await t.api(`${ACD}/permissions`, { token });
    expect(own.status).toBe(200);
    const granted = own.body.permissions.filter((p: { Value: string }) => p.Value === 'true').map((p: { Key: string }) => p.Key);
    expect(granted).toEqual(['ACD: View']);
    expect(own.body.permissions[0]).toMatchObject({ BusinessUnitId: Number(t.sim.connect.businessUnit) });
    expect((await t.api(`${ACD}/permissions/${reader.agentId}`, { token })).status).toBe(403);
    expect((await t.api(`${ACD}/permissions/${reader.agentId}`)).status).toBe(200);
  });

  it('applies an edited role at once', async () => {
    const role = await t.control('POST', '/_sim/roles', { name: 'Readers', permissions: ['ACD: View'] });
    const employee = await t.control('POST', '/_sim/employees', { roleId: role.body.id });
    const token = await t.token(employee.body);
    expect((await t.api(`${ACD}/teams`, { token })).status).toBe(200);
    const edited = await t.control('POST', `/_sim/roles/${role.body.id}`, { permissions: ['Employees: View'] });
    expect(edited.body.permissions).toEqual(['Employees: View']);
    expect((await t.api(`${ACD}/teams`, { token })).status).toBe(403);
  });

  it('shows lock-out and the last interactive sign-in on the agent record', async () => {
    const e = await t.employeeWith(['Employees: View']);
    expect((await t.api(`${ACD}/agents/${e.agentId}`)).body.agents[0]).toMatchObject({ locked: false, lastLogin: null });
    await t.control('POST', `/_sim/employees/${e.agentId}/sign-in`);
    await t.control('POST', `/_sim/employees/${e.agentId}/lock`);
    const agent = (await t.api(`${ACD}/agents/${e.agentId}`)).body.agents[0];
    expect(agent).toMatchObject({ locked: true, lastLogin: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const locked = await t.api(`${ACD}/agents?isLocked=true`);
    expect(locked.body.agents.map((a: { agentId: number }) => a.agentId)).toEqual([e.agentId]);
  });
});
