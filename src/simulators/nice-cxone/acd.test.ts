import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACD, startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  // 150 agents + 2 service employees: more than one capped page of 100.
  t = await startTestClient({ sizes: { users: 150, queues: 9, conversations: 100 } });
});
afterAll(() => t.close());

const envelope = (key: string) => ({
  _links: { self: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//), next: expect.anything(), previous: null },
  businessUnitId: Number(t.sim.connect.businessUnit),
  totalRecords: expect.any(Number),
  [key]: expect.any(Array),
});

describe('list envelopes', () => {
  it.each([
    ['/agents', 'agents', true],
    ['/teams', 'teams', true],
    ['/teams/agents', 'teams', true],
    ['/skills', 'skills', true],
    ['/agents/skills', 'agentSkillAssignments', true],
    ['/skills/agents', 'agentSkillAssignments', true],
    ['/unavailable-codes', 'unavailableCodes', false],
    ['/dispositions', 'dispositions', false],
  ])('GET %s', async (path, key, withPollTime) => {
    const res = await t.api(`${ACD}${path}?top=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(envelope(key));
    expect(res.body[key]).toHaveLength(2);
    expect('lastPollTime' in res.body).toBe(withPollTime);
    if (withPollTime) expect(res.body.lastPollTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it('pages with skip/top and absolute links, capping each response at 100 silently', async () => {
    const first = await t.api(`${ACD}/agents?top=500`);
    expect(first.body.agents).toHaveLength(100);
    expect(first.body.totalRecords).toBe(152);
    expect(first.body._links.next).toBe(`${t.sim.baseUrl}${ACD}/agents?skip=100&top=100`);
    const next = await t.api(first.body._links.next.slice(t.sim.baseUrl.length));
    expect(next.body.agents).toHaveLength(52);
    expect(next.body._links).toMatchObject({ next: null, previous: `${t.sim.baseUrl}${ACD}/agents?skip=0&top=100` });
    const ids = [...first.body.agents, ...next.body.agents].map((a: { agentId: number }) => a.agentId);
    expect(new Set(ids).size).toBe(152);
    expect((await t.api(`${ACD}/agents`)).body.agents).toHaveLength(50);
    expect((await t.api(`${ACD}/agents?skip=152`)).status).toBe(204);
    expect((await t.api(`${ACD}/agents?top=0`)).status).toBe(400);
  });

  it('answers 204 with an empty body when nothing matches', async () => {
    const res = await fetch(`${t.sim.baseUrl}${ACD}/skills?searchString=no-such-skill`, {
      headers: { authorization: `Bearer ${await t.token()}`, accept: 'application/json' },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('filters isActive and searchString, projects fields, orders by any property', async () => {
    const inactive = await t.api(`${ACD}/agents?isActive=false&top=100`);
    expect(inactive.body.agents.length).toBeGreaterThan(5);
    expect(inactive.body.agents.every((a: { isActive: boolean }) => !a.isActive)).toBe(true);
    const fields = await t.api(`${ACD}/agents?fields=agentId,firstName&top=1`);
    expect(Object.keys(fields.body.agents[0]).sort()).toEqual(['agentId', 'firstName']);
    const ordered = await t.api(`${ACD}/skills?orderby=skillName desc`);
    const names = ordered.body.skills.map((s: { skillName: string }) => s.skillName);
    expect(names).toEqual([...names].sort().reverse());
    expect((await t.api(`${ACD}/skills?orderBy=nope`)).status).toBe(400);
    expect((await t.api(`${ACD}/agents?searchString=switchboard`)).body.agents).toHaveLength(1);
  });

  it('accepts both updateSince and updatedSince on every list', async () => {
    const since = '2000-01-01T00:00:00Z';
    for (const path of ['/agents', '/teams', '/skills', '/dispositions']) {
      const a = await t.api(`${ACD}${path}?updateSince=${since}`);
      const b = await t.api(`${ACD}${path}?updatedSince=${since}`);
      expect(a.body.totalRecords, path).toBe(b.body.totalRecords);
    }
    const future = await t.api(`${ACD}/agents?updateSince=2999-01-01T00:00:00.0000000Z`);
    expect(future.status).toBe(204);
    // "+00:00" sent unencoded arrives as a space.
    expect((await t.api(`${ACD}/agents?updateSince=2020-01-01T00:00:00+00:00`)).body.error).toBe('InvalidDate');
  });
});

describe('conventions', () => {
  it('requires Accept: application/json on ACD calls', async () => {
    for (const accept of [null, '*/*', 'text/html']) {
      const res = await t.api(`${ACD}/teams`, { accept });
      expect(res.status).toBe(406);
      expect(res.body).toBe('No known way to render data');
    }
    expect((await t.api(`${ACD}/teams`, { accept: 'application/json, text/plain, */*' })).status).toBe(200);
  });

  it('matches paths and query names case-insensitively and serves only v34.0', async () => {
    expect((await t.api('/INCONTACTAPI/Services/V34.0/Teams?TOP=1')).body.teams).toHaveLength(1);
    const other = await t.api('/inContactAPI/services/v31.0/teams');
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ error: 'NotFound', error_description: expect.any(String) });
  });

  it('answers 400 for bad paging values, quoting them in the body and (as ASCII) in icStatusDescription', async () => {
    const res = await t.api(`${ACD}/teams?skip=d%C3%A9j%C3%A0`);
    expect(res.body).toEqual({ error: 'InvalidParameter', error_description: 'Invalid value for skip: déjà' });
    expect(res.headers.get('icstatusdescription')).toBe('Invalid value for skip: d?j?');
  });

  it('answers each family with its own error body', async () => {
    expect((await t.api(`${ACD}/teams/999`)).body).toEqual({ error: 'NotFound', error_description: 'Team 999 was not found.' });
    expect((await t.api(`${ACD}/unavailable-codes/999`)).body).toEqual({
      errorCode: 'NotFound',
      errorMessage: 'Unavailable code 999 was not found.',
      path: `${ACD}/unavailable-codes/999`,
      timestamp: expect.any(String),
    });
  });
});

describe('single objects and relations', () => {
  it('serves an agent by agent id or user id, wrapped in an array', async () => {
    const listed = (await t.api(`${ACD}/agents?top=1&skip=5`)).body.agents[0];
    const byId = await t.api(`${ACD}/agents/${listed.agentId}`);
    expect(byId.body).toEqual({ agents: [listed] });
    expect((await t.api(`${ACD}/agents/${listed.userID.toUpperCase()}`)).body).toEqual({ agents: [listed] });
    expect((await t.api(`${ACD}/agents/1`)).status).toBe(404);
  });

  it('reports the employee behind the key: name, active, role', async () => {
    const { sub } = JSON.parse(Buffer.from((await t.token()).split('.')[1] as string, 'base64url').toString());
    const me = (await t.api(`${ACD}/agents/${sub.slice(5)}`)).body.agents[0];
    expect(me).toMatchObject({ firstName: 'Switchboard', lastName: 'Service', isActive: true, profileName: 'Switchboard Read Only' });
    const users = (await t.api('/user-management/v1/users')).body.users;
    expect(users.find((u: { id: string }) => u.id === sub.slice(5))).toMatchObject({ status: 'ACTIVE', role: 'Switchboard Read Only' });
  });

  it('serves teams with agents and both unavailable-code shapes', async () => {
    const team = (await t.api(`${ACD}/teams?top=1`)).body.teams[0];
    const single = await t.api(`${ACD}/teams/${team.teamId}`);
    expect(single.body).toMatchObject({ businessUnitId: expect.any(Number), lastPollTime: expect.any(String) });
    expect(single.body.teams[0]).toMatchObject({ teamId: team.teamId, agents: expect.any(Array), UnavailableCodes: expect.any(Array) });
    expect((await t.api(`${ACD}/teams/${team.teamId}/agents`)).body.teams[0].agents).toHaveLength(team.agentCount);
    const codes = (await t.api(`${ACD}/teams/${team.teamId}/unavailable-codes`)).body;
    expect(codes).toMatchObject({ teamId: team.teamId, teamUuid: team.teamUuid, divisionNo: 0 });
    expect(codes.unavailableCodes[0]).toEqual({
      outstateId: expect.any(Number),
      outstateName: expect.any(String),
      isActive: expect.any(Boolean),
      isAcw: expect.any(Boolean),
      agentTimeoutMins: expect.any(Number),
    });
    const code = (await t.api(`${ACD}/unavailable-codes/${codes.unavailableCodes[0].outstateId}`)).body;
    expect(code.unavailableCode).toMatchObject({
      id: codes.unavailableCodes[0].outstateId,
      name: expect.any(String),
      notes: expect.any(String),
    });
    const all = (await t.api(`${ACD}/unavailable-codes?top=100`)).body.unavailableCodes;
    const active = (await t.api(`${ACD}/teams/${team.teamId}/unavailable-codes?activityOnly=true`)).body.unavailableCodes;
    expect(active.every((c: { isActive: boolean }) => c.isActive)).toBe(true);
    expect(all.some((c: { isActive: boolean }) => !c.isActive)).toBe(true);
  });

  it('serves a skill flat, its dispositions and assignments', async () => {
    const skill = (await t.api(`${ACD}/skills?top=1`)).body.skills[0];
    const flat = (await t.api(`${ACD}/skills/${skill.skillId}`)).body;
    expect(flat).toMatchObject({ skillId: skill.skillId, skillName: skill.skillName, dispositions: expect.any(Array) });
    const dispositions = await t.api(`${ACD}/skills/${skill.skillId}/dispositions`);
    expect(dispositions.body).toMatchObject({ skillId: skill.skillId, skillName: skill.skillName, totalRecords: flat.dispositions.length });
    const one = await t.api(`${ACD}/dispositions/${flat.dispositions[0].dispositionId}`);
    expect(one.body.dispositions[0]).toMatchObject({
      dispositionId: flat.dispositions[0].dispositionId,
      systemOutcome: expect.any(String),
    });
    const assigned = (await t.api(`${ACD}/skills/agents?skills=${skill.skillId}&top=100`)).body.agentSkillAssignments;
    expect(assigned.every((a: { skillId: number }) => a.skillId === skill.skillId)).toBe(true);
    const agentId = assigned[0].agentId;
    const own = (await t.api(`${ACD}/agents/${agentId}/skills`)).body.agentSkillAssignments;
    expect(own.map((a: { skillId: number }) => a.skillId)).toContain(skill.skillId);
  });

  it('serves the business unit', async () => {
    const res = await t.api(`${ACD}/business-unit`);
    expect(res.body.businessUnits[0]).toMatchObject({ businessUnitId: Number(t.sim.connect.businessUnit), isActive: true });
  });
});

describe('permissions', () => {
  it('answers 403 in the family shape when the role lacks the permission', async () => {
    const token = await t.token(await t.employeeWith(['ACD: View']));
    const agents = await t.api(`${ACD}/agents`, { token });
    expect(agents.status).toBe(403);
    expect(agents.body).toEqual({ error: 'Forbidden', error_description: expect.stringContaining('Employees: View') });
    expect(agents.headers.get('icstatusdescription')).toContain('Employees: View');
    expect((await t.api(`${ACD}/teams`, { token })).status).toBe(200);
    expect((await t.api('/user-management/v1/users', { token })).body).toMatchObject({ status: 403, error: 'Forbidden' });

    const noAcd = await t.token(await t.employeeWith(['Employees: View']));
    expect((await t.api(`${ACD}/dispositions`, { token: noAcd })).body).toMatchObject({
      errorCode: 'Forbidden',
      path: `${ACD}/dispositions`,
    });
    expect((await t.api(`${ACD}/contacts/completed`, { token: noAcd })).status).toBe(403);
    expect((await t.api(`${ACD}/agents`, { token: noAcd })).status).toBe(200);
  });
});
