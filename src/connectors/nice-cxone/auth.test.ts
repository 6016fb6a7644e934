import { afterEach, describe, expect, it } from 'vitest';
import { CredentialRejectedError } from '../../engine/errors.ts';
import { createHttpClient } from '../../engine/http-client.ts';
import { sendJson, startTestServer, type TestServer } from '../../engine/http-test-server.ts';
import { openSession } from '../../engine/session.ts';
import type { ConnectionSettings } from '../connector.ts';
import { checkApiEndpoint, discoverApiBaseUrl, fetchAccessKeyToken } from './auth.ts';
import { niceCxone } from './index.ts';

const TENANT = '11eb660f-4c6d-34a0-8733-0242ac110002';
const USER = '11eb660f-4c6d-4ad0-8733-0242ac110003';
const KEY_SECRET = 'SWLD2V6CZQ5YQ3SHK2YAAPKC4NGXJY3TFD5XQK7N4RFI6LZEYGPA====';

const jwt = (payload: Record<string, unknown>) =>
  ['{"alg":"RS256"}', JSON.stringify(payload)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';
const claims = { sub: `user:${USER}`, tenantId: TENANT, tenant: 'Acme', icBUId: 4600123, role: { legacyId: 'Switchboard Read Only' } };
const token = (extra: Record<string, unknown> = {}) => ({
  access_token: jwt({ ...claims, ...extra }),
  token_type: 'Bearer',
  expires_in: 3600,
});

const conn = (issuer: string, settings: Record<string, string> = {}): ConnectionSettings => ({
  settings: { businessUnit: '4600123', accessKeyId: 'PUHL5C4DZ6KZZCF3====', clientId: 'acme-app', issuerUrl: issuer, ...settings },
  secrets: { accessKeySecret: KEY_SECRET, clientSecret: 'client-secret' },
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const tokenHttp = (url: string) => createHttpClient({ baseUrl: url, platform: niceCxone.http, backoff: { baseMs: 1, capMs: 2 } });

describe('the access-key password grant', () => {
  it('sends the key as username/password with =-padding encoded and the registration in a Basic header', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, token()));
    const got = await fetchAccessKeyToken(tokenHttp(server.url), conn(server.url));
    expect(got.claims.tenantId).toBe(TENANT);
    expect(got.expiresInSeconds).toBe(3600);
    const seen = server.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/auth/token');
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('acme-app:client-secret').toString('base64')}`);
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen.body).toBe(`grant_type=password&username=PUHL5C4DZ6KZZCF3%3D%3D%3D%3D&password=${KEY_SECRET.replace(/=/g, '%3D')}`);
  });

  it('says what a refused key means, in the platform’s words, without echoing a secret', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 400, { error: 'invalid_grant', error_description: `The access key is inactive (${KEY_SECRET}).` }),
    );
    const err = await fetchAccessKeyToken(tokenHttp(server.url), conn(server.url)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialRejectedError);
    const { reason, status } = err as CredentialRejectedError;
    expect(status).toBe(400);
    expect(reason).toContain('invalid_grant (The access key is inactive ([redacted]).)');
    expect(reason).toMatch(/deactivated or deleted key, or the key's employee is inactive/);
    expect(reason).not.toContain(KEY_SECRET);
    expect(server.requests).toHaveLength(1);
  });

  it('reads a refused registration (401 invalid_client) as a rejected credential, asked once', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed.' }),
    );
    const err = (await fetchAccessKeyToken(tokenHttp(server.url), conn(server.url)).catch((e: unknown) => e)) as CredentialRejectedError;
    expect(err.reason).toMatch(/^invalid_client \(Client authentication failed\.\): the application registration/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a key of another business unit, naming both numbers', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, token({ icBUId: 4600999 })));
    const err = (await fetchAccessKeyToken(tokenHttp(server.url), conn(server.url)).catch((e: unknown) => e)) as CredentialRejectedError;
    expect(err).toBeInstanceOf(CredentialRejectedError);
    expect(err.reason).toMatch(/belongs to business unit 4600999, not 4600123 as entered/);
  });

  it('refuses a token that names no business unit', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, token({ icBUId: undefined })));
    await expect(fetchAccessKeyToken(tokenHttp(server.url), conn(server.url))).rejects.toThrow(/names no business unit/);
  });

  it('retries a token endpoint that failed with a 5xx', async () => {
    server = await startTestServer((_req, res, n) => (n === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, token())));
    await expect(fetchAccessKeyToken(tokenHttp(server.url), conn(server.url))).resolves.toMatchObject({ expiresInSeconds: 3600 });
    expect(server.requests).toHaveLength(2);
  });
});

describe('tenant discovery', () => {
  it('finds the API host from the token’s tenantId, and goes there with the token', async () => {
    let api = '';
    server = await startTestServer((req, res) => {
      if (req.url === '/auth/token') return sendJson(res, 200, token());
      if (req.url.startsWith('/.well-known/cxone-configuration')) return sendJson(res, 200, { area: 'na1', api_endpoint: api });
      return sendJson(res, 200, {
        agents: [{ agentId: 7, firstName: 'Ada', lastName: 'Lovelace', isActive: true, profileName: 'Switchboard Read Only' }],
      });
    });
    api = `${server.url}/api-host`;
    const session = openSession(niceCxone, conn(server.url), { signal: new AbortController().signal });
    try {
      const report = await niceCxone.auth.verify(session);
      expect(report.ok).toBe(true);
      expect(report.summary).toBe('access key of employee Ada Lovelace (role Switchboard Read Only) accepted for business unit 4600123');
      expect(report.details).toMatchObject({ businessUnit: '4600123', tenant: 'Acme', apiHost: api, active: true, agentId: '7' });
    } finally {
      await session.close();
    }
    expect(server.requests.map((r) => r.url)).toEqual([
      '/auth/token',
      `/.well-known/cxone-configuration?tenantId=${TENANT}`,
      `/api-host/inContactAPI/services/v34.0/agents/${USER}`,
    ]);
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
    expect(server.requests[2]?.headers.authorization).toMatch(/^Bearer /);
  });

  it('fails clearly for a tenant the issuer does not know', async () => {
    server = await startTestServer((req, res) =>
      req.url === '/auth/token' ? sendJson(res, 200, token()) : sendJson(res, 404, { error: 'not_found' }),
    );
    const http = tokenHttp(server.url);
    const c = conn(server.url);
    const auth = niceCxone.auth.provider({ ...c, endpoints: niceCxone.endpoints(c.settings), tokenHttp: http });
    await expect(discoverApiBaseUrl({ ...c, endpoints: niceCxone.endpoints(c.settings), tokenHttp: http, auth })).rejects.toThrow(
      `does not know tenant ${TENANT}`,
    );
  });

  it('sends the token only to an https host (plain http only behind a loopback http issuer)', () => {
    expect(checkApiEndpoint('https://api-na1.niceincontact.com/', 'https://cxone.niceincontact.com')).toBe(
      'https://api-na1.niceincontact.com',
    );
    expect(checkApiEndpoint('http://127.0.0.1:9/', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
    expect(() => checkApiEndpoint('http://api-na1.niceincontact.com', 'https://cxone.niceincontact.com')).toThrow(/not https/);
    expect(() => checkApiEndpoint('http://evil.example', 'http://127.0.0.1:9')).toThrow(/not https/);
    expect(() => checkApiEndpoint(undefined, 'https://cxone.niceincontact.com')).toThrow(/no api_endpoint/);
  });
});

describe('connections test', () => {
  const serve = (agents: unknown[] | number) => async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/auth/token') return sendJson(res, 200, token());
      if (req.url.startsWith('/.well-known/')) return sendJson(res, 200, { api_endpoint: server!.url });
      if (typeof agents === 'number') return sendJson(res, agents, { error: 'Forbidden', error_description: 'Access denied.' });
      return sendJson(res, 200, { agents });
    });
    const session = openSession(niceCxone, conn(server.url), { signal: new AbortController().signal });
    try {
      return await niceCxone.auth.verify(session);
    } finally {
      await session.close();
    }
  };

  it('refuses a deactivated employee by name', async () => {
    const report = await serve([{ agentId: 7, firstName: 'Ada', lastName: 'Lovelace', isActive: false }])();
    expect(report.ok).toBe(false);
    expect(report.summary).toMatch(/employee Ada Lovelace is deactivated/);
  });

  it('warns when the key belongs to an administrator', async () => {
    const report = await serve([{ agentId: 7, firstName: 'Ada', isActive: true, profileName: 'Administrator' }])();
    expect(report.ok).toBe(true);
    expect(report.summary).toMatch(/administrator role: a dedicated employee with a read-only role is safer/);
  });

  it('still verifies the key when the employee record is not readable, and says which permission that takes', async () => {
    const report = await serve(403)();
    expect(report.ok).toBe(true);
    expect(report.details.note).toBe(
      'the employee record is not readable: missing Employees: View (Admin > General Permissions > Employees > View)',
    );
    expect(report.details.role).toBe('Switchboard Read Only');
  });
});
