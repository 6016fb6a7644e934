// The data routes over synced data: every record listed exactly once across pages, the single-record
// routes, the interaction filters, personal-data masking, deleted records, cursors, connections, sync runs,
// the doctor report, and recording media (Range over a real socket); on SQLite and PostgreSQL.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, fetch as undiciFetch } from 'undici';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { runDoctor } from '../../src/doctor/run.ts';
import { ENTITIES, type Entity } from '../../src/model.ts';
import { genesysHarness } from '../harness/platforms.ts';
import { syncNow } from '../harness/sync-harness.ts';
import { allPages, type ApiFixture, apiSuite, connectionOf, json, type Sims } from './fixture.ts';

const READ_SCOPES = ['agents:read', 'directory:read', 'interactions:read', 'recordings:read', 'health:read'];
const RESOURCES: Array<[string, Entity]> = [
  ['agents', 'agent'],
  ['teams', 'team'],
  ['queues', 'queue'],
  ['divisions', 'division'],
  ['reason-codes', 'reasonCode'],
  ['wrapup-codes', 'wrapUpCode'],
  ['interactions', 'interaction'],
  ['recordings', 'recording'],
];
type Rec = Record<string, unknown>;

apiSuite('read API: records', (fixture, simulators) => {
  let fx: ApiFixture;
  let sims: Sims;
  let masked: string;
  let pii: string;
  beforeAll(async () => {
    fx = fixture();
    sims = simulators();
    masked = await fx.key({ scopes: READ_SCOPES });
    pii = await fx.key({ scopes: [...READ_SCOPES, 'pii:read'] });
  });

  const storedIds = async (entity: Entity) => {
    const ids: string[] = [];
    for (const c of Object.values(fx.conns)) ids.push(...(await fx.svc.store.records.externalIds(c.id, entity)).map((e) => `${c.id}:${e}`));
    return ids.sort();
  };

  it('lists every synced record of every entity exactly once across small pages, and serves each by id', async () => {
    expect(RESOURCES.map(([, e]) => e)).toEqual(ENTITIES.filter((e) => e !== 'queueMember'));
    for (const [path, entity] of RESOURCES) {
      const listed = await allPages(fx, `/v1/${path}?limit=7`, pii);
      const ids = listed.map((r) => r.id as string);
      expect(ids.length, path).toBeGreaterThan(0);
      expect([...ids].sort(), path).toEqual(await storedIds(entity));
      expect(new Set(ids).size, path).toBe(ids.length);
      const first = listed[0] as Rec;
      const one = await fx.get(`/v1/${path}/${encodeURIComponent(first.id as string)}`, pii);
      expect(one.statusCode, path).toBe(200);
      expect(json(one).data, path).toEqual(first);
    }
  });

  it('filters interactions by connection, start time, queue, agent, channel and update time', async () => {
    const all = await allPages(fx, '/v1/interactions?limit=1000', masked);
    const sortKey = (r: Rec) => `${r.startedAt as string}|${r.connectionId as string}|${r.externalId as string}`;
    expect(all.map(sortKey)).toEqual(all.map(sortKey).sort());
    const ids = (rows: Rec[]) => rows.map((r) => r.id);
    const page = (query: string) => allPages(fx, `/v1/interactions?limit=5&${query}`, masked);

    expect(ids(await page('connection=gen-a'))).toEqual(ids(all.filter((r) => r.connectionId === fx.conns.a.id)));
    expect(ids(await page(`connection=${fx.conns.cx.id}`))).toEqual(ids(all.filter((r) => r.connectionId === fx.conns.cx.id)));
    const middle = all[Math.floor(all.length / 2)]?.startedAt as string;
    const late = all[Math.floor((all.length * 3) / 4)]?.startedAt as string;
    expect(ids(await page(`from=${middle}&to=${late}`))).toEqual(
      ids(all.filter((r) => (r.startedAt as string) >= middle && (r.startedAt as string) < late)),
    );
    expect(ids(await page('channel=voice'))).toEqual(ids(all.filter((r) => r.channel === 'voice')));
    // gen-a and gen-b mirror one org: a queue id of one finds the interactions of both.
    const queue = all.find((r) => r.connectionId === fx.conns.a.id && (r.queueIds as string[]).length)?.queueIds as string[];
    const byQueue = await page(`queue=${queue[0]}`);
    expect(ids(byQueue)).toEqual(ids(all.filter((r) => (r.queueIds as string[]).includes(queue[0] as string))));
    expect(new Set(byQueue.map((r) => r.connectionId))).toEqual(new Set([fx.conns.a.id, fx.conns.b.id]));
    const agent = (
      all.find((r) => r.connectionId === fx.conns.cx.id && (r.agentIds as string[]).length)?.agentIds as string[]
    )[0] as string;
    expect(ids(await page(`agent=${agent}&connection=cx`))).toEqual(
      ids(all.filter((r) => r.connectionId === fx.conns.cx.id && (r.agentIds as string[]).includes(agent))),
    );

    const since = fx.conns.cx.createdAt.toISOString();
    const updated = await page(`updatedSince=${since}`);
    const bySync = all.filter((r) => (r.syncedAt as string) >= since);
    expect([...ids(updated)].sort()).toEqual([...ids(bySync)].sort());
    const syncKey = (r: Rec) => `${r.syncedAt as string}|${r.connectionId as string}|${r.externalId as string}`;
    expect(updated.map(syncKey)).toEqual(updated.map(syncKey).sort());
    expect(ids(await page(`updatedSince=${new Date(Date.now() + 60_000).toISOString()}`))).toEqual([]);
  });

  it('masks customer addresses and agent emails without pii:read, and sends raw payloads only to pii:read keys', async () => {
    const stored = new Map<string, Rec>();
    for (const r of await allPages(fx, '/v1/interactions?limit=1000', pii)) stored.set(r.id as string, r);
    const shown = await allPages(fx, '/v1/interactions?limit=1000', masked);
    expect(shown.length).toBe(stored.size);
    for (const r of shown) {
      const real = stored.get(r.id as string) as Rec;
      const db = await fx.svc.store.records.get(r.connectionId as string, 'interaction', r.externalId as string);
      expect(real.customerAddress).toBe(db?.customerAddress);
      expect(r.customerAddress).toBe(real.customerAddress === null ? null : '[masked]');
      expect(r.dialedAddress).toBe(real.dialedAddress === null ? null : '[masked]');
      expect({ ...r, customerAddress: 0, dialedAddress: 0 }).toEqual({ ...real, customerAddress: 0, dialedAddress: 0 });
    }
    expect([...stored.values()].some((r) => typeof r.customerAddress === 'string' && /^\+\d+$/.test(r.customerAddress))).toBe(true);

    const agents = await allPages(fx, '/v1/agents?limit=1000', masked);
    const realAgents = await allPages(fx, '/v1/agents?limit=1000', pii);
    expect(agents.filter((a) => a.email !== null).every((a) => a.email === '[masked]')).toBe(true);
    expect(realAgents.some((a) => typeof a.email === 'string' && a.email.includes('@'))).toBe(true);
    expect(JSON.stringify(agents)).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);

    const raw = await fx.get('/v1/interactions?limit=2&include=raw', masked);
    expect(raw.statusCode).toBe(403);
    expect(json(raw)).toEqual({ error: { code: 'missing_scope', message: 'include=raw needs the pii:read scope' } });
    const withRaw = json<{ data: Rec[] }>(await fx.get('/v1/interactions?limit=2&include=raw', pii)).data[0] as Rec;
    const db = await fx.svc.store.records.get(withRaw.connectionId as string, 'interaction', withRaw.externalId as string);
    expect(withRaw.raw).toEqual(JSON.parse(JSON.stringify(db?.raw)));
    expect(json<{ data: Rec }>(await fx.get(`/v1/interactions/${withRaw.id as string}`, pii)).data).not.toHaveProperty('raw');
  });

  it('hides records the platform stopped listing unless asked, and still serves them by id', async () => {
    const [victim] = await fx.svc.store.records.externalIds(fx.conns.b.id, 'agent');
    await genesysHarness.deleteAgent(sims.genesys, victim as string);
    try {
      await syncNow(connectionOf(fx.svc, 'gen-b'), {}, { streams: ['agents'] });
      const id = `${fx.conns.b.id}:${victim as string}`;
      const live = await allPages(fx, '/v1/agents?connection=gen-b&limit=1000', masked);
      expect(live.map((a) => a.id)).not.toContain(id);
      const everything = await allPages(fx, '/v1/agents?connection=gen-b&limit=1000&includeDeleted=true', masked);
      expect(everything.find((a) => a.id === id)?.deletedAt).toEqual(expect.any(String));
      expect(json<{ data: Rec }>(await fx.get(`/v1/agents/${id}`, masked)).data.deletedAt).toEqual(expect.any(String));
    } finally {
      await genesysHarness.restore(sims.genesys);
      await syncNow(connectionOf(fx.svc, 'gen-b'), {}, { streams: ['agents'] });
    }
  });

  it('refuses a cursor that was altered, or reused with other filters or on another route', async () => {
    const first = json<{ nextCursor: string }>(await fx.get('/v1/interactions?limit=2&channel=voice', masked)).nextCursor;
    expect(first).toEqual(expect.any(String));
    const [body = '', tag = ''] = first.split('.');
    const forged = Buffer.from(
      Buffer.from(body, 'base64url')
        .toString()
        .replace(/"k":\["/, '"k":["1'),
    ).toString('base64url');
    for (const [cursor, code] of [
      [`${forged}.${tag}`, 'invalid_cursor'],
      [`${body}.${tag.slice(0, -2)}AA`, 'invalid_cursor'],
      ['garbage', 'invalid_cursor'],
    ] as const) {
      const res = await fx.get(`/v1/interactions?limit=2&channel=voice&cursor=${cursor}`, masked);
      expect(res.statusCode).toBe(400);
      expect(json<{ error: { code: string } }>(res).error.code).toBe(code);
    }
    const other = await fx.get(`/v1/interactions?limit=2&channel=chat&cursor=${first}`, masked);
    expect(json<{ error: { code: string } }>(other).error.code).toBe('cursor_mismatch');
    const route = await fx.get(`/v1/agents?limit=2&cursor=${first}`, masked);
    expect(json<{ error: { code: string } }>(route).error.code).toBe('cursor_mismatch');
    // A different page size is fine: the cursor marks a position, not a page.
    expect((await fx.get(`/v1/interactions?limit=9&channel=voice&cursor=${first}`, masked)).statusCode).toBe(200);
  });

  it('shows connections with their health, by id or name, and never their settings or secrets', async () => {
    const list = json<{ data: Rec[] }>(await fx.get('/v1/connections', masked)).data;
    expect(list.map((c) => c.name)).toEqual(['cx', 'gen-a', 'gen-b']);
    for (const c of list) {
      expect(Object.keys(c).sort()).toEqual([
        'createdAt',
        'features',
        'id',
        'lastSync',
        'name',
        'platform',
        'status',
        'statusAt',
        'statusReason',
        'updatedAt',
      ]);
      expect(c.status).toBe('ok');
      expect(c.lastSync).toMatchObject({ status: 'succeeded' });
    }
    const body = JSON.stringify(list);
    for (const secret of fx.secrets) expect(body).not.toContain(secret);
    for (const setting of Object.values(fx.conns.cx.settings)) if (setting.length > 4) expect(body).not.toContain(setting);
    expect(json(await fx.get('/v1/connections/gen-a', masked)).data).toEqual(list[1]);
    expect(json(await fx.get(`/v1/connections/${fx.conns.a.id.toUpperCase()}`, masked)).data).toEqual(list[1]);
    expect((await fx.get('/v1/connections/nope', masked)).statusCode).toBe(404);
  });

  it('lists sync runs newest first, by connection, stream and status, page by page', async () => {
    const runs = await allPages(fx, '/v1/sync-runs?limit=4', masked);
    const stored = (await fx.svc.store.sync.listRuns({ limit: 1000 })).map((r) => r.id);
    expect([...runs.map((r) => r.id)].sort()).toEqual([...stored].sort());
    expect(runs.map((r) => r.startedAt)).toEqual([...runs.map((r) => r.startedAt as string)].sort().reverse());
    const cx = await allPages(fx, '/v1/sync-runs?connection=cx&stream=agents&status=succeeded', masked);
    expect(cx.length).toBeGreaterThan(0);
    expect(cx.every((r) => r.connectionId === fx.conns.cx.id && r.stream === 'agents' && r.status === 'succeeded')).toBe(true);
  });

  it("serves a connection's latest stored doctor report, and 404 before the first", async () => {
    const missing = await fx.get('/v1/connections/gen-a/doctor', masked);
    expect(json(missing)).toEqual({
      error: { code: 'doctor_report_not_found', message: expect.stringContaining('switchboard doctor gen-a') },
    });
    const { report } = await runDoctor(fx.svc, 'gen-a', { trigger: 'doctor' });
    const res = await fx.get('/v1/connections/gen-a/doctor', masked);
    expect(res.statusCode).toBe(200);
    expect(json(res).data).toMatchObject({
      connectionId: fx.conns.a.id,
      trigger: 'doctor',
      status: report.status,
      checkedAt: report.checkedAt,
    });
    expect(json<{ data: { report: unknown } }>(res).data.report).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('serves recording metadata and its media with the stored content type, whole or by range', async () => {
    const [stored] = await allPages(fx, '/v1/recordings?connection=gen-a&limit=1000', masked);
    const rec = stored as Rec;
    expect(rec).toMatchObject({ state: 'stored', contentType: 'audio/wav', mediaUrl: `/v1/recordings/${rec.id as string}/media` });
    const blob = await readFile(
      fx.app.api.blobs.pathOf((await fx.svc.store.records.get(fx.conns.a.id, 'recording', rec.externalId as string))?.blobKey as string),
    );
    const whole = await fx.get(rec.mediaUrl as string, masked);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers).toMatchObject({ 'content-type': 'audio/wav', 'accept-ranges': 'bytes', etag: `"${rec.sha256 as string}"` });
    expect(whole.rawPayload.equals(blob)).toBe(true);
    expect(createHash('sha256').update(whole.rawPayload).digest('hex')).toBe(rec.sha256);
    const part = await fx.call({ method: 'GET', url: rec.mediaUrl as string, key: masked, headers: { range: 'bytes=10-19' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(blob.subarray(10, 20))).toBe(true);

    // A recording whose media was not downloaded (gen-b syncs none) has metadata but no media.
    const listed = (await allPages(fx, '/v1/recordings?connection=gen-b&limit=1', masked))[0] as Rec;
    expect(listed).toMatchObject({ state: 'listed', mediaUrl: null });
    const none = await fx.get(`/v1/recordings/${listed.id as string}/media`, masked);
    expect(none.statusCode).toBe(404);
    expect(json<{ error: { code: string } }>(none).error.code).toBe('media_not_stored');
    const interaction = listed.interactionId as string;
    const ofInteraction = await allPages(fx, `/v1/recordings?connection=gen-b&interaction=${interaction}`, masked);
    expect(ofInteraction.length).toBeGreaterThan(0);
    expect(ofInteraction.every((r) => r.interactionId === interaction)).toBe(true);
  });

  it('answers Range requests over a real socket: 206 with the slice, 416 past the end, the whole body when If-Range differs', async () => {
    const rec = (await allPages(fx, '/v1/recordings?connection=cx&limit=1', masked))[0] as Rec;
    const base = await fx.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${base}${rec.mediaUrl as string}`;
    const auth = { authorization: `Bearer ${masked}` };
    // A client of its own, closed at the end, so that the server's close does not wait for its spare connections.
    const client = new Agent();
    const fetch = (target: string, init: { headers: Record<string, string> }) => undiciFetch(target, { ...init, dispatcher: client });
    onTestFinished(() => client.close());
    const whole = Buffer.from(await (await fetch(url, { headers: auth })).arrayBuffer());
    expect(whole.length).toBe(rec.bytes);

    const middle = await fetch(url, { headers: { ...auth, range: 'bytes=100-199' } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 100-199/${whole.length}`);
    expect(middle.headers.get('content-type')).toBe(rec.contentType);
    expect(Buffer.from(await middle.arrayBuffer()).equals(whole.subarray(100, 200))).toBe(true);

    const tail = await fetch(url, { headers: { ...auth, range: 'bytes=-50' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(whole.subarray(whole.length - 50))).toBe(true);

    const beyond = await fetch(url, { headers: { ...auth, range: `bytes=${whole.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${whole.length}`);
    expect(((await beyond.json()) as { error: { code: string } }).error.code).toBe('range_not_satisfiable');

    const stale = await fetch(url, { headers: { ...auth, range: 'bytes=0-9', 'if-range': '"not-the-etag"' } });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer()).equals(whole)).toBe(true);
  });
});
