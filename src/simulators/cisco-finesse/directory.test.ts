import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinesseCredentials } from './index.ts';
import { API, list, startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient({ scheme: 'http' });
});
afterAll(() => t.close());

const ids = (items: { id?: string; uri: string }[]) => items.map((i) => i.id ?? (i.uri.split('/').pop() as string)).sort();
const codes = async (path: string, as: FinesseCredentials = t.sim.connect.leastPrivilege) =>
  list((await t.api(path, { as })).body.ReasonCodes.ReasonCode);
const truth = async (as?: string) => (await t.control('GET', `/_sim/truth${as ? `?as=${as}` : ''}`)).body;

describe('administrator lists', () => {
  it('lists reason codes by category, echoing it, with ids and system codes, not sorted by id', async () => {
    const all = await codes(`${API}/ReasonCodes?category=ALL`, t.sim.connect.admin);
    expect(all[0]).toEqual({
      uri: `${API}/ReasonCode/${all[0].id}`,
      id: expect.stringMatching(/^\d+$/),
      category: expect.stringMatching(/^(NOT_READY|LOGOUT)$/),
      code: expect.stringMatching(/^\d+$/),
      label: expect.any(String),
      forAll: expect.stringMatching(/^(true|false)$/),
      systemCode: expect.stringMatching(/^(true|false)$/),
    });
    const order = all.map((c) => Number(c.id));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(all.find((c) => c.code === '32762')).toMatchObject({ label: 'Offhook', systemCode: 'true', category: 'NOT_READY' });
    expect(all.filter((c) => c.systemCode === 'false').every((c) => Number(c.code) <= 999)).toBe(true);
    for (const category of ['NOT_READY', 'LOGOUT']) {
      const res = await t.api(`${API}/ReasonCodes?category=${category}`);
      expect(res.body.ReasonCodes['@_category']).toBe(category);
      expect(list(res.body.ReasonCodes.ReasonCode).every((c) => c.category === category)).toBe(true);
    }
    expect(all).toHaveLength(Number((await truth()).reasonCode.length));
  });

  it('refuses a missing or unknown category with 400 Bad Request', async () => {
    for (const query of ['', '?category=', '?category=not_ready', '?category=WRAP_UP']) {
      const res = await t.api(`${API}/ReasonCodes${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.ApiErrors.ApiError.ErrorType).toBe('Bad Request');
    }
    // The per-team and per-user lists document NOT_READY and LOGOUT only.
    const team = (await truth()).team[0];
    expect((await t.api(`${API}/Team/${team}/ReasonCodes?category=ALL`)).status).toBe(400);
    const sup = t.sim.connect.leastPrivilege;
    expect((await t.api(`${API}/User/${sup.loginId}/ReasonCodes?category=ALL`, { as: sup })).status).toBe(400);
  });

  it('serves users, teams with members, wrap-up reasons and team assignments', async () => {
    const users = list((await t.api(`${API}/Users`)).body.Users.User);
    expect(users.map((u) => u.loginId).sort()).toEqual((await truth()).agent);
    const teams = list((await t.api(`${API}/Teams`)).body.Teams.Team);
    expect(ids(teams)).toEqual((await truth()).team);
    const team = (await t.api(`${API}/Team/${teams[0].id}`)).body.Team;
    expect(
      list(team.users.User)
        .map((u) => u.loginId)
        .sort(),
    ).toEqual(
      users
        .filter((u) => u.teamId === teams[0].id)
        .map((u) => u.loginId)
        .sort(),
    );
    expect(list(team.users.User)[0]).toMatchObject({
      uri: expect.stringMatching(/^\/finesse\/api\/User\//),
      mediaState: expect.any(String),
    });
    const wrapUps = list((await t.api(`${API}/WrapUpReasons`)).body.WrapUpReasons.WrapUpReason);
    expect(ids(wrapUps)).toEqual((await truth()).wrapUpCode);
    expect(wrapUps[0]).toEqual({
      uri: expect.stringMatching(/^\/finesse\/api\/WrapUpReason\/\d+$/),
      label: expect.any(String),
      forAll: expect.any(String),
    });
    expect((await t.api(wrapUps[0].uri)).body.WrapUpReason).toEqual(wrapUps[0]);
    const bad = await t.api(`${API}/Team/424242/WrapUpReasons`);
    expect(bad.status).toBe(404);
    expect(bad.body.ApiErrors.ApiError).toMatchObject({ ErrorType: 'finesse.api.team.team_assignment_invalid_team', ErrorData: '424242' });
    expect((await t.api(`${API}/ReasonCode/1`)).status).toBe(404);
  });
});

describe('team scoping', () => {
  it('gives a team member forAll codes plus the team’s own, through TeamResource and the User lists', async () => {
    const agent = t.sim.connect.agent;
    const me = (await t.api(`${API}/User/${agent.loginId}`, { as: agent })).body.User;
    const assigned = (await codes(`${API}/Team/${me.teamId}/ReasonCodes?category=NOT_READY`, t.sim.connect.admin)).map((c) => c.id);
    const global = (await codes(`${API}/ReasonCodes?category=NOT_READY`, t.sim.connect.admin))
      .filter((c) => c.forAll === 'true')
      .map((c) => c.id);
    const viaTeam = await codes(`${API}/TeamResource/${me.teamId}/ReasonCodes?category=NOT_READY`, agent);
    expect(ids(viaTeam)).toEqual([...assigned, ...global].sort());
    expect(ids(await codes(`${API}/User/${agent.loginId}/ReasonCodes?category=NOT_READY`, agent))).toEqual(ids(viaTeam));
    const wrapUps = list((await t.api(`${API}/TeamResource/${me.teamId}/WrapUpReasons`, { as: agent })).body.WrapUpReasons.WrapUpReason);
    expect(ids(wrapUps)).toEqual(
      ids(list((await t.api(`${API}/User/${agent.loginId}/WrapUpReasons`, { as: agent })).body.WrapUpReasons.WrapUpReason)),
    );
  });

  it('refuses other teams, unknown teams and non-supervisors as the platform does', async () => {
    const agent = t.sim.connect.agent;
    const me = (await t.api(`${API}/User/${agent.loginId}`, { as: agent })).body.User;
    const other = (await truth()).team.find((id: string) => id !== me.teamId);
    expect((await t.api(`${API}/TeamResource/${other}/ReasonCodes?category=ALL`, { as: agent })).body.ApiErrors.ApiError.ErrorType).toBe(
      'Authorization Failure',
    );
    const unknown = await t.api(`${API}/TeamResource/424242/ReasonCodes?category=ALL`, { as: agent });
    expect([unknown.status, unknown.body.ApiErrors.ApiError.ErrorType]).toEqual([404, 'TeamId Not Found']);
    expect((await t.api(`${API}/Team/${me.teamId}`, { as: agent })).status).toBe(401);
    // A code the agent is not offered is refused even by id.
    const visible = new Set((await truth(agent.username)).reasonCode);
    const refused = (await truth()).reasonCode.find((id: string) => !visible.has(id));
    expect((await t.api(`${API}/ReasonCode/${refused}`, { as: agent })).status).toBe(401);
    expect((await t.api(`${API}/ReasonCode/${[...visible][0]}`, { as: agent })).status).toBe(200);
  });

  it('lets the team-scoped supervisor read every team, and truth?as= says exactly what team mode reaches', async () => {
    const sup = t.sim.connect.leastPrivilege;
    const me = (await t.api(`${API}/User/${sup.loginId}`, { as: sup })).body.User;
    expect(me.roles.role).toEqual(['Agent', 'Supervisor']);
    const supervised = list(me.teams.Team).map((team) => team.id);
    const seen = {
      agent: new Set<string>([me.loginId]),
      team: new Set<string>([me.teamId, ...supervised]),
      reasonCode: new Set<string>(),
      wrapUpCode: new Set<string>(),
    };
    for (const teamId of seen.team) {
      for (const u of list((await t.api(`${API}/Team/${teamId}`, { as: sup })).body.Team.users.User)) seen.agent.add(u.loginId);
      for (const c of await codes(`${API}/TeamResource/${teamId}/ReasonCodes?category=ALL`, sup)) seen.reasonCode.add(c.id);
      const wrapUps = list((await t.api(`${API}/TeamResource/${teamId}/WrapUpReasons`, { as: sup })).body.WrapUpReasons.WrapUpReason);
      for (const w of ids(wrapUps)) seen.wrapUpCode.add(w);
    }
    const expected = await truth(sup.username);
    expect(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v].sort()]))).toEqual(expected);
    const full = await truth();
    expect(expected.agent).toEqual(full.agent);
    expect(expected.team).toEqual(full.team);
    // One team-only code of each kind is assigned to no team: only an administrator sees it.
    expect(expected.reasonCode.length).toBe(full.reasonCode.length - 1);
    expect(expected.wrapUpCode.length).toBe(full.wrapUpCode.length - 1);
    expect(await truth(t.sim.connect.agent.username)).toMatchObject({ agent: [t.sim.connect.agent.loginId], team: [me.teamId] });
    expect((await t.control('GET', '/_sim/truth?as=ghost')).status).toBe(400);
  });
});
