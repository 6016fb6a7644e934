import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { json, listen, Query, Router, type Handler, type KitServer } from './http-kit.ts';

describe('Query', () => {
  it('reads arrays comma-joined and repeated', () => {
    const q = new Query(new URLSearchParams('id=a,b&id=c&expand=&pageSize=25&bad=2x&flag=TRUE'));
    expect(q.all('id')).toEqual(['a', 'b', 'c']);
    expect(q.all('expand')).toEqual([]);
    expect(q.get('id')).toBe('a,b');
    expect(q.int('pageSize')).toBe(25);
    expect(q.int('bad')).toBeNaN();
    expect(q.int('missing')).toBeUndefined();
    expect(q.bool('flag')).toBe(true);
  });

  it('can match names case-insensitively', () => {
    const q = new Query(new URLSearchParams('PageSize=5'), true);
    expect(q.int('pagesize')).toBe(5);
    expect(new Query(new URLSearchParams('PageSize=5')).has('pageSize')).toBe(false);
  });
});

describe('Router', () => {
  it('prefers literal segments over parameters, whatever the order', () => {
    const router = new Router<string>().get('/users/{id}', 'by-id').get('/users/me', 'me').get('/users/{id}/queues', 'queues');
    expect(router.match('GET', '/users/me')?.value).toBe('me');
    expect(router.match('GET', '/users/abc')).toEqual({ value: 'by-id', params: { id: 'abc' }, pattern: '/users/{id}' });
    expect(router.match('GET', '/users/a%2Fb/queues')?.params).toEqual({ id: 'a/b' });
    expect(router.match('POST', '/users/me')).toBeUndefined();
    expect(router.match('GET', '/users')).toBeUndefined();
  });

  it('matches case-insensitively when asked', () => {
    const router = new Router<string>({ caseInsensitive: true }).get('/finesse/api/User/{id}', 'user');
    expect(router.match('GET', '/FINESSE/api/user/Agent1')).toEqual({
      value: 'user',
      params: { id: 'Agent1' },
      pattern: '/finesse/api/User/{id}',
    });
  });

  it('refuses a route declared twice', () => {
    expect(() => new Router<string>().get('/a', 'x').get('/a', 'y')).toThrow(/declared twice/);
  });
});

describe('listen', () => {
  let server: KitServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (handler: Handler) => {
    server = await listen(handler, { maxBodyBytes: 100, tooLarge: () => json(413, { error: 'too large' }) });
    return server.baseUrl;
  };

  it('serves JSON and reads bodies', async () => {
    const url = await start((req) => json(200, { method: req.method, path: req.path, body: req.body.toString(), q: req.query.all('x') }));
    const res = await fetch(`${url}/echo?x=1,2`, { method: 'POST', body: 'hello' });
    expect(await res.json()).toEqual({ method: 'POST', path: '/echo', body: 'hello', q: ['1', '2'] });
  });

  it('answers bodies over the limit with tooLarge', async () => {
    const url = await start(() => json(200, {}));
    const res = await fetch(url, { method: 'POST', body: 'x'.repeat(1000) });
    expect(res.status).toBe(413);
  });

  it('destroys the socket for a reset', async () => {
    const url = await start(() => ({ status: 0, abort: 'reset' }));
    await expect(fetch(url)).rejects.toThrow();
  });

  it('sends the full Content-Length and half the body for a truncation', async () => {
    const body = 'y'.repeat(10_000);
    const url = await start(() => ({ ...json(200, { body }), abort: 'truncate' }));
    const received = await new Promise<{ length: number; declared: number; aborted: boolean }>((resolve) => {
      request(url, (res) => {
        let length = 0;
        let aborted = false;
        res.on('data', (chunk: Buffer) => (length += chunk.length));
        res.on('aborted', () => (aborted = true));
        res.on('error', () => undefined);
        res.on('close', () => resolve({ length, declared: Number(res.headers['content-length']), aborted }));
      }).end();
    });
    expect(received.declared).toBe(JSON.stringify({ body }).length);
    expect(received.length).toBe(Math.floor(received.declared / 2));
    expect(received.aborted).toBe(true);
  });

  it('turns handler exceptions into 500s', async () => {
    const url = await start(() => {
      throw new Error('boom');
    });
    const res = await fetch(url);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('boom');
  });
});
