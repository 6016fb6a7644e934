// Genesys' official JavaScript SDK (purecloud-platform-client-v2) pointed at the passthrough with
// setGateway, its access token being a Switchboard API key: its read calls work unchanged against the
// Genesys Cloud simulator behind, its writes and the endpoints outside the allowlist are refused with the
// API's error body, and the app never holds the platform's client secret.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRow } from '../../src/store/index.ts';
import { dialects } from '../harness/databases.ts';
import { genesysHarness, truthOf } from '../harness/platforms.ts';
import { openPassthroughFixture, type PassthroughFixture } from './passthrough-fixture.ts';

// The SDK's bundled typings describe a browser-style global; this is the slice the test uses.
interface Listing {
  entities?: { id: string }[];
  nextUri?: string;
}
interface ApiClient {
  config: { live_reload_config: boolean };
  setGateway(gateway: { host: string; protocol: string; port: number; path_params_api: string }): void;
  setAccessToken(token: string): void;
}
interface Sdk {
  ApiClientClass: new () => ApiClient;
  UsersApi: new (client: ApiClient) => { getUsers(opts?: Record<string, unknown>): Promise<Listing> };
  RoutingApi: new (client: ApiClient) => {
    getRoutingQueues(opts?: Record<string, unknown>): Promise<Listing>;
    getRoutingQueueMembers(queueId: string, opts?: Record<string, unknown>): Promise<Listing>;
    getRoutingWrapupcodes(opts?: Record<string, unknown>): Promise<Listing>;
  };
  PresenceApi: new (client: ApiClient) => { getPresenceDefinitions0(opts?: Record<string, unknown>): Promise<Listing> };
  AuthorizationApi: new (client: ApiClient) => { getAuthorizationDivisions(opts?: Record<string, unknown>): Promise<Listing> };
  AnalyticsApi: new (client: ApiClient) => {
    getAnalyticsConversationsDetails(opts: { id: string[] }): Promise<{ conversations?: { conversationId: string }[] }>;
    postAnalyticsConversationsDetailsQuery(body: unknown): Promise<unknown>;
  };
  TokensApi: new (client: ApiClient) => { getTokensMe(): Promise<unknown> };
}

const sdk = createRequire(import.meta.url)('purecloud-platform-client-v2') as Sdk;

/** Every page, by pageNumber, as an app using the SDK pages. */
async function allIds(page: (pageNumber: number) => Promise<Listing>): Promise<string[]> {
  const ids: string[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const listing = await page(pageNumber);
    ids.push(...(listing.entities ?? []).map((e) => e.id));
    if (!listing.nextUri) return ids.sort();
  }
}

describe.each(dialects)('the Genesys SDK through the passthrough (%s)', (dialect) => {
  let fx: PassthroughFixture;
  let gen: ConnectionRow;
  let truth: Record<string, string[]>;

  /** An SDK client whose gateway is this connection's passthrough and whose token is a Switchboard key. */
  const sdkClient = (key: string): ApiClient => {
    const client = new sdk.ApiClientClass();
    // A config file on the machine would otherwise be re-applied on change and wipe the gateway.
    client.config.live_reload_config = false;
    const { port } = new URL(fx.baseUrl);
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(port), path_params_api: `v1/connections/${gen.id}/passthrough` });
    client.setAccessToken(key);
    return client;
  };

  beforeAll(async () => {
    fx = await openPassthroughFixture(dialect);
    gen = await fx.connection('gen', 'genesys-cloud', genesysHarness.credentials(fx.sims.genesys));
    truth = await truthOf(fx.sims.genesys);
  });
  afterAll(() => fx?.close());

  it('makes its read calls through it: users, routing, presence, divisions, analytics details', async () => {
    const client = sdkClient(await fx.key(['passthrough:read', 'pii:read']));
    const users = new sdk.UsersApi(client);
    expect(await allIds((pageNumber) => users.getUsers({ pageSize: 3, pageNumber, state: 'any' }))).toEqual(truth.agent);
    const two = (truth.agent ?? []).slice(0, 2);
    expect(((await users.getUsers({ id: two, state: 'any' })).entities ?? []).map((u) => u.id).sort()).toEqual(two);

    const routing = new sdk.RoutingApi(client);
    const queues = await allIds((pageNumber) => routing.getRoutingQueues({ pageSize: 2, pageNumber }));
    expect(queues).toEqual(truth.queue);
    const members = await routing.getRoutingQueueMembers(queues[0] as string, { pageSize: 100 });
    expect(members.entities?.length).toBeGreaterThan(0);
    expect(await allIds((pageNumber) => routing.getRoutingWrapupcodes({ pageSize: 100, pageNumber }))).toEqual(truth.wrapUpCode);

    expect(((await new sdk.PresenceApi(client).getPresenceDefinitions0()).entities ?? []).map((p) => p.id).sort()).toEqual(
      truth.reasonCode,
    );
    expect(await allIds((pageNumber) => new sdk.AuthorizationApi(client).getAuthorizationDivisions({ pageSize: 100, pageNumber }))).toEqual(
      truth.division,
    );

    const ids = (truth.interaction ?? []).slice(0, 3);
    const details = await new sdk.AnalyticsApi(client).getAnalyticsConversationsDetails({ id: ids });
    expect((details.conversations ?? []).map((c) => c.conversationId).sort()).toEqual([...ids].sort());
  });

  it("has its writes and other endpoints refused with the API's error body", async () => {
    const client = sdkClient(await fx.key(['passthrough:read', 'pii:read']));
    const query = await new sdk.AnalyticsApi(client)
      .postAnalyticsConversationsDetailsQuery({ interval: '2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z' })
      .catch((e: unknown) => e);
    expect(query).toEqual({ error: { code: 'passthrough_method_refused', message: expect.any(String) } });
    const tokens = await new sdk.TokensApi(client).getTokensMe().catch((e: unknown) => e);
    expect(tokens).toEqual({ error: { code: 'passthrough_not_allowed', message: expect.any(String) } });
  });

  it('is refused with a key that lacks the scope, or a token that is not a key', async () => {
    const noScope = await new sdk.UsersApi(sdkClient(await fx.key(['agents:read']))).getUsers().catch((e: unknown) => e);
    expect(noScope).toMatchObject({ error: { code: 'missing_scope' } });
    const platformToken = await new sdk.UsersApi(sdkClient('a-genesys-token')).getUsers().catch((e: unknown) => e);
    expect(platformToken).toMatchObject({ error: { code: expect.stringMatching(/api_key/) } });
  });
});
