import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACD, decodeJwt, startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient({ sizes: { conversations: 50 } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
});

const lp = () => t.sim.connect.leastPrivilege;
const passwordGrant = (p = lp()) => ({ grant_type: 'password', username: p.accessKeyId, password: p.accessKeySecret });

describe('discovery', () => {
  it('serves the OIDC configuration with this listener as issuer', async () => {
    const res = await t.control('GET', '/.well-known/openid-configuration');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: t.sim.baseUrl,
      token_endpoint: `${t.sim.baseUrl}/auth/token`,
      jwks_uri: `${t.sim.baseUrl}/auth/jwks`,
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('resolves the tenant of a token to this listener as api_endpoint', async () => {
    const { tenantId } = decodeJwt(await t.token());
    const res = await t.control('GET', `/.well-known/cxone-configuration?tenantId=${tenantId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ private: false, tenantId, api_endpoint: t.sim.baseUrl, auth_endpoint: t.sim.baseUrl });
    expect((await t.control('GET', '/.well-known/cxone-configuration?tenantId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.control('GET', '/.well-known/cxone-configuration')).body).toMatchObject({ error: 'invalid_request' });
  });
});

describe('POST /auth/token', () => {
  it('issues RS256 tokens with the CXone claims, verifiable with the JWKS', async () => {
    const res = await t.tokenRequest(passwordGrant());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      id_token: expect.any(String),
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    const { keys } = (await t.control('GET', '/auth/jwks')).body;
    expect(keys).toEqual([expect.objectContaining({ kty: 'RSA', kid: 'default', alg: 'RS256' })]);
    const key = createPublicKey({ key: keys[0], format: 'jwk' });
    for (const jwt of [res.body.access_token, res.body.id_token, res.body.refresh_token] as string[]) {
      const [header, payload, signature] = jwt.split('.') as [string, string, string];
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: 'default' });
      expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
      expect(verify('sha256', Buffer.from(`${header}.${payload}x`), key, Buffer.from(signature, 'base64url'))).toBe(false);
    }
    const access = decodeJwt(res.body.access_token);
    expect(access).toMatchObject({
      iss: t.sim.baseUrl,
      aud: lp().clientId,
      sub: expect.stringMatching(/^user:[0-9a-f-]{36}$/),
      tenantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      icBUId: Number(t.sim.connect.businessUnit),
      icClusterId: expect.any(String),
      given_name: 'Switchboard',
      role: { legacyId: 'Switchboard Read Only', secondaryRoles: [] },
    });
    expect(access.exp - access.iat).toBe(3600);
    const refresh = decodeJwt(res.body.refresh_token);
    expect(refresh.exp - refresh.iat).toBe(7200);
    expect(decodeJwt(res.body.id_token)).toMatchObject({ userId: access.sub.slice(5), icAgentId: expect.any(String) });
  });

  it('refreshes with the refresh_token grant; a refresh token is spent once used', async () => {
    const first = await t.tokenRequest(passwordGrant());
    const refreshed = await t.tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await t.api(`${ACD}/business-unit`, { token: refreshed.body.access_token })).status).toBe(200);
    const again = await t.tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const other = await t.tokenRequest(
      { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token },
      t.sim.connect.overPrivileged,
    );
    expect(other.body.error_description).toMatch(/another client/);
  });

  it('answers 401 invalid_client with WWW-Authenticate for bad or missing client credentials', async () => {
    const bad = await t.tokenRequest(passwordGrant(), { clientId: lp().clientId, clientSecret: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(bad.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    // client_secret_post is not what the app is registered for.
    const post = await fetch(`${t.sim.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...passwordGrant(), client_id: lp().clientId, client_secret: lp().clientSecret }),
    });
    expect(post.status).toBe(401);
    const stats = (await t.control('GET', '/_sim/stats')).body;
    expect(stats).toMatchObject({ tokenRequests: 2, failedTokenRequests: 2 });
  });

  it('answers 400 with a distinguishable invalid_grant for each access-key failure', async () => {
    const wrong = await t.tokenRequest({ ...passwordGrant(), password: 'WRONG====' });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid access key id or secret.' } });

    const revoked = await t.employeeWith(['ACD: View']);
    await t.control('POST', `/_sim/access-keys/${encodeURIComponent(revoked.accessKeyId)}/revoke`);
    expect((await t.tokenRequest(passwordGrant(revoked))).body.error_description).toBe('The access key is inactive.');

    const inactive = await t.employeeWith(['ACD: View']);
    const token = await t.token(inactive);
    const refresh = (await t.tokenRequest(passwordGrant(inactive))).body.refresh_token;
    await t.control('POST', `/_sim/employees/${inactive.userId}/deactivate`);
    expect((await t.tokenRequest(passwordGrant(inactive))).body).toEqual({
      error: 'invalid_grant',
      error_description: 'The user is deactivated.',
    });
    expect((await t.tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh })).body.error_description).toBe(
      'The user is deactivated.',
    );
    // A token issued before stays good until it expires (reference §6.4: it surfaces at the next token request).
    expect((await t.api(`${ACD}/business-unit`, { token })).status).toBe(200);
    await t.control('POST', `/_sim/employees/${inactive.agentId}/activate`);
    expect((await t.tokenRequest(passwordGrant(inactive))).status).toBe(200);

    const deleted = await t.employeeWith([]);
    await t.control('POST', `/_sim/entities/agent/${deleted.agentId}/delete`);
    expect((await t.tokenRequest(passwordGrant(deleted))).body.error_description).toBe('The user was not found.');
  });

  it('answers invalid_request and unsupported_grant_type', async () => {
    expect((await t.tokenRequest({ grant_type: 'password', username: lp().accessKeyId })).body.error).toBe('invalid_request');
    expect((await t.tokenRequest({ grant_type: 'client_credentials' })).body.error).toBe('unsupported_grant_type');
    expect((await t.tokenRequest({})).body.error).toBe('invalid_request');
    // The access key's "=" padding sent raw instead of as %3D.
    const raw = await fetch(`${t.sim.baseUrl}/auth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${lp().clientId}:${lp().clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=password&username=${lp().accessKeyId}&password=${lp().accessKeySecret}`,
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error_description: string }).error_description).toMatch(/unencoded "="/);
  });
});

