// The passthrough's forwarding through the engine's real client, against a throw-away HTTP server playing
// the platform: what the app gets of the platform's answer, and what a refused credential becomes.
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createBasicAuth } from '../../engine/basic-auth.ts';
import { createHttpClient, type ClosableHttpClient } from '../../engine/http-client.ts';
import { sendJson, startTestServer, type TestHandler, type TestServer } from '../../engine/http-test-server.ts';
import type { PassthroughEndpoint } from '../../connectors/connector.ts';
import { PassthroughFailure, forward } from './proxy.ts';

let server: TestServer | undefined;
let client: ClosableHttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

async function platform(handler: TestHandler): Promise<ClosableHttpClient> {
  server = await startTestServer(handler);
  client = createHttpClient({
    baseUrl: server.url,
    platform: { requestsPerMinute: 0 },
    auth: createBasicAuth('admin', 'secret'),
    backoff: { baseMs: 1, capMs: 2 },
    maxAttempts: 2,
  });
  return client;
}

const target = (url: string, endpoint: Partial<PassthroughEndpoint> = {}) => ({ url, endpoint: { path: url, ...endpoint } });

async function text(body: Readable | string): Promise<string> {
  if (typeof body === 'string') return body;
  let out = '';
  for await (const chunk of body) out += String(chunk);
  return out;
}

describe('forward', () => {
  it('streams the body and passes status and content type, without hop-by-hop, cookie, challenge or origin-policy headers', async () => {
    let firstChunkRead!: () => void;
    const read = new Promise<void>((resolve) => (firstChunkRead = resolve));
    const http = await platform(async (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/xml',
        connection: 'keep-alive, x-hop',
        'x-hop': 'one hop only',
        'keep-alive': 'timeout=5',
        'set-cookie': 'JSESSIONID=abc; Path=/',
        'www-authenticate': 'Basic realm="finesse"',
        'access-control-allow-origin': '*',
        'strict-transport-security': 'max-age=31536000',
        'alt-svc': 'h3=":443"',
        'inin-correlation-id': 'corr-1',
      });
      res.write('<Teams>');
      // The rest only comes once the first part reached the other side: a buffering proxy would wait forever.
      await read;
      res.end('</Teams>');
    });
    const answer = await forward(http, target('/finesse/api/Teams'), 'application/xml');
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/xml', 'inin-correlation-id': 'corr-1' });
    expect(answer.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    for (const dropped of [
      'connection',
      'x-hop',
      'keep-alive',
      'set-cookie',
      'www-authenticate',
      'access-control-allow-origin',
      'strict-transport-security',
      'alt-svc',
      'transfer-encoding',
      'content-length',
    ]) {
      expect(answer.headers, dropped).not.toHaveProperty(dropped);
    }
    const body = answer.body as Readable;
    const first = await new Promise<string>((resolve) => body.once('data', (c: Buffer) => resolve(String(c))));
    firstChunkRead();
    expect(first + (await text(body))).toBe('<Teams></Teams>');
  });

  it("sends the app's Accept and no compression, and no credential to an anonymous endpoint", async () => {
    const http = await platform((_req, res) => sendJson(res, 200, {}));
    await forward(http, target('/finesse/api/SystemInfo', { anonymous: true }), 'application/xml');
    await forward(http, target('/finesse/api/Users'), 'text/html\u0000');
    const [anonymous, authenticated] = server?.requests ?? [];
    expect(anonymous?.headers).toMatchObject({ accept: 'application/xml', 'accept-encoding': 'identity' });
    expect(anonymous?.headers.authorization).toBeUndefined();
    expect(authenticated?.headers.accept).toBe('*/*');
    expect(authenticated?.headers.authorization).toMatch(/^Basic /);
  });

  it("passes the platform's own refusal of the read through, status and body", async () => {
    const http = await platform((_req, res) =>
      sendJson(res, 404, { message: 'The requested resource was not found.', code: 'not.found', status: 404 }),
    );
    const answer = await forward(http, target('/api/v2/users/nobody'), undefined);
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(await text(answer.body))).toEqual({
      message: 'The requested resource was not found.',
      code: 'not.found',
      status: 404,
    });
  });

  it('turns a rejected credential into a failure that blocks, and sends nothing more with it', async () => {
    const http = await platform((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="x"' });
      res.end('<html>Cisco System - Error report</html>');
    });
    const first = await forward(http, target('/finesse/api/Users'), undefined).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(PassthroughFailure);
    expect(first).toMatchObject({ status: 502, code: 'platform_credentials_rejected', rejectedReason: expect.any(String) });
    const second = await forward(http, target('/finesse/api/Users'), undefined).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'platform_credentials_rejected' });
    expect(server?.requests).toHaveLength(1);
  });

  it('reports what it does not forward: a redirect, a platform that keeps failing', async () => {
    const http = await platform((req, res) => {
      if (req.url.startsWith('/moved')) {
        res.writeHead(302, { location: 'https://elsewhere.example/' });
        res.end();
      } else sendJson(res, 503, { message: 'down' });
    });
    await expect(forward(http, target('/moved'), undefined)).rejects.toMatchObject({ status: 502, code: 'platform_error' });
    await expect(forward(http, target('/down'), undefined)).rejects.toMatchObject({
      status: 502,
      code: 'platform_unavailable',
      retryAfter: 30,
    });
  });
});
