import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGenesysCloudSimulator } from './index.ts';
import { startTestClient, type TestClient } from './test-client.ts';

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
  it('answers 5xx with a platform error body, never on /_sim', async () => {
    const token = await t.token();
    await setFaults('5xx=1');
    const res = await t.api('GET', '/api/v2/users', { token });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body).toMatchObject({ status: res.status, code: expect.any(String), contextId: expect.any(String) });
    expect((await t.control('GET', '/_sim/truth')).status).toBe(200);
    expect((await t.control('GET', '/_sim/faults')).body).toMatchObject({ spec: '5xx=1', injected: { '5xx': 1 } });
  });

  it('answers 429 with Retry-After and the normalized body', async () => {
    const token = await t.token();
    await setFaults('429=1');
    const res = await t.api('GET', '/api/v2/users', { token });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({
      code: 'too.many.requests.retry.after',
      message: 'Rate limit exceeded the maximum. Retry the request in [1] seconds',
    });
    expect((await t.control('GET', '/_sim/stats')).body.tooManyRequests).toBe(1);
  });

  it('resets the connection without an answer', async () => {
    const token = await t.token();
    await setFaults('reset=1');
    await expect(t.api('GET', '/api/v2/users', { token })).rejects.toThrow();
    expect((await t.control('GET', '/_sim/stats')).body.byStatus.reset).toBe(1);
  });

  it('truncates bodies after sending the full Content-Length', async () => {
    const token = await t.token();
    await setFaults('truncate=1');
    const res = await fetch(`${t.sim.baseUrl}/api/v2/users`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
    await expect(res.text()).rejects.toThrow();
  });

  it('adds latency', async () => {
    const token = await t.token();
    await setFaults('latency=150');
    const started = performance.now();
    expect((await t.api('GET', '/api/v2/organizations/me', { token })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('is reproducible: the same seed and spec fail the same requests', async () => {
    const run = async () => {
      await t.control('POST', '/_sim/seed', {});
      const token = await t.token();
      await setFaults('5xx=0.3,429=0.2');
      const statuses = [];
      for (let i = 0; i < 25; i++) statuses.push((await t.api('GET', '/api/v2/organizations/me', { token })).status);
      return statuses;
    };
    const first = await run();
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await run()).toEqual(first);
  });

  it('refuses a bad spec with a clear error, and clears with DELETE', async () => {
    const bad = await setFaults('5xx=2');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/5xx must be a rate between 0 and 1/);
    expect((await setFaults('boom=0.1')).body.error).toMatch(/unknown fault "boom"/);
    await setFaults('reset=0.5');
    expect((await t.control('DELETE', '/_sim/faults')).body.spec).toBe('');
    await expect(startGenesysCloudSimulator({ faults: 'latency=fast' })).rejects.toThrow(/latency/);
  });

  it('applies faults given at start', async () => {
    const faulty = await startTestClient({ faults: '5xx=1' });
    try {
      const res = await fetch(`${faulty.sim.baseUrl}/oauth/token`, { method: 'POST' });
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      await faulty.close();
    }
  });
});

describe('clock, stats, reset, seed, truth', () => {
  it('reads, sets and advances the simulated clock', async () => {
    const now = (await t.control('GET', '/_sim/clock')).body;
    expect(Math.abs(Date.parse(now.now) - Date.now())).toBeLessThan(5000);
    expect(Date.parse(now.now) - Date.parse(now.dataAvailabilityDate)).toBeGreaterThanOrEqual(5 * 60_000 - 50);
    const set = await t.control('POST', '/_sim/clock', { now: '2030-01-01T00:00:00.000Z', frozen: true });
    expect(set.body.now).toBe('2030-01-01T00:00:00.000Z');
    const advanced = await t.control('POST', '/_sim/clock', { advanceSeconds: 60, availabilityLagSeconds: 0 });
    expect(advanced.body).toMatchObject({
      now: '2030-01-01T00:01:00.000Z',
      dataAvailabilityDate: '2030-01-01T00:01:00.000Z',
      frozen: true,
    });
    expect((await t.control('POST', '/_sim/clock', { now: 'soon' })).status).toBe(400);
  });

  it('counts requests by status and route family', async () => {
    const token = await t.token();
    await t.api('GET', '/api/v2/users', { token });
    await t.api('GET', '/api/v2/users?pageSize=1000', { token });
    await t.api('GET', '/api/v2/routing/queues/abc', { token });
    const stats = (await t.control('GET', '/_sim/stats')).body;
    expect(stats).toMatchObject({
      requests: 4,
      tokenRequests: 1,
      failedTokenRequests: 0,
      byStatus: { '200': 2, '400': 1, '404': 1 },
      byFamily: { 'POST /oauth/token': 1, 'GET /api/v2/users': 2, 'GET /api/v2/routing/queues/{queueId}': 1 },
    });
    expect((await t.control('DELETE', '/_sim/stats')).body.requests).toBe(0);
  });

  it('serves a sorted ground truth in the unified model', async () => {
    const truth = (await t.control('GET', '/_sim/truth')).body as Record<string, string[]>;
    expect(Object.keys(truth).sort()).toEqual(
      [
        'agent',
        'division',
        'interaction',
        'openInteractions',
        'queue',
        'queueMember',
        'reasonCode',
        'recording',
        'team',
        'wrapUpCode',
      ].sort(),
    );
    for (const [key, ids] of Object.entries(truth)) expect(ids, key).toEqual([...ids].sort());
    const users = (await t.api('GET', '/api/v2/users?state=any&pageSize=500')).body;
    expect(truth.agent).toHaveLength(users.total);
    const presences = (await t.api('GET', '/api/v2/presence/definitions')).body;
    expect(truth.reasonCode).toHaveLength(presences.total);
    expect(truth.interaction).toHaveLength(300);
    expect(truth.team).toEqual([]);
    expect(truth.queueMember?.[0]).toMatch(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/);
  });

  it('re-seeds with other sizes and resets to the start state', async () => {
    const clients = t.sim.connect.leastPrivilegeClient;
    await t.control('POST', '/_sim/seed', { seed: 9, sizes: { users: 10, queues: 2, conversations: 50 } });
    let truth = (await t.control('GET', '/_sim/truth')).body;
    expect([truth.agent.length, truth.queue.length, truth.interaction.length]).toEqual([10, 2, 50]);
    // The printed credentials survive re-seeding.
    expect((await t.token(clients)).length).toBeGreaterThan(10);
    expect((await t.control('POST', '/_sim/seed', { sizes: { users: -1 } })).status).toBe(400);
    await t.reset();
    truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.interaction.length).toBe(300);
  });

  it('answers 404 for unknown control routes', async () => {
    expect((await t.control('GET', '/_sim/nothing')).status).toBe(404);
  });
});

