import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBasicAuth } from './basic-auth.ts';
import {
  CredentialRejectedError,
  HttpStatusError,
  MissingPermissionError,
  ResponseTooLargeError,
  RetriesExhaustedError,
} from './errors.ts';
import { createHttpClient, type ClosableHttpClient, type HttpClientOptions } from './http-client.ts';
import { sendJson, startTestServer, type TestHandler, type TestServer } from './http-test-server.ts';
import { createTokenCache } from './token-cache.ts';
import type { ErrorReading, HttpEvent, PlatformHttpOptions, RateBudget } from './types.ts';

const platform: PlatformHttpOptions = {
  requestsPerMinute: 0,
  readError(_status, body): ErrorReading | undefined {
    if (!body || typeof body !== 'object') return undefined;
    const { message, code, needs } = body as { message?: string; code?: string; needs?: string[] };
    return { message, code, missingPermissions: needs ? { mode: 'any', permissions: needs } : undefined };
  },
};

let server: TestServer | undefined;
let client: ClosableHttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: TestHandler, options: Partial<HttpClientOptions> = {}) {
  server = await startTestServer(handler);
  const events: HttpEvent[] = [];
  client = createHttpClient({
    baseUrl: server.url,
    platform,
    backoff: { baseMs: 5, capMs: 20 },
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { server, client, events };
}

describe('requests', () => {
  it('builds the URL from the base prefix, the path and the query', async () => {
    const { server: s } = await setup((_req, res) => sendJson(res, 200, { ok: true }));
    await client?.close();
    client = createHttpClient({ baseUrl: `${s.url}/api/`, platform });
    await client.getJson('/v2/users', { ids: ['a', 'b'], pageSize: 5, expand: undefined, active: true });
    await client.getJson('/api/v2/users?pageNumber=2&pageSize=5');
    await client.getJson('//elsewhere/x');
    expect(s.requests.map((r) => decodeURIComponent(r.url))).toEqual([
      '/api/v2/users?ids=a,b&pageSize=5&active=true',
      '/api/v2/users?pageNumber=2&pageSize=5',
      '/api/elsewhere/x',
    ]);
    expect(s.requests[0]?.headers.accept).toBe('application/json');
    expect(s.requests[0]?.headers['user-agent']).toBe('switchboard');
  });

  it('sends JSON and form bodies and reads text, streams and empty bodies', async () => {
    const { client: c, server: s } = await setup((req, res) => {
      if (req.url === '/empty') return void res.writeHead(204).end();
      if (req.url === '/text') return void res.writeHead(200, { 'content-type': 'text/xml' }).end('<User/>');
      sendJson(res, 200, { echo: req.body, type: req.headers['content-type'] });
    });
    const json = await c.request<{ echo: string }>({ method: 'POST', url: '/j', json: { a: 1 } });
    expect(JSON.parse(json.body.echo)).toEqual({ a: 1 });
    const form = await c.request<{ echo: string; type: string }>({ method: 'POST', url: '/f', form: { grant_type: 'x y' } });
    expect(form.body).toEqual({ echo: 'grant_type=x+y', type: 'application/x-www-form-urlencoded' });
    expect((await c.request({ method: 'GET', url: '/empty' })).body).toBeUndefined();
    expect((await c.request({ method: 'GET', url: '/text', responseType: 'text' })).body).toBe('<User/>');
    const stream = await c.request<Readable>({ method: 'GET', url: '/s', responseType: 'stream' });
    let text = '';
    for await (const chunk of stream.body) text += String(chunk);
    expect(JSON.parse(text)).toEqual({ echo: '', type: undefined });
    expect(s.requests).toHaveLength(5);
  });

  it('reports each request for metrics', async () => {
    const { client: c, events } = await setup((_req, res) => sendJson(res, 200, { ok: 1 }));
    await c.getJson('/x?secret=1');
    expect(events).toEqual([expect.objectContaining({ type: 'request', method: 'GET', path: '/x', status: 200, attempt: 1, bytes: 8 })]);
  });

  it('returns accepted statuses to the caller without retrying', async () => {
    const { client: c, server: s } = await setup((_req, res) => sendJson(res, 503, { message: 'down' }));
    const res = await c.request({ method: 'GET', url: '/x', acceptStatuses: [503] });
    expect(res).toMatchObject({ status: 503, body: { message: 'down' } });
    expect(s.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries 5xx with backoff, then succeeds', async () => {
    const {
      client: c,
      server: s,
      events,
    } = await setup((_req, res, n) => (n < 3 ? sendJson(res, 503, { message: 'busy' }) : sendJson(res, 200, { ok: true })));
    expect(await c.getJson('/x')).toEqual({ ok: true });
    expect(s.requests).toHaveLength(3);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatchObject({ reason: '503 busy' });
  });

  it('retries a reset connection and a body cut short', async () => {
    const { client: c, server: s } = await setup((_req, res, n) => {
      if (n === 1) return void res.socket?.destroy();
      if (n === 2) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"entities":[1,2');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      if (n === 3) {
        // Chunked and complete at the HTTP level, but the JSON stops mid-way.
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"entities":[1,2');
      }
      sendJson(res, 200, { entities: [1, 2, 3] });
    });
    expect(await c.getJson('/x')).toEqual({ entities: [1, 2, 3] });
    expect(s.requests).toHaveLength(4);
  });

  it('gives up after maxAttempts with the last cause', async () => {
    const { client: c, server: s } = await setup((_req, res) => sendJson(res, 502, { code: 'bad.gateway' }), { maxAttempts: 3 });
    const err = await c.getJson('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect(err).toMatchObject({ attempts: 3, lastError: '502 bad.gateway' });
    expect(s.requests).toHaveLength(3);
  });

  it('retries a timeout', async () => {
    const { client: c, server: s } = await setup(
      (_req, res, n) => {
        if (n > 1) sendJson(res, 200, { ok: 1 });
      },
      { timeoutMs: 100 },
    );
    expect(await c.getJson('/slow')).toEqual({ ok: 1 });
    expect(s.requests).toHaveLength(2);
  });

  it('does not retry a POST on 5xx unless it is idempotent', async () => {
    const { client: c, server: s } = await setup((_req, res, n) =>
      n === 1 || n === 2 ? sendJson(res, 500, { message: 'oops' }) : sendJson(res, 200, { ok: 1 }),
    );
    const err = await c.request({ method: 'POST', url: '/create', json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(s.requests).toHaveLength(1);
    const res = await c.request({ method: 'POST', url: '/query', json: {}, idempotent: true });
    expect(res.body).toEqual({ ok: 1 });
    expect(s.requests).toHaveLength(3);
  });

  it('does not retry a POST whose connection reset', async () => {
    const { client: c, server: s } = await setup((_req, res) => void res.socket?.destroy());
    await expect(c.request({ method: 'POST', url: '/create', json: {} })).rejects.toThrow();
    expect(s.requests).toHaveLength(1);
  });

  it('waits Retry-After on 429, tells the budget, and retries even a POST', async () => {
    const budget: RateBudget = { acquire: vi.fn(async () => undefined), observe: vi.fn(), penalize: vi.fn() };
    const {
      client: c,
      server: s,
      events,
    } = await setup(
      (_req, res, n) => (n === 1 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { ok: 1 })),
      { budget },
    );
    const started = performance.now();
    expect((await c.request({ method: 'POST', url: '/create', json: {} })).body).toEqual({ ok: 1 });
    expect(performance.now() - started).toBeGreaterThan(900);
    expect(budget.penalize).toHaveBeenCalledWith(1000);
    expect(budget.acquire).toHaveBeenCalledTimes(2);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ waitMs: 1000, reason: '429 slow down' });
    expect(s.requests).toHaveLength(2);
  });

  it('passes the rate headers to the budget', async () => {
    const budget: RateBudget = { acquire: async () => undefined, observe: vi.fn(), penalize: vi.fn() };
    const { client: c } = await setup((_req, res) => sendJson(res, 200, {}, { 'x-limit': '180' }), {
      budget,
      platform: { ...platform, readRateHeaders: (h) => ({ limit: Number(h['x-limit']) }) },
    });
    await c.getJson('/x');
    expect(budget.observe).toHaveBeenCalledWith({ limit: 180 });
  });

  it('says how long each request waited for its budget', async () => {
    const budget: RateBudget = { acquire: () => new Promise((r) => setTimeout(r, 30)), observe: vi.fn(), penalize: vi.fn() };
    const { client: c, events } = await setup((_req, res) => sendJson(res, 200, {}), { budget });
    await c.getJson('/x');
    const sent = events.find((e) => e.type === 'request');
    expect(sent?.type === 'request' && sent.budgetWaitMs).toBeGreaterThanOrEqual(25);
  });
});

describe('errors', () => {
  it('turns a 403 naming permissions into MissingPermissionError', async () => {
    const { client: c } = await setup((_req, res) => sendJson(res, 403, { code: 'missing.any', needs: ['routing:queue:view'] }));
    const err = await c.getJson('/api/queues?divisionId=1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPermissionError);
    expect(err).toMatchObject({ mode: 'any', permissions: ['routing:queue:view'], url: '/api/queues' });
  });

  it('reports other statuses with the platform words, no query string and no credential', async () => {
    const auth = createTokenCache({ fetchToken: async () => ({ accessToken: 'sekrit', expiresInSeconds: 3600 }) });
    const { client: c, server: s } = await setup((_req, res) => sendJson(res, 404, { code: 'not.found', message: 'no such user' }), {
      auth,
    });
    const err = await c.getJson('/users/42?token=abc').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 404, path: '/users/42', code: 'not.found', platformMessage: 'no such user' });
    expect(String((err as Error).message)).not.toMatch(/abc|sekrit/);
    expect(s.requests[0]?.headers.authorization).toBe('Bearer sekrit');
    expect(s.requests).toHaveLength(1);
  });

  it('refuses to send credentials to another origin', async () => {
    const auth = createTokenCache({ fetchToken: async () => ({ accessToken: 't', expiresInSeconds: 3600 }) });
    const { client: c, server: s } = await setup((_req, res) => sendJson(res, 200, {}), { auth });
    await expect(c.getJson('http://localhost:1/x')).rejects.toThrow(/refusing to send credentials/);
    expect(s.requests).toHaveLength(0);
  });
});

describe('authentication', () => {
  it('fetches a fresh token once after a 401, then goes on', async () => {
    let issued = 0;
    const fetchToken = vi.fn(async () => ({ accessToken: `t${++issued}`, expiresInSeconds: 3600 }));
    const auth = createTokenCache({ fetchToken });
    const { client: c, server: s } = await setup(
      (req, res) =>
        req.headers.authorization === 'Bearer t1' ? sendJson(res, 401, { message: 'expired' }) : sendJson(res, 200, { ok: 1 }),
      { auth },
    );
    expect(await c.getJson('/x')).toEqual({ ok: 1 });
    expect(await c.getJson('/y')).toEqual({ ok: 1 });
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t2']);
  });

  it('stops with CredentialRejectedError when the fresh token is refused too', async () => {
    let issued = 0;
    const fetchToken = vi.fn(async () => ({ accessToken: `t${++issued}`, expiresInSeconds: 3600 }));
    const auth = createTokenCache({ fetchToken });
    const { client: c, server: s } = await setup((_req, res) => sendJson(res, 401, { message: 'Invalid login credentials.' }), { auth });
    const err = await c.getJson('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialRejectedError);
    expect(err).toMatchObject({ reason: 'Invalid login credentials.', status: 401 });
    expect(s.requests).toHaveLength(2);
    // Later requests do not mint a token each: two fresh tokens in a row were refused.
    await expect(c.getJson('/y')).rejects.toBeInstanceOf(CredentialRejectedError);
    await expect(c.getJson('/z')).rejects.toBeInstanceOf(CredentialRejectedError);
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('asks a token endpoint that refused the credential exactly once', async () => {
    const { server: s } = await setup((req, res) =>
      req.url === '/oauth/token'
        ? sendJson(res, 401, { error: 'invalid_client', error_description: 'authentication failed' })
        : sendJson(res, 200, {}),
    );
    const tokenHttp = createHttpClient({ baseUrl: s.url, platform });
    const auth = createTokenCache({
      fetchToken: async () => {
        await tokenHttp.request({
          method: 'POST',
          url: '/oauth/token',
          form: { grant_type: 'client_credentials' },
          auth: 'none',
          idempotent: true,
        });
        return { accessToken: 'never', expiresInSeconds: 3600 };
      },
    });
    const api = createHttpClient({ baseUrl: s.url, platform, auth });
    const concurrent = await Promise.allSettled(Array.from({ length: 20 }, () => api.getJson('/api/users')));
    for (let i = 0; i < 5; i++) await expect(api.getJson('/api/users')).rejects.toThrow('invalid_client: authentication failed');
    expect(concurrent.every((r) => r.status === 'rejected' && r.reason instanceof CredentialRejectedError)).toBe(true);
    expect(s.requests.map((r) => r.url)).toEqual(['/oauth/token']);
    await tokenHttp.close();
    await api.close();
  });

  it('propagates an error from the auth provider unchanged', async () => {
    const refused = new CredentialRejectedError('invalid_client: authentication failed', 401);
    const auth = createTokenCache({ fetchToken: async () => Promise.reject(refused) });
    const { client: c, server: s } = await setup((_req, res) => sendJson(res, 200, {}), { auth });
    await expect(c.getJson('/x')).rejects.toBe(refused);
    expect(s.requests).toHaveLength(0);
  });

  it('reads an OAuth error body on a 401 without an auth provider', async () => {
    const { client: c } = await setup((_req, res) => sendJson(res, 401, { error: 'invalid_client', error_description: 'bad secret' }));
    await expect(c.request({ method: 'POST', url: '/oauth/token', form: {}, auth: 'none' })).rejects.toMatchObject({
      name: 'CredentialRejectedError',
      reason: 'invalid_client: bad secret',
    });
  });

  it('stops Basic credentials at the first 401 and sends nothing more', async () => {
    const auth = createBasicAuth('admin', 'wrong');
    const { client: c, server: s } = await setup(
      (_req, res) => {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="x"', 'content-type': 'text/html' });
        res.end('<html><title>Error report</title></html>');
      },
      { auth },
    );
    const results = await Promise.allSettled([c.getJson('/a'), c.getJson('/b'), c.getJson('/c'), c.getJson('/d')]);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof CredentialRejectedError)).toBe(true);
    await expect(c.getJson('/e')).rejects.toBeInstanceOf(CredentialRejectedError);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('admin:wrong').toString('base64')}`);
  });

  it('tells a role refusal (a 401 the platform explains) from a bad password: nothing latches, the call says why', async () => {
    const auth = createBasicAuth('agent', 'right');
    const { client: c, server: s } = await setup(
      (req, res) =>
        req.url === '/admin'
          ? sendJson(res, 401, { message: 'this account is not an administrator', needs: ['administrator'] })
          : sendJson(res, 200, {}),
      { auth },
    );
    const err = await c.getJson('/admin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPermissionError);
    expect(err).toMatchObject({ permissions: ['administrator'], message: expect.stringContaining('this account is not an administrator') });
    await expect(c.getJson('/own')).resolves.toEqual({});
    expect(s.requests).toHaveLength(2);
  });
});

describe('body size limit', () => {
  it('cuts off a body larger than maxBodyBytes with a clear error, and does not retry it', async () => {
    const { client: c, server: s } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('x'.repeat(300_000));
    });
    const err = await c.request({ method: 'GET', url: '/big', responseType: 'text', maxBodyBytes: 100_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as Error).message).toBe('/big: the response body is larger than 100000 bytes; refusing to read more');
    expect(s.requests).toHaveLength(1);
    await expect(c.request({ method: 'GET', url: '/big', responseType: 'text', maxBodyBytes: 300_000 })).resolves.toMatchObject({
      status: 200,
    });
  });
});

describe('abort', () => {
  it('stops an in-flight request', async () => {
    const controller = new AbortController();
    const { client: c } = await setup(() => undefined, { signal: controller.signal });
    const started = performance.now();
    const pending = c.getJson('/hang');
    setTimeout(() => controller.abort(new Error('user cancelled')), 30);
    await expect(pending).rejects.toThrow('user cancelled');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops a wait between retries', async () => {
    const controller = new AbortController();
    const { client: c, server: s } = await setup((_req, res) => sendJson(res, 429, {}, { 'retry-after': '30' }), {
      signal: controller.signal,
    });
    const pending = c.getJson('/x');
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    await expect(pending).rejects.toThrow('user cancelled');
    expect(s.requests).toHaveLength(1);
  });
});

describe('a base URL discovered after authentication', () => {
  it('is resolved once, at the first request, and every relative URL goes there', async () => {
    const { server: s } = await setup((_req, res) => sendJson(res, 200, { ok: true }));
    await client?.close();
    let discoveries = 0;
    client = createHttpClient({
      baseUrl: async () => {
        discoveries++;
        return `${s.url}/tenant-api`;
      },
      platform,
    });
    expect(discoveries).toBe(0);
    await Promise.all([client.getJson('/a'), client.getJson('/b')]);
    await client.getJson('/c');
    expect(discoveries).toBe(1);
    expect(s.requests.map((r) => r.url).sort()).toEqual(['/tenant-api/a', '/tenant-api/b', '/tenant-api/c']);
  });

  it('tries the discovery again after it failed, and sends credentials only to the discovered host', async () => {
    const { server: s } = await setup((_req, res) => sendJson(res, 200, { ok: true }));
    await client?.close();
    let calls = 0;
    client = createHttpClient({
      baseUrl: async () => {
        if (++calls === 1) throw new Error('discovery endpoint down');
        return s.url;
      },
      auth: createBasicAuth('user', 'pass'),
      platform,
    });
    await expect(client.getJson('/x')).rejects.toThrow(/discovery endpoint down/);
    await client.getJson('/x');
    await expect(client.getJson('http://127.0.0.2:1/elsewhere')).rejects.toThrow(/refusing to send credentials/);
    expect(calls).toBe(2);
    expect(s.requests).toHaveLength(1);
  });
});

describe('family budgets', () => {
  it('spends the budget of the matching family on top of the token budget, and only for that family', async () => {
    const spent: string[] = [];
    const budget = (name: string): RateBudget => ({
      acquire: async () => void spent.push(name),
      observe: () => {},
      penalize: () => void spent.push(`${name}:penalized`),
    });
    let n = 0;
    await setup((_req, res) => (n++ === 1 ? sendJson(res, 429, {}, { 'retry-after': '0' }) : sendJson(res, 200, {})), {
      budget: budget('token'),
      familyBudgets: [{ match: /^\/media\//, budget: budget('media') }],
    });
    await client?.getJson('/media/file');
    await client?.getJson('/media/file');
    await client?.getJson('/users');
    expect(spent).toEqual(['token', 'media', 'token', 'media', 'media:penalized', 'token', 'media', 'token']);
  });
});
