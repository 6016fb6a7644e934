// GET /v1/connections/{id}/passthrough/<platform path> against the three simulators, on both stores:
// allowed reads come back as the platform answered them; every refusal is a 403 with its own code, sent
// nowhere, and in the audit trail; a key needs passthrough:read (and pii:read for customer addresses) and
// never reaches a connection it was not given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRow } from '../../src/store/index.ts';
import { dialects } from '../harness/databases.ts';
import { ciscoFinesseHarness, genesysHarness, niceCxoneHarness, statsOf, truthOf } from '../harness/platforms.ts';
import { openPassthroughFixture, type PassthroughFixture } from './passthrough-fixture.ts';

const ACD = '/inContactAPI/services/v34.0';

describe.each(dialects)('read-only passthrough (%s)', (dialect) => {
  let fx: PassthroughFixture;
  let gen: ConnectionRow, cx: ConnectionRow, finAdmin: ConnectionRow, finTeam: ConnectionRow;
  let key: string;
  const pt = (conn: ConnectionRow, platformPath: string) => `/v1/connections/${conn.id}/passthrough${platformPath}`;

  beforeAll(async () => {
    fx = await openPassthroughFixture(dialect);
    const { sims } = fx;
    gen = await fx.connection('gen', 'genesys-cloud', genesysHarness.credentials(sims.genesys));
    cx = await fx.connection('cx', 'nice-cxone', niceCxoneHarness.credentials(sims.nice));
    finAdmin = await fx.connection('fin-admin', 'cisco-finesse', fx.finesseAs(sims.finesse.connect.admin, 'admin'));
    finTeam = await fx.connection('fin-team', 'cisco-finesse', ciscoFinesseHarness.credentials(sims.finesse));
    key = await fx.key(['passthrough:read']);
  });
  afterAll(() => fx?.close());

  it('passes Genesys Cloud reads through: status, content type and body as the platform answered', async () => {
    const truth = await truthOf(fx.sims.genesys);
    const tokens = (await statsOf(fx.sims.genesys)).tokenRequests;
    const users = await fx.get(pt(gen, '/api/v2/users?pageSize=100&state=any'), key);
    expect(users.status).toBe(200);
    expect(users.headers.get('content-type')).toMatch(/^application\/json/);
    expect(users.headers.get('inin-correlation-id')).toEqual(expect.any(String));
    expect(users.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(users.headers.get('cache-control')).toBe('no-store');
    const listing = (await users.json()) as { entities: { id: string }[] };
    expect(listing.entities.map((u) => u.id).sort()).toEqual(truth.agent);

    // A repeated parameter is forwarded repeated, as clients other than the SDK send lists.
    const two = (truth.agent ?? []).slice(0, 2);
    const byId = await fx.get(pt(gen, `/api/v2/users?state=any&id=${two[0]}&id=${two[1]}`), key);
    expect(((await byId.json()) as { entities: { id: string }[] }).entities.map((u) => u.id).sort()).toEqual(two);

    const queues = (await (await fx.get(pt(gen, '/api/v2/routing/queues?pageSize=100'), key)).json()) as { entities: { id: string }[] };
    expect(queues.entities.map((q) => q.id).sort()).toEqual(truth.queue);

    // The platform's own 404 (and its error body) reach the app unchanged.
    const missing = await fx.get(pt(gen, '/api/v2/users/00000000-0000-4000-8000-000000000000'), key);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, code: expect.stringMatching(/not.found/) });
    // One session for the connection across requests: one token, one rate budget.
    expect((await statsOf(fx.sims.genesys)).tokenRequests).toBe(tokens + 1);
    // Its platform requests are in the metrics, as a sync's are.
    const metrics = await (await fetch(`${fx.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_platform_requests_total\{connection="gen",status="200"\} [1-9]/);
  });

  it('passes NICE CXone ACD reads through', async () => {
    const truth = await truthOf(fx.sims.nice);
    const res = await fx.get(pt(cx, `${ACD}/agents?top=100`), key, { accept: 'application/json' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { agents: { agentId: number }[] };
    expect(body.agents.map((a) => String(a.agentId)).sort()).toEqual([...(truth.agent ?? [])].sort());
    expect((await fx.get(pt(cx, `${ACD}/teams?top=100`), key, { accept: 'application/json' })).status).toBe(200);
  });

  it('passes Cisco Finesse reads through: the administrator reads the configuration lists, a supervisor its teams', async () => {
    const teams = await fx.get(pt(finAdmin, '/finesse/api/Teams'), key);
    expect(teams.status).toBe(200);
    expect(teams.headers.get('content-type')).toMatch(/xml/);
    const xml = await teams.text();
    expect(xml).toContain('<Teams>');
    const reasonCodes = await fx.get(pt(finAdmin, '/finesse/api/ReasonCodes?category=ALL'), key);
    expect([reasonCodes.status, await reasonCodes.text()]).toEqual([200, expect.stringContaining('<ReasonCode>')]);
    expect((await fx.get(pt(finAdmin, '/finesse/api/SystemInfo'), key)).status).toBe(200);

    const teamId = /<id>(\d+)<\/id>/.exec(xml)?.[1] as string;
    const teamCodes = await fx.get(pt(finTeam, `/finesse/api/TeamResource/${teamId}/ReasonCodes?category=NOT_READY`), key);
    expect(teamCodes.status).toBe(200);

    // A supervisor asking for an administrator's list: the platform refuses the role, the password stands.
    const before = await fx.finesseFailedLogins();
    const denied = await fx.get(pt(finTeam, '/finesse/api/Users'), key);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('platform_permission_missing');
    expect(await fx.finesseFailedLogins()).toBe(before);
    expect((await fx.test.store.connections.get(finTeam.id))?.status).not.toBe('auth_failed');
  });

  it('refuses every other method, path and query with 403, sends nothing, and audits each refusal', async () => {
    const refusals: [string, string, string][] = [
      ['POST', pt(gen, '/api/v2/analytics/conversations/details/query'), 'passthrough_method_refused'],
      ['PUT', pt(gen, '/api/v2/users/x'), 'passthrough_method_refused'],
      ['PATCH', pt(gen, '/api/v2/users/x'), 'passthrough_method_refused'],
      ['DELETE', pt(gen, '/api/v2/users/x'), 'passthrough_method_refused'],
      ['HEAD', pt(gen, '/api/v2/users'), 'passthrough_method_refused'],
      ['OPTIONS', pt(gen, '/api/v2/users'), 'passthrough_method_refused'],
      ['GET', pt(gen, '/api/v2/oauth/clients'), 'passthrough_not_allowed'],
      ['GET', pt(gen, '/api/v2/tokens/me'), 'passthrough_not_allowed'],
      ['GET', pt(finAdmin, '/finesse/api/EnterpriseDatabaseConfig'), 'passthrough_not_allowed'],
      ['GET', pt(finAdmin, '/finesse/api/SystemConfig'), 'passthrough_not_allowed'],
      ['GET', pt(cx, '/media-playback/v1/contacts?acd-call-id=1'), 'passthrough_not_allowed'],
      ['GET', pt(gen, '/api/v2/users/../oauth/clients'), 'passthrough_path_refused'],
      ['GET', pt(gen, '/api/v2/users?redirect=https://evil.example/'), 'passthrough_query_refused'],
      ['GET', pt(gen, '/api/v2/analytics/conversations/details?id=x'), 'passthrough_personal_data'],
      ['GET', pt(cx, `${ACD}/contacts/completed`), 'passthrough_personal_data'],
    ];
    const sent = await fx.platformRequests();
    for (const [method, target, code] of refusals) {
      const res = await fx.raw(method, target, key);
      expect(res.status, `${method} ${target}`).toBe(403);
      if (method !== 'HEAD') expect((JSON.parse(res.body) as { error: { code: string } }).error.code, `${method} ${target}`).toBe(code);
    }
    expect(await fx.platformRequests()).toBe(sent);

    const trail = (await fx.audit()).filter((row) => row.status === 403 && row.errorCode?.startsWith('passthrough_'));
    for (const [method, target, code] of refusals) {
      expect(
        trail.some((row) => row.method === method && row.errorCode === code && row.path === target.split('?')[0]),
        `${method} ${target} audited`,
      ).toBe(true);
    }
    expect(trail.every((row) => row.connectionIds.length === 1 && row.route === '/v1/connections/:id/passthrough/*')).toBe(true);
  });

  it('needs passthrough:read, pii:read for customer addresses, and reaches only the connections of the key', async () => {
    const noScope = await fx.key(['interactions:read', 'pii:read']);
    const missing = await fx.get(pt(gen, '/api/v2/users'), noScope);
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([403, 'missing_scope']);

    const pii = await fx.key(['passthrough:read', 'pii:read']);
    const ids = (await truthOf(fx.sims.genesys)).interaction?.slice(0, 2) ?? [];
    const details = await fx.get(pt(gen, `/api/v2/analytics/conversations/details?id=${ids.join(',')}`), pii);
    expect(details.status).toBe(200);
    expect(((await details.json()) as { conversations: unknown[] }).conversations).toHaveLength(2);

    const onlyCx = await fx.key(['passthrough:read'], [cx.id]);
    const other = await fx.get(pt(gen, '/api/v2/users'), onlyCx);
    expect([other.status, ((await other.json()) as { error: { code: string } }).error.code]).toEqual([404, 'connection_not_found']);
    expect((await fx.get(pt(cx, `${ACD}/teams`), onlyCx, { accept: 'application/json' })).status).toBe(200);

    const trail = await fx.audit();
    const audited = trail.find((row) => row.errorCode === 'connection_not_found' && row.path.includes(gen.id));
    expect(audited).toMatchObject({ status: 404, method: 'GET' });
    // An answered read names the connection and what was sent to the platform.
    expect(trail.find((row) => row.status === 200 && row.connectionIds.includes(cx.id))?.resourceIds).toEqual([`${ACD}/teams`]);
  });

  it('answers a connection blocked by a rejected credential without contacting the platform', async () => {
    const bad = await fx.connection('gen-bad', 'genesys-cloud', genesysHarness.wrongCredentials(fx.sims.genesys));
    const failedBefore = (await statsOf(fx.sims.genesys)).failedTokenRequests;
    const first = await fx.get(pt(bad, '/api/v2/users'), key);
    expect([first.status, ((await first.json()) as { error: { code: string } }).error.code]).toEqual([
      502,
      'platform_credentials_rejected',
    ]);
    expect((await fx.test.store.connections.get(bad.id))?.status).toBe('auth_failed');
    const again = await fx.get(pt(bad, '/api/v2/users'), key);
    expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([409, 'connection_blocked']);
    expect((await statsOf(fx.sims.genesys)).failedTokenRequests).toBe(failedBefore + 1);
  });
});