// The admin side the doctor and the setup guide rely on: a role reaches an OAuth client's role list only
// once a user holds it, roles can be edited, and an org without a product has none of its permissions.
const firstUser = async () => (await t.api('GET', '/api/v2/users?pageSize=1')).body.entities[0].id as string;

describe('roles and OAuth clients', () => {
  it('offers a new role to an OAuth client only once a user holds it', async () => {
    const role = await t.control('POST', '/_sim/roles', { name: 'readers', permissions: ['routing:queue:view'] });
    const refused = await t.control('POST', '/_sim/oauth/clients', { roleDivisions: [{ roleId: role.body.id, divisionId: '*' }] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/assign it to a user first/);
    expect((await t.control('POST', `/_sim/users/${await firstUser()}/roles`, { roleId: role.body.id })).status).toBe(200);
    const created = await t.control('POST', '/_sim/oauth/clients', { roleDivisions: [{ roleId: role.body.id, divisionId: '*' }] });
    expect(created.status).toBe(201);
  });

  it('applies an edited role to clients that already hold it', async () => {
    const role = await t.control('POST', '/_sim/roles', {
      name: 'readers',
      permissions: ['routing:queue:view', 'routing:wrapupCode:view'],
    });
    await t.control('POST', `/_sim/users/${await firstUser()}/roles`, { roleId: role.body.id });
    const client = (await t.control('POST', '/_sim/oauth/clients', { roleDivisions: [{ roleId: role.body.id, divisionId: '*' }] })).body;
    const token = await t.token(client);
    expect((await t.api('GET', '/api/v2/routing/queues', { token })).status).toBe(200);
    await t.control('POST', `/_sim/roles/${role.body.id}`, { permissions: ['routing:wrapupCode:view'] });
    const refused = await t.api('GET', '/api/v2/routing/queues', { token });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('[routing:queue:view]');
  });
});

describe('an org without a product', () => {
  it('has none of its permissions: out of the catalogue, held in no division, refused by name', async () => {
    await t.control('POST', '/_sim/org/permissions', { absent: ['recording:recording:view'] });
    const admin = await t.token(t.sim.connect.overPrivilegedClient);
    const catalogue = await t.api('GET', '/api/v2/authorization/permissions?queryType=domain&query=recording', { token: admin });
    const actions = catalogue.body.entities[0].permissionMap.recording.map((p: { action: string }) => p.action);
    expect(actions).not.toContain('view');
    expect(actions).toContain('viewSensitiveData');
    const permitted = await t.api('GET', '/api/v2/authorization/divisionspermitted/paged/me?permission=recording:recording:view', {
      token: admin,
    });
    expect(permitted.body).toMatchObject({ entities: [], allDivsPermitted: false });
    // The least-privilege client's role names it; the org does not have it, so the read is refused.
    const token = await t.token();
    const convo = (await t.control('GET', '/_sim/truth')).body.interaction[0];
    const refused = await t.api('GET', `/api/v2/conversations/${convo}/recordingmetadata`, { token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('missing.any.permissions');
  });
});
