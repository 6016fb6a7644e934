// Test helper for the simulator's own suites: starts a simulator on 127.0.0.1 and talks to it the way a
// client would (Basic + access-key password grant, Bearer API calls with Accept: application/json, the
// /_sim control plane). Not used by production code.
import type { SimulatorOptions } from '../control-plane.ts';
import { startNiceCxoneSimulator, type NiceCxonePrincipal, type RunningNiceCxoneSimulator } from './index.ts';
import { ACD_PREFIX } from './permissions.ts';

// Replies are inspected field by field with expect(); typing every platform payload here would add
// nothing the assertions do not already check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export const ACD = ACD_PREFIX;

export interface Reply<T = Loose> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiOptions {
  token?: string;
  /** null sends no Accept header at all. */
  accept?: string | null;
  method?: string;
  body?: unknown;
}

export interface TestClient {
  sim: RunningNiceCxoneSimulator;
  /** POST /auth/token as sent, for the token tests. */
  tokenRequest(form: Record<string, string>, client?: { clientId: string; clientSecret: string }): Promise<Reply>;
  /** An access token for the principal (default: the least-privilege one). */
  token(principal?: NiceCxonePrincipal): Promise<string>;
  api<T = Loose>(path: string, options?: ApiOptions): Promise<Reply<T>>;
  control<T = Loose>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
  /** POST /_sim/reset, and forget the cached token (reset revokes it). */
  reset(): Promise<Reply>;
  /** A new employee whose role holds exactly `permissions`, with an access key. */
  employeeWith(permissions: string[]): Promise<NiceCxonePrincipal & { agentId: number; userId: string }>;
  close(): Promise<void>;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body };
}

export const decodeJwt = (jwt: string): Loose => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8'));

export async function startTestClient(options: SimulatorOptions = {}): Promise<TestClient> {
  const sim = await startNiceCxoneSimulator(options);
  let defaultToken: string | undefined;

  const tokenRequest = async (
    form: Record<string, string>,
    client: { clientId: string; clientSecret: string } = sim.connect.leastPrivilege,
  ) =>
    reply(
      await fetch(`${sim.baseUrl}/auth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
      }),
    );

  const token = async (principal: NiceCxonePrincipal = sim.connect.leastPrivilege) => {
    const res = await tokenRequest(
      { grant_type: 'password', username: principal.accessKeyId, password: principal.accessKeySecret },
      principal,
    );
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token as string;
  };

  const api = async (path: string, options: ApiOptions = {}) => {
    const bearer = options.token ?? (defaultToken ??= await token());
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
    const accept = options.accept === undefined ? 'application/json' : options.accept;
    if (accept !== null) headers.accept = accept;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${sim.baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
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

  const employeeWith = async (permissions: string[]) => {
    const res = await control('POST', '/_sim/employees', { permissions });
    if (res.status !== 201) throw new Error(`employee creation failed: ${JSON.stringify(res.body)}`);
    const { clientId, clientSecret, accessKeyId, accessKeySecret, agentId, userId } = res.body;
    return { clientId, clientSecret, accessKeyId, accessKeySecret, agentId, userId };
  };

  const reset = async () => {
    defaultToken = undefined;
    return control('POST', '/_sim/reset');
  };

  return { sim, tokenRequest, token, api, control, reset, employeeWith, close: () => sim.close() };
}
