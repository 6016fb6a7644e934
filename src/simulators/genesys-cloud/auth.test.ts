import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient();
});
afterAll(() => t.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function tokenRequest(headers: Record<string, string>, body = 'grant_type=client_credentials') {
  const res = await fetch(`${t.sim.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /oauth/token', () => {
  it('issues a bearer token for Basic client credentials', async () => {
    const { clientId, clientSecret } = t.sim.connect.leastPrivilegeClient;
    const res = await tokenRequest({ authorization: basic(clientId, clientSecret) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86399 });
  });

  it('accepts client_secret_post credentials too', async () => {
    const { clientId, clientSecret } = t.sim.connect.leastPrivilegeClient;
    const res = await tokenRequest(
      {},
      `grant_type=client_credentials&client_id=${clientId}&client_secret=${encodeURIComponent(clientSecret)}`,
    );
    expect(res.status).toBe(200);
  });

  it('uses the client accessTokenValiditySeconds', async () => {
    const created = await t.control('POST', '/_sim/oauth/clients', { roleDivisions: [], accessTokenValiditySeconds: 600 });
    const res = await tokenRequest({ authorization: basic(created.body.clientId, created.body.clientSecret) });
    expect(res.body.expires_in).toBe(599);
  });

  it('answers 401 invalid_client for a wrong secret or an unknown client, and counts failures', async () => {
    const before = (await t.control('GET', '/_sim/stats')).body;
    const { clientId } = t.sim.connect.leastPrivilegeClient;
    const expected = { error: 'invalid_client', description: 'authentication failed', error_description: 'authentication failed' };
    expect(await tokenRequest({ authorization: basic(clientId, 'wrong') })).toEqual({ status: 401, body: expected });
    expect(await tokenRequest({ authorization: basic('nobody', 'x') })).toEqual({ status: 401, body: expected });
    expect(await tokenRequest({})).toEqual({ status: 401, body: expected });
    const after = (await t.control('GET', '/_sim/stats')).body;
    expect(after.tokenRequests - before.tokenRequests).toBe(3);
    expect(after.failedTokenRequests - before.failedTokenRequests).toBe(3);
  });

  it('answers 400 unauthorized_client for a client that is not a client-credentials client', async () => {
    const created = await t.control('POST', '/_sim/oauth/clients', { roleDivisions: [], grantType: 'CODE' });
    const res = await tokenRequest({ authorization: basic(created.body.clientId, created.body.clientSecret) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'unauthorized_client',
      error_description: 'client is not authorized to use the client_credential grant type',
    });
  });
});

describe('bearer check', () => {
  it('answers 401 authentication.required without a token, with the correlation id in body and header', async () => {
    const res = await fetch(`${t.sim.baseUrl}/api/v2/users`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(401);
    expect(body).toEqual({
      message: 'No authentication bearer token specified in authorization header.',
      code: 'authentication.required',
      status: 401,
      contextId: expect.any(String),
      details: [],
      errors: [],
    });
    expect(res.headers.get('inin-correlation-id')).toBe(body.contextId);
  });

  it('answers 401 bad.credentials for an unknown token', async () => {
    const res = await t.api('GET', '/api/v2/users', { token: 'not-a-token' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'bad.credentials', message: 'Invalid login credentials.', status: 401 });
  });

  it('answers 401 bad.credentials once tokens are revoked', async () => {
    const token = await t.token();
    expect((await t.api('GET', '/api/v2/organizations/me', { token })).status).toBe(200);
    expect((await t.control('POST', '/_sim/tokens/revoke')).body.revoked).toBeGreaterThan(0);
    expect((await t.api('GET', '/api/v2/organizations/me', { token })).body.code).toBe('bad.credentials');
  });

  it('answers 401 bad.credentials once the token expired on the simulated clock', async () => {
    const token = await t.token();
    await t.control('POST', '/_sim/clock', { advanceSeconds: 86_400 });
    try {
      expect((await t.api('GET', '/api/v2/organizations/me', { token })).body.code).toBe('bad.credentials');
    } finally {
      await t.control('POST', '/_sim/clock', { advanceSeconds: -86_400 });
    }
  });

  it('answers 400 to /users/me: client credentials have no user context', async () => {
    const res = await t.api('GET', '/api/v2/users/me', { token: await t.token() });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^This request requires a user context\. Client credentials cannot be used/);
  });
});

describe('permissions', () => {
  it('answers 403 missing.any.permissions with the full ANY list in brackets', async () => {
    const token = await t.token(await t.clientWith(['routing:queue:view']));
    const res = await t.api('POST', '/api/v2/analytics/conversations/details/query', {
      token,
      body: { interval: '2024-01-01T00:00:00Z/2024-01-02T00:00:00Z' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'missing.any.permissions',
      status: 403,
      message:
        'Unable to perform the requested action. You must have at least one of the following permissions assigned: [analytics:conversationDetail:view, analytics:agentConversationDetail:view]',
      details: [],
      errors: [],
    });
    expect(res.headers.get('inin-correlation-id')).toBe(res.body.contextId);
  });

  it('answers 403 missing.permissions for an ALL endpoint', async () => {
    const token = await t.token(await t.clientWith(['routing:queue:view']));
    const res = await t.api('GET', '/api/v2/routing/wrapupcodes', { token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('missing.permissions');
    expect(res.body.message).toBe(
      'Unable to perform the requested action. You are missing the following permission(s): [routing:wrapupCode:view]',
    );
  });

  it('lets the least-privilege client read everything Switchboard needs', async () => {
    const token = await t.token();
    for (const path of [
      '/api/v2/users',
      '/api/v2/routing/queues',
      '/api/v2/routing/wrapupcodes',
      '/api/v2/presence/definitions',
      '/api/v2/authorization/divisions',
    ]) {
      expect((await t.api('GET', path, { token })).status, path).toBe(200);
    }
  });

  it('honours wildcard policies', async () => {
    const role = await t.control('POST', '/_sim/roles', {
      name: 'routing all',
      permissionPolicies: [{ domain: 'routing', entityName: '*', actionSet: ['*'] }],
    });
    const admin = (await t.api('GET', '/api/v2/users?pageSize=1')).body.entities[0].id;
    await t.control('POST', `/_sim/users/${admin}/roles`, { roleId: role.body.id });
    const created = await t.control('POST', '/_sim/oauth/clients', { roleDivisions: [{ roleId: role.body.id, divisionId: '*' }] });
    const token = await t.token({ clientId: created.body.clientId, clientSecret: created.body.clientSecret });
    expect((await t.api('GET', '/api/v2/routing/wrapupcodes', { token })).status).toBe(200);
    expect((await t.api('GET', '/api/v2/presence/definitions', { token })).status).toBe(403);
  });
});

describe('introspection', () => {
  it('tokens/me names the OAuth client and its role divisions', async () => {
    const res = await t.api('GET', '/api/v2/tokens/me', { token: await t.token() });
    expect(res.body.OAuthClient).toMatchObject({
      id: t.sim.connect.leastPrivilegeClient.clientId,
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: expect.any(String), divisionId: '*' }],
    });
    expect(res.body.organization.id).toEqual(expect.any(String));
  });

  it('subjects/me lists grants with inline policies; the over-privileged client shows wildcards', async () => {
    const least = await t.api('GET', '/api/v2/authorization/subjects/me', { token: await t.token() });
    const policies = least.body.grants.flatMap((g: { role: { policies: { domain: string; entityName: string; actions: string[] }[] } }) =>
      g.role.policies.map((p) => `${p.domain}:${p.entityName}:${p.actions.join('|')}`),
    );
    expect(policies.sort()).toEqual([
      'analytics:conversationDetail:view',
      'presence:presenceDefinition:view',
      'recording:recording:view',
      'routing:queue:view',
      'routing:wrapupCode:view',
    ]);
    const admin = await t.api('GET', '/api/v2/authorization/subjects/me', { token: await t.token(t.sim.connect.overPrivilegedClient) });
    expect(admin.body.grants[0]).toMatchObject({
      division: { id: '*' },
      role: { policies: [{ domain: '*', entityName: '*', actions: ['*'] }] },
    });
  });

  it('divisionspermitted reports the divisions a permission is held in', async () => {
    const divisions = (await t.api('GET', '/api/v2/authorization/divisions')).body.entities as { id: string; name: string }[];
    const sales = divisions.find((d) => d.name === 'Sales') as { id: string };
    const token = await t.token(await t.clientWith(['routing:queue:view'], sales.id));
    const held = await t.api('GET', '/api/v2/authorization/divisionspermitted/paged/me?permission=routing:queue:view', { token });
    expect(held.body).toMatchObject({ allDivsPermitted: false, total: 1, entities: [{ id: sales.id }] });
    const none = await t.api('GET', '/api/v2/authorization/divisionspermitted/paged/me?permission=routing:wrapupCode:view', { token });
    expect(none.body).toMatchObject({ allDivsPermitted: false, total: 0, entities: [] });
    const all = await t.api('GET', '/api/v2/authorization/divisionspermitted/paged/me?permission=routing:queue:view', {
      token: await t.token(),
    });
    expect(all.body).toMatchObject({ allDivsPermitted: true, total: divisions.length });
    expect((await t.api('GET', '/api/v2/authorization/divisionspermitted/paged/me', { token })).status).toBe(400);
  });

  it('the permission catalogue carries labels and divisionAware flags', async () => {
    const res = await t.api('GET', '/api/v2/authorization/permissions?queryType=domain&query=analytics,routing&pageSize=100');
    expect(res.body.entities.map((e: { domain: string }) => e.domain)).toEqual(['analytics', 'routing']);
    const analytics = res.body.entities[0].permissionMap.conversationDetail[0];
    expect(analytics).toMatchObject({
      domain: 'analytics',
      entityType: 'conversationDetail',
      action: 'view',
      label: 'View',
      divisionAware: true,
    });
  });

  it('organizations/me needs no permission', async () => {
    const token = await t.token(await t.clientWith([]));
    expect((await t.api('GET', '/api/v2/organizations/me', { token })).body).toMatchObject({ name: 'Switchboard Simulated Org' });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the per-token budget and sends inin-ratelimit headers', async () => {
    await t.control('POST', '/_sim/rate-limit', { perMinute: 3 });
    try {
      const token = await t.token();
      const replies = [];
      for (let i = 0; i < 4; i++) replies.push(await t.api('GET', '/api/v2/organizations/me', { token }));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(replies[1]?.headers.get('inin-ratelimit-allowed')).toBe('3');
      expect(replies[1]?.headers.get('inin-ratelimit-count')).toBe('2');
      expect(Number(replies[1]?.headers.get('inin-ratelimit-reset'))).toBeGreaterThan(0);
      const limited = replies[3] as { headers: Headers; body: Record<string, unknown> };
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.body).toMatchObject({
        code: 'too.many.requests.retry.after',
        status: 429,
        message: `Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`,
      });
      // The budget is per token: a fresh token has its own.
      expect((await t.api('GET', '/api/v2/organizations/me', { token: await t.token() })).status).toBe(200);
    } finally {
      await t.control('POST', '/_sim/rate-limit', { perMinute: 0 });
    }
  });

  it('advertises a bucket no client will fill when unthrottled, and never answers 429', async () => {
    for (let i = 0; i < 50; i++) {
      const res = await t.api('GET', '/api/v2/organizations/me');
      expect(res.status).toBe(200);
      expect(Number(res.headers.get('inin-ratelimit-allowed'))).toBeGreaterThanOrEqual(1_000_000);
    }
  });
});
