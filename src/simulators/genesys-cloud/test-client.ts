// Test helper for the simulator's own suites: starts a simulator on 127.0.0.1 and talks to it the way a
// client would (Basic token request, Bearer API calls, /_sim control plane). Not used by production code.
import type { SimulatorOptions } from '../control-plane.ts';
import { startGenesysCloudSimulator, type RunningGenesysCloudSimulator } from './index.ts';

// Replies are inspected field by field with expect(); typing every platform payload here would add
// nothing the assertions do not already check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export interface Reply<T = Loose> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestClient {
  sim: RunningGenesysCloudSimulator;
  /** A token for the given client (default: the least-privilege one). */
  token(client?: { clientId: string; clientSecret: string }): Promise<string>;
  api<T = Loose>(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<Reply<T>>;
  control<T = Loose>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
  /** POST /_sim/reset, and forget the cached token (reset revokes it). */
  reset(): Promise<Reply>;
  /** A client holding exactly `permissions`, in `divisionId` ('*' = all). */
  clientWith(permissions: string[], divisionId?: string): Promise<{ clientId: string; clientSecret: string }>;
  close(): Promise<void>;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body };
}

export async function startTestClient(options: SimulatorOptions = {}): Promise<TestClient> {
  const sim = await startGenesysCloudSimulator({ rateLimitPerMinute: 0, ...options });
  let defaultToken: string | undefined;

  const token = async (client = sim.connect.leastPrivilegeClient) => {
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const res = await fetch(`${sim.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const body = (await res.json()) as { access_token: string };
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  };

  const api = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
    const bearer = options.token ?? (defaultToken ??= await token());
    const res = await fetch(`${sim.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return reply(res);
  };

  const control = async (method: string, path: string, body?: unknown) =>
    reply(
      await fetch(`${sim.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );

  const clientWith = async (permissions: string[], divisionId = '*') => {
    const res = await control('POST', '/_sim/oauth/clients', { name: 'test client', roleDivisions: [{ permissions, divisionId }] });
    if (res.status !== 201) throw new Error(`client creation failed: ${JSON.stringify(res.body)}`);
    return { clientId: res.body.clientId as string, clientSecret: res.body.clientSecret as string };
  };

  const reset = async () => {
    defaultToken = undefined;
    return control('POST', '/_sim/reset');
  };

  return { sim, token, api, control, reset, clientWith, close: () => sim.close() };
}
