import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API, startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.control('POST', '/_sim/reset');
});

const wrong = (username: string) => ({ username, password: 'not-the-password' });
const lockoutOf = async (username: string) => (await t.control('GET', `/_sim/lockout/${username}`)).body.families;

describe('Basic authentication', () => {
  it('answers a wrong password, an unknown user and no credentials with the HTML error page and a Basic challenge', async () => {
    for (const as of [wrong('administrator'), wrong('nobody'), null]) {
      const res = await t.api(`${API}/Teams`, { as });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"$/);
      expect(res.text).toMatch(/^<!-- custom Cisco error page --><html><head><title>Cisco System - Error report<\/title>/);
    }
    expect((await t.api(`${API}/Teams`, { headers: { authorization: 'Bearer abc' }, as: null })).status).toBe(401);
  });

  it('tells a wrong role apart from a bad password: ApiErrors XML naming the user', async () => {
    const { leastPrivilege: sup, agent } = t.sim.connect;
    const teams = await t.api(`${API}/Teams`, { as: sup });
    expect(teams.status).toBe(401);
    expect(teams.text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
    expect(teams.headers.get('content-type')).toBe('application/xml');
    expect(teams.headers.get('www-authenticate')).toBeNull();
    expect(teams.body.ApiErrors.ApiError).toEqual({
      ErrorType: 'Authorization Failure',
      ErrorMessage: 'UNAUTHORIZED',
      ErrorData: sup.username,
    });
    expect((await t.api(`${API}/Users`, { as: agent })).body.ApiErrors.ApiError).toEqual({
      ErrorType: 'Unauthorized',
      ErrorMessage: 'The user is not authorized to perform this operation',
    });
    expect((await t.api(`${API}/User/${sup.loginId}`, { as: agent })).body.ApiErrors.ApiError).toMatchObject({
      ErrorType: 'Invalid Authorization User Specified',
      ErrorData: sup.loginId,
    });
    // Administrators are not TeamResource callers (reference §3.8).
    const teamId = (await t.api(`${API}/User/${agent.loginId}`, { as: agent })).body.User.teamId;
    expect((await t.api(`${API}/TeamResource/${teamId}/ReasonCodes?category=ALL`)).body.ApiErrors.ApiError.ErrorType).toBe(
      'Authorization Failure',
    );
    expect(await lockoutOf(agent.username)).toMatchObject({
      configuration: { failedAuthentications: 0 },
      desktop: { failedAuthentications: 0 },
    });
  });

  it('serves SystemInfo without credentials, but counts wrong ones in the serviceability family', async () => {
    const anonymous = await t.api(`${API}/SystemInfo`, { as: null });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.SystemInfo).toMatchObject({ deploymentType: 'UCCX', status: 'IN_SERVICE', uri: `${API}/SystemInfo` });
    expect((await t.api(`${API}/SystemInfo`, { as: wrong('administrator') })).status).toBe(401);
    expect(await lockoutOf('administrator')).toMatchObject({
      serviceability: { consecutiveFailures: 1, failedAuthentications: 1 },
      configuration: { consecutiveFailures: 0 },
    });
  });

  it('ignores unknown query parameters and tolerates a requestId header', async () => {
    const res = await t.api(`${API}/ReasonCodes?category=LOGOUT&nocache=1700000000000`, { headers: { requestId: 'abc-123' } });
    expect(res.status).toBe(200);
    expect(res.body.ReasonCodes['@_category']).toBe('LOGOUT');
  });

  it('counts each Basic authentication in the shared stats, failures apart', async () => {
    await t.api(`${API}/Teams`);
    await t.api(`${API}/Teams`, { as: wrong('administrator') });
    await t.api(`${API}/SystemInfo`, { as: null });
    expect((await t.control('GET', '/_sim/stats')).body).toMatchObject({ requests: 3, tokenRequests: 2, failedTokenRequests: 1 });
  });
});

describe('lockout', () => {
  it('locks a user out of one family on the 5th consecutive bad password, for 5 simulated minutes', async () => {
    await t.control('POST', '/_sim/clock', { frozen: true });
    const admin = t.sim.connect.admin;
    for (let i = 0; i < 4; i++) expect((await t.api(`${API}/Teams`, { as: wrong(admin.username) })).status).toBe(401);
    expect((await t.api(`${API}/Teams`)).status).toBe(200);
    // The success reset the count: four more failures do not lock.
    for (let i = 0; i < 4; i++) await t.api(`${API}/Teams`, { as: wrong(admin.username) });
    expect((await t.api(`${API}/Teams`)).status).toBe(200);
    for (let i = 0; i < 5; i++) await t.api(`${API}/Teams`, { as: wrong(admin.username) });

    const locked = await t.api(`${API}/Teams`);
    expect(locked.status).toBe(401);
    expect(locked.headers.get('content-type')).toMatch(/^text\/html/);
    expect(locked.text).toContain('Cisco System - Error report');
    expect((await t.api(`${API}/SystemInfo`)).status).toBe(200);
    const state = await lockoutOf(admin.username);
    expect(state.configuration).toMatchObject({ consecutiveFailures: 5, failedAuthentications: 14, refusedWhileLocked: 1 });
    expect(Date.parse(state.configuration.lockedUntil) - Date.parse((await t.control('GET', '/_sim/clock')).body.now)).toBe(5 * 60_000);
    expect(state.serviceability).toMatchObject({ failedAuthentications: 0, lockedUntil: null });

    await t.control('POST', '/_sim/clock', { advanceSeconds: 299 });
    expect((await t.api(`${API}/Teams`)).status).toBe(401);
    await t.control('POST', '/_sim/clock', { advanceSeconds: 1 });
    expect((await t.api(`${API}/Teams`)).status).toBe(200);
    expect((await lockoutOf(admin.username)).configuration).toMatchObject({
      consecutiveFailures: 0,
      lockedUntil: null,
      failedAuthentications: 15,
    });
  });

  it('keys counters by user whichever name signs in, and reports every principal', async () => {
    const created = (await t.control('POST', '/_sim/users', { loginName: 'lockme', password: 'right' })).body;
    for (let i = 0; i < 5; i++) await t.api(`${API}/User/lockme`, { as: wrong('lockme') });
    expect((await t.api(`${API}/User/lockme`, { as: { username: 'lockme', password: 'right' } })).status).toBe(401);
    // A password change does not lift a lock.
    await t.control('POST', '/_sim/users/lockme/password', { password: 'newer' });
    expect((await t.api(`${API}/User/lockme`, { as: { username: 'lockme', password: 'newer' } })).status).toBe(401);
    expect(created.username).toBe('lockme');
    await t.api(`${API}/Teams`, { as: wrong('ghost') });
    const all = (await t.control('GET', '/_sim/lockout')).body;
    expect(all.totalFailedAuthentications).toBe(8);
    expect(all.users.lockme.desktop).toMatchObject({ consecutiveFailures: 5, refusedWhileLocked: 2, lockedUntil: expect.any(String) });
    expect(all.users.ghost.configuration.failedAuthentications).toBe(1);
    expect((await t.control('DELETE', '/_sim/lockout')).status).toBe(200);
    expect((await t.api(`${API}/User/lockme`, { as: { username: 'lockme', password: 'newer' } })).status).toBe(200);
  });
});
