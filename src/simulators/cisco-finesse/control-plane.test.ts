import { fetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCiscoFinesseSimulator } from './index.ts';
import { API, basic, list, startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient({ scheme: 'http' });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.control('POST', '/_sim/reset');
});

const truth = async (query = '') => (await t.control('GET', `/_sim/truth${query}`)).body;

describe('truth and seed', () => {
  it('holds the sorted external ids of each unified entity', async () => {
    const all = await truth();
    expect(Object.keys(all).sort()).toEqual(['agent', 'reasonCode', 'team', 'wrapUpCode']);
    for (const [key, ids] of Object.entries(all) as [string, string[]][]) expect(ids, key).toEqual([...ids].sort());
    expect(all.agent).toHaveLength(40 + 2);
    expect(all.team).toHaveLength(5);
    expect(all.agent).not.toContain('administrator');
  });

  it('is deterministic: the same seed gives the same deployment, another seed another one', async () => {
    const first = await truth();
    const users = (await t.api(`${API}/Users`)).text;
    await t.control('POST', '/_sim/seed', { seed: 1 });
    expect(await truth()).toEqual(first);
    expect((await t.api(`${API}/Users`)).text.replace(/<stateChangeTime>[^<]*/g, '')).toEqual(users.replace(/<stateChangeTime>[^<]*/g, ''));
    await t.control('POST', '/_sim/seed', { seed: 2, sizes: { users: 12, teams: 3 } });
    const other = await truth();
    expect([other.agent.length, other.team.length]).toEqual([14, 3]);
    expect(other.team.some((id: string) => first.team.includes(id))).toBe(false);
    // The built-in principals survive any seed.
    expect((await t.api(`${API}/Teams`)).status).toBe(200);
    expect((await t.control('POST', '/_sim/seed', { sizes: { teams: 0 } })).status).toBe(400);
    expect((await t.control('POST', '/_sim/seed', { sizes: { users: 10_001 } })).status).toBe(400);
  });
});

describe('directory changes', () => {
  it('creates and deletes users, teams, reason codes and wrap-up reasons, with team assignments', async () => {
    const sup = (await t.control('POST', '/_sim/users', { role: 'supervisor', loginName: 'newsup', password: 'pw1' })).body;
    const team = (await t.control('POST', '/_sim/teams', { name: 'Night Shift', supervisorIds: [sup.loginId] })).body;
    const agent = (await t.control('POST', '/_sim/users', { loginName: 'newagent', teamId: team.id })).body;
    const code = (await t.control('POST', '/_sim/reason-codes', { category: 'LOGOUT', code: 998, label: 'Night Off', teamIds: [team.id] }))
      .body;
    const wrapUp = (await t.control('POST', '/_sim/wrap-up-reasons', { label: 'Night Call', teamIds: [team.id] })).body;
    expect(sup).toMatchObject({ username: 'newsup', roles: ['Agent', 'Supervisor'] });

    const mine = await truth('?as=newagent');
    expect(mine).toMatchObject({ agent: ['newagent'], team: [team.id] });
    expect(mine.reasonCode).toContain(code.id);
    expect(mine.wrapUpCode).toContain(wrapUp.id);
    expect((await truth('?as=newsup')).agent).toEqual(['newagent', 'newsup']);
    const members = (await t.api(`${API}/Team/${team.id}`, { as: { username: 'newsup', password: 'pw1' } })).body.Team.users.User;
    expect(list(members).map((u) => u.loginId)).toEqual(['newagent']);

    await t.control('POST', `/_sim/teams/${team.id}/assignments`, { reasonCodeIds: [] });
    expect((await truth('?as=newagent')).reasonCode).not.toContain(code.id);
    for (const path of [
      `/_sim/reason-codes/${code.id}`,
      `/_sim/wrap-up-reasons/${wrapUp.id}`,
      `/_sim/users/${agent.loginId}`,
      `/_sim/teams/${team.id}`,
    ])
      expect((await t.control('DELETE', path)).status, path).toBe(200);
    const after = await truth();
    expect(after.agent).not.toContain('newagent');
    expect(after.team).not.toContain(team.id);
    expect(after.reasonCode).not.toContain(code.id);
    expect(after.wrapUpCode).not.toContain(wrapUp.id);
  });

  it('refuses what Finesse would refuse', async () => {
    const system = list((await t.api(`${API}/ReasonCodes?category=ALL`)).body.ReasonCodes.ReasonCode).find((c) => c.systemCode === 'true');
    const existing = list((await t.api(`${API}/ReasonCodes?category=NOT_READY`)).body.ReasonCodes.ReasonCode).find(
      (c) => c.systemCode === 'false',
    );
    const teamId = (await truth()).team[0];
    for (const [method, path, body, message] of [
      ['DELETE', `/_sim/reason-codes/${system.id}`, undefined, /system code/],
      ['POST', '/_sim/reason-codes', { category: 'NOT_READY', code: Number(existing.code), label: 'Fresh' }, /exists/],
      ['POST', '/_sim/reason-codes', { category: 'NOT_READY', code: 5, label: 'x'.repeat(41) }, /at most 40 bytes/],
      ['POST', '/_sim/reason-codes', { category: 'NOT_READY', code: 5, label: 'Both', forAll: true, teamIds: [teamId] }, /forAll/],
      ['POST', '/_sim/users', { role: 'agent', supervisedTeamIds: [teamId] }, /only a supervisor/],
      ['POST', '/_sim/users', { loginName: 'administrator' }, /exists/],
      ['POST', '/_sim/teams', { name: 'X', supervisorIds: [t.sim.connect.agent.loginId] }, /not a supervisor/],
    ] as const) {
      const res = await t.control(method, path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error).toMatch(message);
    }
  });

  it('changes the administrator password: the old one then fails', async () => {
    await t.control('POST', '/_sim/users/administrator/password', { password: 'rotated' });
    expect((await t.api(`${API}/Teams`)).status).toBe(401);
    expect((await t.api(`${API}/Teams`, { as: { username: 'administrator', password: 'rotated' } })).status).toBe(200);
  });
});

