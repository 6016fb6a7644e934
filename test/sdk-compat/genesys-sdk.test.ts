// The Genesys Cloud simulator must work unchanged with Genesys' official JavaScript SDK
// (purecloud-platform-client-v2), pointed at it with setGateway as reference §8 describes.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenesysCloudSimulator, type RunningGenesysCloudSimulator } from '../../src/simulators/genesys-cloud/index.ts';

// The SDK's bundled typings describe a browser-style global; this is the slice the test uses.
interface Listing {
  entities?: { id: string; name: string }[];
  nextUri?: string;
  pageNumber?: number;
}
interface ApiClient {
  config: { live_reload_config: boolean };
  setGateway(gateway: { host: string; protocol: string; port: number }): void;
  setReturnExtendedResponses(on: boolean): void;
  loginClientCredentialsGrant(clientId: string, clientSecret: string): Promise<{ accessToken: string; tokenExpiryTime: number }>;
}
interface Sdk {
  ApiClientClass: new () => ApiClient;
  UsersApi: new (client: ApiClient) => { getUsers(opts?: Record<string, unknown>): Promise<Listing> };
  RoutingApi: new (client: ApiClient) => { getRoutingQueues(opts?: Record<string, unknown>): Promise<Listing> };
  AnalyticsApi: new (client: ApiClient) => {
    postAnalyticsConversationsDetailsQuery(body: unknown): Promise<{ conversations?: { conversationId: string }[]; totalHits: number }>;
  };
  RecordingApi: new (client: ApiClient) => {
    getConversationRecordingmetadata(conversationId: string): Promise<{ id: string; conversationId: string }[]>;
  };
  OrganizationApi: new (client: ApiClient) => { getOrganizationsMe(): Promise<{ id: string }> };
}

const sdk = createRequire(import.meta.url)('purecloud-platform-client-v2') as Sdk;

let sim: RunningGenesysCloudSimulator;
let truth: { agent: string[]; queue: string[]; interaction: string[]; recording: string[] };

async function control(path: string, body?: unknown) {
  const res = await fetch(`${sim.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<Record<string, unknown>>;
}

/** An independent SDK client (not the process-wide singleton), logged in to the simulator. */
async function sdkClient(credentials: { clientId: string; clientSecret: string }): Promise<ApiClient> {
  const client = new sdk.ApiClientClass();
  // A config file on the machine would otherwise be re-applied on change and wipe the gateway (§8).
  client.config.live_reload_config = false;
  const { port, hostname } = new URL(sim.baseUrl);
  client.setGateway({ host: hostname, protocol: 'http', port: Number(port) });
  await client.loginClientCredentialsGrant(credentials.clientId, credentials.clientSecret);
  return client;
}

beforeAll(async () => {
  sim = await startGenesysCloudSimulator({ sizes: { users: 70, queues: 30, conversations: 600, days: 3 } });
  truth = (await control('/_sim/truth')) as typeof truth;
});
afterAll(() => sim.close());

describe('purecloud-platform-client-v2 against the simulator', () => {
  it('logs in with client credentials', async () => {
    const client = new sdk.ApiClientClass();
    client.config.live_reload_config = false;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(new URL(sim.baseUrl).port) });
    const auth = await client.loginClientCredentialsGrant(
      sim.connect.leastPrivilegeClient.clientId,
      sim.connect.leastPrivilegeClient.clientSecret,
    );
    expect(auth.accessToken).toEqual(expect.any(String));
    expect(auth.tokenExpiryTime).toBeGreaterThan(Date.now() + 86_000_000);
    expect((await new sdk.OrganizationApi(client).getOrganizationsMe()).id).toEqual(expect.any(String));
  });

  it('rejects bad credentials with the raw axios error carrying the OAuth body', async () => {
    const error = await sdkClient({ clientId: sim.connect.leastPrivilegeClient.clientId, clientSecret: 'wrong' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      response: { status: 401, data: { error: 'invalid_client', error_description: 'authentication failed' } },
    });
  });

  it('pages through users and queues following pageNumber until nextUri is absent', async () => {
    const client = await sdkClient(sim.connect.leastPrivilegeClient);
    const users = new sdk.UsersApi(client);
    const seen: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await users.getUsers({ pageSize: 25, pageNumber, state: 'any' });
      seen.push(...(page.entities ?? []).map((u) => u.id));
      if (!page.nextUri) break;
    }
    expect(seen.sort()).toEqual(truth.agent);

    const two = seen.slice(0, 2);
    const byId = await users.getUsers({ id: two, state: 'any' });
    expect((byId.entities ?? []).map((u) => u.id).sort()).toEqual(two.sort());

    const routing = new sdk.RoutingApi(client);
    const queues: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await routing.getRoutingQueues({ pageSize: 10, pageNumber });
      queues.push(...(page.entities ?? []).map((q) => q.id));
      if (!page.nextUri) break;
    }
    expect(queues.sort()).toEqual(truth.queue);
  });

  it('runs an analytics details query and reads recording metadata', async () => {
    const client = await sdkClient(sim.connect.leastPrivilegeClient);
    const now = Date.now();
    const result = await new sdk.AnalyticsApi(client).postAnalyticsConversationsDetailsQuery({
      interval: `${new Date(now - 4 * 86_400_000).toISOString()}/${new Date(now + 60_000).toISOString()}`,
      order: 'asc',
      orderBy: 'conversationStart',
      paging: { pageSize: 100, pageNumber: 1 },
    });
    expect(result.totalHits).toBe(truth.interaction.length);
    expect(result.conversations).toHaveLength(100);

    const recordings = new sdk.RecordingApi(client);
    let found: { id: string; conversationId: string }[] = [];
    for (const c of result.conversations ?? []) {
      found = await recordings.getConversationRecordingmetadata(c.conversationId);
      if (found.length > 0) break;
    }
    expect(found.length).toBeGreaterThan(0);
    expect(truth.recording).toContain(found[0]?.id);
  });

  it('rejects a 403 with the platform error body naming the missing permissions', async () => {
    const created = (await control('/_sim/oauth/clients', {
      name: 'no analytics',
      roleDivisions: [{ permissions: ['routing:queue:view'], divisionId: '*' }],
    })) as {
      clientId: string;
      clientSecret: string;
    };
    const client = await sdkClient(created);
    const error = await new sdk.AnalyticsApi(client)
      .postAnalyticsConversationsDetailsQuery({ interval: '2024-01-01T00:00:00.000Z/2024-01-02T00:00:00.000Z' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 403,
      code: 'missing.any.permissions',
      message: expect.stringContaining('[analytics:conversationDetail:view, analytics:agentConversationDetail:view]'),
    });
  });

  it('rejects a 429 with the body, and with Retry-After when extended responses are on', async () => {
    const client = await sdkClient(sim.connect.leastPrivilegeClient);
    await control('/_sim/rate-limit', { perMinute: 2 });
    try {
      const org = new sdk.OrganizationApi(client);
      await org.getOrganizationsMe();
      await org.getOrganizationsMe();
      const error = await org.getOrganizationsMe().catch((e: unknown) => e);
      expect(error).toMatchObject({
        status: 429,
        code: 'too.many.requests.retry.after',
        message: expect.stringMatching(/Retry the request in \[\d+\] seconds/),
      });
      client.setReturnExtendedResponses(true);
      const extended = await org.getOrganizationsMe().catch((e: unknown) => e);
      expect(extended).toMatchObject({ status: 429, headers: { 'retry-after': expect.stringMatching(/^\d+$/) }, body: { status: 429 } });
    } finally {
      await control('/_sim/rate-limit', { perMinute: 300 });
    }
  });
});