describe('bearer tokens', () => {
  it('answers an ACD 401 with an empty body and icStatusDescription, other families with their own bodies', async () => {
    const acd = await fetch(`${t.sim.baseUrl}${ACD}/agents`, { headers: { accept: 'application/json' } });
    expect(acd.status).toBe(401);
    expect(await acd.text()).toBe('');
    expect(acd.headers.get('icstatusdescription')).toMatch(/denied/);
    expect((await t.api(`${ACD}/dispositions`, { token: 'junk' })).body).toEqual({
      errorCode: 'Unauthorized',
      errorMessage: expect.any(String),
      path: `${ACD}/dispositions`,
      timestamp: expect.any(String),
    });
    expect((await t.api('/media-playback/v1/contacts?acd-call-id=1', { token: 'junk' })).body).toEqual({
      internalCode: 'Unauthorized',
      message: expect.any(String),
    });
    expect((await t.api('/user-management/v1/users', { token: 'junk' })).body).toMatchObject({ error: 'Unauthorized', status: 401 });
  });

  it('rejects revoked tokens and tokens expired on the simulated clock', async () => {
    const token = await t.token();
    expect((await t.api(`${ACD}/business-unit`, { token })).status).toBe(200);
    expect((await t.control('POST', '/_sim/tokens/revoke')).body.revoked).toBeGreaterThan(0);
    expect((await t.api(`${ACD}/business-unit`, { token })).status).toBe(401);
    const fresh = await t.token();
    await t.control('POST', '/_sim/clock', { advanceSeconds: 3600 });
    expect((await t.api(`${ACD}/business-unit`, { token: fresh })).status).toBe(401);
  });

  it('credentials do not depend on the seed', async () => {
    await t.control('POST', '/_sim/seed', { seed: 42, sizes: { users: 5 } });
    expect((await t.tokenRequest(passwordGrant())).status).toBe(200);
    expect((await t.tokenRequest(passwordGrant(t.sim.connect.overPrivileged), t.sim.connect.overPrivileged)).status).toBe(200);
  });
});
