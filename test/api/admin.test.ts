// The admin routes (connections, syncs, keys, audit) with an admin token, key lifecycle (revoked,
// expired, rate-limited), and the public routes (health, readiness, metrics, OpenAPI, docs); on SQLite and
// PostgreSQL, over data synced from the simulators.
import { beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../src/api/app.ts';
import { createApiKey } from '../../src/api/keys.ts';
import { routes } from '../../src/api/routes/index.ts';
import { createLogger } from '../../src/log.ts';
import { openTestStore } from '../harness/databases.ts';
import { genesysHarness } from '../harness/platforms.ts';
import { allPages, type ApiFixture, apiSuite, json, type Sims } from './fixture.ts';

type Rec = Record<string, unknown>;
const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;

apiSuite('API admin and public routes', (fixture, simulators) => {
  let fx: ApiFixture;
  let sims: Sims;
  let admin: string;
  beforeAll(async () => {
    fx = fixture();
    sims = simulators();
    admin = (await createApiKey(fx.svc.store, { name: 'ops', admin: true })).key;
    fx.keys.push(admin);
  });

  it('adds a connection and syncs it in the background, with the same validation as the CLI', async () => {
    const creds = genesysHarness.credentials(sims.genesys);
    const add = (body: Rec) => fx.call({ method: 'POST', url: '/admin/connections', key: admin, payload: body });
    const created = await add({
      platform: 'genesys-cloud',
      name: 'gen-c',
      settings: creds.settings,
      secrets: creds.secrets,
      features: ['agents'],
    });
    expect(created.statusCode).toBe(201);
    expect(json(created).data).toMatchObject({
      name: 'gen-c',
      platform: 'genesys-cloud',
      status: 'new',
      features: ['agents'],
      lastSync: null,
    });
    expect(code(await add({ platform: 'genesys-cloud', name: 'gen-c', settings: creds.settings, secrets: creds.secrets }))).toBe(
      'name_taken',
    );
    expect(
      code(await add({ platform: 'genesys-cloud', name: 'x', settings: { ...creds.settings, region: 'mars' }, secrets: creds.secrets })),
    ).toBe('invalid_settings');
    expect(code(await add({ platform: 'genesys-cloud', name: 'x', settings: creds.settings, secrets: {} }))).toBe('invalid_settings');
    expect(code(await add({ platform: 'genesys-cloud', name: 'bad name!', settings: creds.settings, secrets: creds.secrets }))).toBe(
      'invalid_settings',
    );
    expect(
      code(await add({ platform: 'genesys-cloud', name: 'y', settings: creds.settings, secrets: creds.secrets, features: ['telepathy'] })),
    ).toBe('invalid_features');

    const id = (json(created).data as Rec).id as string;
    const start = await fx.call({ method: 'POST', url: `/admin/connections/${id}/sync`, key: admin, payload: {} });
    expect(start.statusCode).toBe(202);
    expect(json(start).data).toEqual({ connectionId: id, streams: ['agents'], status: 'started' });
    expect(code(await fx.call({ method: 'POST', url: '/admin/connections/gen-c/sync', key: admin, payload: {} }))).toBe('sync_in_progress');
    let status: { running: boolean; runs: Rec[] };
    do {
      await new Promise((r) => setTimeout(r, 50));
      status = json<{ data: typeof status }>(await fx.get('/admin/connections/gen-c/sync', admin)).data;
    } while (status.running);
    expect(status.runs).toEqual([expect.objectContaining({ stream: 'agents', status: 'succeeded' })]);
    const reader = await fx.key({ scopes: ['agents:read'] });
    const synced = await allPages(fx, '/v1/agents?connection=gen-c', reader);
    expect(synced.length).toBe((await fx.svc.store.records.externalIds(fx.conns.a.id, 'agent')).length);
    const unknown = await fx.call({
      method: 'POST',
      url: '/admin/connections/gen-c/sync',
      key: admin,
      payload: { streams: ['telepathy'] },
    });
    expect(code(unknown)).toBe('unknown_stream');
    const listed = json<{ data: Rec[] }>(await fx.get('/admin/connections', admin)).data;
    expect(listed.map((c) => c.name)).toEqual(['cx', 'gen-a', 'gen-b', 'gen-c']);
    const metrics = (await fx.get('/metrics')).body;
    expect(metrics).toMatch(/switchboard_sync_records_total\{connection="gen-c",stream="agents"\} [1-9]/);
    expect(metrics).toMatch(/switchboard_platform_requests_total\{connection="gen-c",status="200"\} [1-9]/);
    expect(metrics).toMatch(/switchboard_platform_budget_wait_seconds_total\{connection="gen-c"\} \d/);
  });

  it('creates, lists and revokes keys; a revoked or expired key is refused', async () => {
    const created = await fx.call({
      method: 'POST',
      url: '/admin/keys',
      key: admin,
      payload: { name: 'qa', scopes: ['interactions:read'], connections: ['cx'], expires: '30d' },
    });
    expect(created.statusCode).toBe(201);
    const made = json<{ data: Rec & { key: string } }>(created).data;
    fx.keys.push(made.key);
    expect(made).toMatchObject({
      name: 'qa',
      kind: 'data',
      scopes: ['interactions:read'],
      connections: [{ id: fx.conns.cx.id, name: 'cx' }],
      status: 'active',
    });
    expect(made.key).toMatch(/^sbk_[0-9a-f]{16}_[0-9a-f]{64}$/);
    expect((await fx.get('/v1/interactions?limit=1', made.key)).statusCode).toBe(200);
    const bad = (payload: Rec) => fx.call({ method: 'POST', url: '/admin/keys', key: admin, payload });
    expect(code(await bad({ name: 'q', scopes: ['everything:read'] }))).toBe('invalid_key_request');
    expect(code(await bad({ name: 'q', scopes: ['agents:read'], connections: ['nope'] }))).toBe('invalid_key_request');
    expect(code(await bad({ name: 'q', scopes: ['agents:read'], expires: 'yesterday' }))).toBe('invalid_key_request');
    expect(code(await bad({ name: 'q', scopes: ['agents:read'], admin: true }))).toBe('invalid_body');

    const list = json<{ data: Rec[] }>(await fx.get('/admin/keys', admin)).data;
    const qa = list.find((k) => k.id === made.id) as Rec;
    // It was used once, above: the list says when, whatever audit rows were still waiting to be written.
    expect(qa).toMatchObject({ name: 'qa', status: 'active', lastUsedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(JSON.stringify(list)).not.toMatch(/sbk_|sba_|hash/i);

    const revoked = await fx.call({ method: 'DELETE', url: `/admin/keys/${made.id as string}`, key: admin });
    expect(json(revoked).data).toMatchObject({ id: made.id, status: 'revoked' });
    const refused = await fx.get('/v1/interactions?limit=1', made.key);
    expect(refused.statusCode).toBe(401);
    expect(code(refused)).toBe('api_key_revoked');
    expect(json<{ data: Rec[] }>(await fx.get('/admin/keys', admin)).data.map((k) => k.id)).not.toContain(made.id);
    expect(json<{ data: Rec[] }>(await fx.get('/admin/keys?includeRevoked=true', admin)).data.map((k) => k.id)).toContain(made.id);
    expect(code(await fx.call({ method: 'DELETE', url: '/admin/keys/0000000000000000', key: admin }))).toBe('key_not_found');

    const past = new Date(Date.now() - 3_600_000);
    const { key: expired } = await createApiKey(fx.svc.store, { name: 'old', scopes: ['agents:read'], expires: '1m' }, past);
    fx.keys.push(expired);
    expect(code(await fx.get('/v1/agents', expired))).toBe('api_key_expired');
    // Change the secret's last digit (to a different one, whatever it was): the key no longer matches.
    const tampered = `${expired.slice(0, -1)}${expired.endsWith('0') ? '1' : '0'}`;
    expect(code(await fx.get('/v1/agents', tampered))).toBe('invalid_api_key');
    expect(code(await fx.get('/v1/agents'))).toBe('missing_api_key');
    expect((await fx.get('/v1/agents')).headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses a key revoked by another process (the CLI) within a second', async () => {
    const key = await fx.key({ scopes: ['agents:read'] });
    expect((await fx.get('/v1/agents?limit=1', key)).statusCode).toBe(200);
    await fx.svc.store.apiKeys.revoke(key.split('_')[1] as string, new Date());
    // This server read the key's row just now and may use that copy for up to a second (src/api/recent.ts).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(code(await fx.get('/v1/agents?limit=1', key))).toBe('api_key_revoked');
  });

  it("limits each key's requests per minute, apart from every other key", async () => {
    const slow = await fx.key({ scopes: ['agents:read'], rateLimitPerMinute: 3 });
    const other = await fx.key({ scopes: ['agents:read'], rateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fx.get('/v1/agents?limit=1', slow)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await fx.get('/v1/agents?limit=1', slow);
    expect(code(limited)).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await fx.get('/v1/agents?limit=1', other)).statusCode).toBe(200);
  });

  it('records every request in the audit trail, readable by key, time and connection, page by page', async () => {
    const app = await fx.key({ name: 'auditee', scopes: ['interactions:read'] });
    const list = json<{ data: Rec[] }>(await fx.get('/v1/interactions?connection=cx&limit=3', app)).data;
    const one = list[0] as Rec;
    await fx.get(`/v1/interactions/${one.id as string}`, app);
    await fx.get('/v1/agents', app);
    await fx.get('/v1/nowhere', app);
    const trail = json<{ data: Rec[]; nextCursor: string | null }>(await fx.get('/admin/audit?key=auditee&limit=2', admin));
    // The unknown path is audited too, but under no key: auth never ran for it.
    expect(trail.data.map((e) => `${e.status as number} ${e.route as string}`)).toEqual(['403 /v1/agents', '200 /v1/interactions/:id']);
    expect(trail.data[0]).toMatchObject({ errorCode: 'missing_scope', keyName: 'auditee', records: 0 });
    expect(trail.nextCursor).toEqual(expect.any(String));
    const all = await allPages(fx, '/admin/audit?key=auditee&limit=2', admin);
    expect(all.map((e) => `${e.status as number} ${e.route as string}`)).toEqual([
      '403 /v1/agents',
      '200 /v1/interactions/:id',
      '200 /v1/interactions',
    ]);
    expect(all[1]).toMatchObject({ connectionIds: [fx.conns.cx.id], resourceIds: [one.id], records: 1 });
    expect(all[2]).toMatchObject({
      connectionIds: [fx.conns.cx.id],
      resourceIds: list.map((r) => r.id),
      records: 3,
      path: '/v1/interactions',
    });
    expect(all.every((e) => typeof e.durationMs === 'number' && e.ip === '127.0.0.1')).toBe(true);
    const unknownPath = await allPages(fx, '/admin/audit?since=1h&limit=1000', admin);
    expect(unknownPath.find((e) => e.path === '/v1/nowhere')).toMatchObject({ route: null, status: 404, keyId: null });
    expect(await allPages(fx, `/admin/audit?key=auditee&connection=cx`, admin)).toHaveLength(2);
    expect(await allPages(fx, `/admin/audit?key=auditee&since=${new Date(Date.now() + 60_000).toISOString()}`, admin)).toEqual([]);
    expect(code(await fx.get('/admin/audit?key=nobody', admin))).toBe('invalid_parameter');
  });

  it('keeps the admin routes for admin tokens and the data routes for data keys', async () => {
    const data = await fx.key({ scopes: ['agents:read'] });
    for (const url of ['/admin/keys', '/admin/audit', '/admin/connections'])
      expect(code(await fx.get(url, data))).toBe('admin_token_required');
    expect(code(await fx.call({ method: 'POST', url: '/admin/keys', key: data, payload: {} }))).toBe('admin_token_required');
    expect(code(await fx.get('/v1/agents', admin))).toBe('data_key_required');
  });

  it('serves health, readiness, metrics, the OpenAPI 3.1 document of every route, and the docs', async () => {
    expect(json(await fx.get('/healthz'))).toEqual({ status: 'ok' });
    expect(json(await fx.get('/readyz'))).toEqual({ status: 'ready' });
    const metrics = await fx.get('/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/switchboard_api_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
    expect(metrics.body).toContain(`switchboard_connection_status{connection="gen-a",platform="genesys-cloud",status="ok"} 1`);
    expect(metrics.body).toMatch(/switchboard_sync_last_run_records\{connection="cx",stream="interactions",status="succeeded"\} [1-9]/);
    // The pages earlier tests read: from the store, and some perhaps from the page cache.
    expect(metrics.body).toMatch(/switchboard_api_page_cache_total\{result="miss"\} [1-9]/);
    expect(metrics.body).toMatch(/switchboard_api_page_cache_total\{result="hit"\} \d/);

    const doc = json<{ openapi: string; paths: Record<string, Record<string, Rec>> }>(await fx.get('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.length).toBeGreaterThanOrEqual(routes.length - 1);
    expect(operations).toContain('GET /v1/recordings/{id}/media');
    const interactions = doc.paths['/v1/interactions']?.get as {
      parameters: Array<{ name: string }>;
      security: unknown;
      description: string;
    };
    expect(interactions.parameters.map((p) => p.name).sort()).toEqual(
      ['agent', 'channel', 'connection', 'cursor', 'from', 'include', 'includeDeleted', 'limit', 'queue', 'to', 'updatedSince'].sort(),
    );
    expect(interactions.security).toEqual([{ bearer: [] }]);
    expect(interactions.description).toContain('interactions:read');
    expect(JSON.stringify(doc)).not.toContain('"nullable"');
    const docs = await fx.get('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('says the store is unreachable on /readyz', async () => {
    const other = await openTestStore(fx.dialect);
    const app = await buildApi({
      svc: { store: other.store, masterKey: Buffer.alloc(32, 1), dataDir: other.dataDir, blobsRoot: other.dataDir },
      logger: createLogger({ level: 'silent' }),
    });
    await other.cleanup();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(code(res)).toBe('store_unavailable');
    await app.close();
  });
});