describe('hostile payloads', () => {
  it('serves an XXE payload with external entities for a file and a loopback URL, once', async () => {
    await t.control('POST', '/_sim/hostile', { kind: 'xxe', path: `${API}/Teams` });
    expect((await t.api(`${API}/Users`)).text).not.toContain('<!DOCTYPE');
    const res = await t.api(`${API}/Teams`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^<\?xml[^>]*\?>\s*<!DOCTYPE Teams \[/);
    expect(res.text).toContain('<!ENTITY xxe SYSTEM "file:///etc/passwd">');
    expect(res.text).toContain('<!ENTITY ssrf SYSTEM "http://127.0.0.1:1/">');
    expect(res.text).toMatch(/<Teams>&xxe;&ssrf;<Team>/);
    expect((await t.api(`${API}/Teams`)).text).not.toContain('<!DOCTYPE');
    expect((await t.control('GET', '/_sim/hostile')).body).toEqual({ armed: [], served: { xxe: 1, 'billion-laughs': 0, huge: 0 } });
  });

  it('serves a billion-laughs expansion', async () => {
    await t.control('POST', '/_sim/hostile', { kind: 'billion-laughs', count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await t.api(`${API}/WrapUpReasons`);
      expect(res.text).toContain(`<!ENTITY lol9 "${'&lol8;'.repeat(10)}">`);
      expect(res.text.length).toBeLessThan(4096);
    }
    expect((await t.api(`${API}/WrapUpReasons`)).text).not.toContain('<!DOCTYPE');
  });

  it('streams an oversized body without Content-Length (64 MiB by default)', async () => {
    const url = `${t.sim.baseUrl}${API}/ReasonCodes?category=ALL`;
    const headers = { authorization: basic(t.sim.connect.admin) };
    await t.control('POST', '/_sim/hostile', { kind: 'huge', bytes: 1_000_000 });
    const res = await fetch(url, { headers });
    expect(res.headers.get('content-length')).toBeNull();
    const text = await res.text();
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text.endsWith('</ReasonCodes>')).toBe(true);

    await t.control('POST', '/_sim/hostile', { kind: 'huge' });
    const big = await fetch(url, { headers });
    let received = 0;
    for await (const chunk of big.body as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      // A client with a cap stops reading; the simulator must survive that.
      if (received > 4 * 1024 * 1024) break;
    }
    expect(received).toBeGreaterThan(4 * 1024 * 1024);
    expect((await t.api(`${API}/SystemInfo`, { as: null })).status).toBe(200);
    expect((await t.control('POST', '/_sim/hostile', { kind: 'zip-bomb' })).status).toBe(400);
  });
});

describe('faults', () => {
  it('injects 5xx as ApiErrors, 429 on demand, never on /_sim, and applies --faults at start', async () => {
    await t.control('POST', '/_sim/faults', { spec: '5xx=1' });
    const statuses = [];
    for (let i = 0; i < 2; i++) {
      const res = await t.api(`${API}/Teams`);
      statuses.push(res.status);
      expect(res.body.ApiErrors.ApiError.ErrorType).toMatch(/^(Internal Server Error|Service Unavailable)$/);
    }
    expect(statuses.sort()).toEqual([500, 503]);
    expect((await t.control('GET', '/_sim/truth')).status).toBe(200);
    await t.control('POST', '/_sim/faults', { spec: '429=1' });
    const throttled = await t.api(`${API}/Teams`);
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, null]);
    expect((await t.control('GET', '/_sim/stats')).body.faults).toMatchObject({ '5xx': 2, '429': 1 });

    const faulty = await startCiscoFinesseSimulator({ faults: 'reset=1', scheme: 'http' });
    try {
      await expect(fetch(`${faulty.baseUrl}${API}/SystemInfo`)).rejects.toThrow();
    } finally {
      await faulty.close();
    }
  });
});
