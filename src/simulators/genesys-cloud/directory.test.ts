import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient({ sizes: { users: 60, queues: 8 } });
});
afterAll(() => t.close());

interface Entity {
  id: string;
  name: string;
  state?: string;
  division?: { id: string };
  divisionId?: string;
  deactivated?: boolean;
  type?: string;
  joined?: boolean;
}

async function divisionId(name: string): Promise<string> {
  const divisions = (await t.api('GET', '/api/v2/authorization/divisions')).body.entities as Entity[];
  return (divisions.find((d) => d.name === name) as Entity).id;
}

describe('EntityListing paging', () => {
  it('pages users with relative first/self/next/previous/last URIs', async () => {
    const first = await t.api('GET', '/api/v2/users?pageSize=20&state=any');
    expect(first.body).toMatchObject({ pageSize: 20, pageNumber: 1, total: 60, pageCount: 3 });
    expect(first.body.firstUri).toBe('/api/v2/users?pageSize=20&pageNumber=1&state=any');
    expect(first.body.nextUri).toBe('/api/v2/users?pageSize=20&pageNumber=2&state=any');
    expect(first.body.lastUri).toBe('/api/v2/users?pageSize=20&pageNumber=3&state=any');
    expect(first.body).not.toHaveProperty('previousUri');

    const seen = new Set<string>();
    let uri: string | undefined = first.body.selfUri;
    let pages = 0;
    while (uri) {
      const page = await t.api('GET', uri);
      for (const u of page.body.entities as Entity[]) seen.add(u.id);
      if (page.body.pageNumber > 1) expect(page.body.previousUri).toContain(`pageNumber=${page.body.pageNumber - 1}`);
      uri = page.body.nextUri;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(60);
  });

  it('answers 400 to a pageSize above the endpoint maximum', async () => {
    expect((await t.api('GET', '/api/v2/users?pageSize=500')).status).toBe(200);
    const res = await t.api('GET', '/api/v2/users?pageSize=501');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('[501]');
    expect((await t.api('GET', '/api/v2/routing/wrapupcodes?pageSize=101')).status).toBe(400);
    expect((await t.api('GET', '/api/v2/routing/queues?pageSize=abc')).status).toBe(400);
  });

  it('returns an empty page past the end, without nextUri', async () => {
    const res = await t.api('GET', '/api/v2/routing/queues?pageNumber=9');
    expect(res.body.entities).toEqual([]);
    expect(res.body).not.toHaveProperty('nextUri');
  });
});

describe('users', () => {
  it('lists active users by default and inactive ones on request', async () => {
    const all = (await t.api('GET', '/api/v2/users?pageSize=500&state=any')).body.entities as Entity[];
    const active = (await t.api('GET', '/api/v2/users?pageSize=500')).body.entities as Entity[];
    const inactive = (await t.api('GET', '/api/v2/users?pageSize=500&state=inactive')).body.entities as Entity[];
    expect(inactive.length).toBeGreaterThan(0);
    expect(active.every((u) => u.state === 'active')).toBe(true);
    expect(active.length + inactive.length).toBe(all.length);
    expect((await t.api('GET', '/api/v2/users?state=bogus')).status).toBe(400);
  });

  it('accepts id arrays comma-joined or repeated', async () => {
    const ids = ((await t.api('GET', '/api/v2/users?pageSize=3')).body.entities as Entity[]).map((u) => u.id);
    const joined = await t.api('GET', `/api/v2/users?id=${ids.join(',')}`);
    const repeated = await t.api('GET', `/api/v2/users?${ids.map((id) => `id=${id}`).join('&')}`);
    expect((joined.body.entities as Entity[]).map((u) => u.id).sort()).toEqual([...ids].sort());
    expect(repeated.body.entities).toEqual(joined.body.entities);
  });

  it('marks deleted users deleted: gone from the default list and from GET by id', async () => {
    await t.reset();
    const [victim] = (await t.api('GET', '/api/v2/users?pageSize=1')).body.entities as Entity[];
    const id = (victim as Entity).id;
    expect((await t.api('GET', `/api/v2/users/${id}`)).body.state).toBe('active');
    expect((await t.control('POST', `/_sim/entities/user/${id}/delete`)).status).toBe(200);
    expect((await t.api('GET', `/api/v2/users/${id}`)).status).toBe(404);
    expect((await t.api('GET', `/api/v2/users/${id}?state=deleted`)).body.state).toBe('deleted');
    const deleted = (await t.api('GET', '/api/v2/users?state=deleted')).body.entities as Entity[];
    expect(deleted.map((u) => u.id)).toEqual([id]);
    const truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.agent).not.toContain(id);
    expect(truth.queueMember.some((m: string) => m.endsWith(`:${id}`))).toBe(false);
    await t.reset();
  });
});

describe('queues', () => {
  it('filters the list to the divisions the permission is held in', async () => {
    const sales = await divisionId('Sales');
    const all = (await t.api('GET', '/api/v2/routing/queues')).body.entities as Entity[];
    const token = await t.token(await t.clientWith(['routing:queue:view'], sales));
    const visible = (await t.api('GET', '/api/v2/routing/queues', { token })).body.entities as Entity[];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(all.length);
    expect(visible.every((q) => q.division?.id === sales)).toBe(true);
    const hidden = all.find((q) => q.division?.id !== sales) as Entity;
    expect((await t.api('GET', `/api/v2/routing/queues/${hidden.id}`, { token })).status).toBe(404);
    expect((await t.api('GET', `/api/v2/routing/queues/${visible[0]?.id}`, { token })).status).toBe(200);
  });

  it('filters by name wildcard and divisionId, sorted by name', async () => {
    const res = await t.api('GET', '/api/v2/routing/queues?name=*s*&sortOrder=desc');
    const names = (res.body.entities as Entity[]).map((q) => q.name);
    expect(names.every((n) => n.toLowerCase().includes('s'))).toBe(true);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
    const home = await divisionId('Home');
    const inHome = (await t.api('GET', `/api/v2/routing/queues?divisionId=${home}`)).body.entities as Entity[];
    expect(inHome.every((q) => q.division?.id === home)).toBe(true);
  });

  it('lists members without total or pageCount and filters by joined', async () => {
    const [queue] = (await t.api('GET', '/api/v2/routing/queues')).body.entities as Entity[];
    const page = await t.api('GET', `/api/v2/routing/queues/${queue?.id}/members?pageSize=5`);
    expect(page.body).not.toHaveProperty('total');
    expect(page.body).not.toHaveProperty('pageCount');
    expect(page.body.entities[0]).toMatchObject({ memberBy: 'user', user: { id: expect.any(String) } });
    const joined = (await t.api('GET', `/api/v2/routing/queues/${queue?.id}/members?pageSize=100&joined=true`)).body.entities as Entity[];
    expect(joined.every((m) => m.joined)).toBe(true);
    expect((await t.api('GET', `/api/v2/routing/queues/${queue?.id}/members?pageSize=101`)).status).toBe(400);
    expect((await t.api('GET', `/api/v2/routing/queues/${queue?.id}/members?memberBy=group`)).body.entities).toEqual([]);
  });
});

describe('wrap-up codes, presence definitions, divisions', () => {
  it('lists wrap-up codes of permitted divisions only', async () => {
    const all = (await t.api('GET', '/api/v2/routing/wrapupcodes?pageSize=100')).body.entities as Entity[];
    const home = await divisionId('Home');
    const token = await t.token(await t.clientWith(['routing:wrapupCode:view'], home));
    const visible = (await t.api('GET', '/api/v2/routing/wrapupcodes?pageSize=100', { token })).body.entities as Entity[];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(all.length);
    expect(visible.every((w) => w.division?.id === home)).toBe(true);
  });

  it('serves presence definitions unpaged, with system presences and deactivated secondary ones', async () => {
    const res = await t.api('GET', '/api/v2/presence/definitions');
    expect(Object.keys(res.body).sort()).toEqual(['entities', 'selfUri', 'total']);
    const entities = res.body.entities as Entity[];
    const system = entities.filter((p) => p.type === 'System').map((p) => p.name);
    expect(system).toEqual(['Available', 'Away', 'Break', 'Busy', 'Meal', 'Meeting', 'Training', 'Offline', 'Idle', 'On Queue']);
    const deactivated = (await t.api('GET', '/api/v2/presence/definitions?deactivated=true')).body.entities as Entity[];
    expect(deactivated.length).toBeGreaterThan(0);
    expect(deactivated.every((p) => p.deactivated)).toBe(true);
    expect((await t.api('GET', '/api/v2/presence/definitions?deactivated=FALSE')).body.total).toBe(entities.length - deactivated.length);
  });

  it('serves divisions, the home division and object counts', async () => {
    const home = await t.api('GET', '/api/v2/authorization/divisions/home?objectCount=true');
    expect(home.body).toMatchObject({ name: 'Home', homeDivision: true, objectCounts: { QUEUE: expect.any(Number) } });
    expect((await t.api('GET', `/api/v2/authorization/divisions/${home.body.id}`)).body.name).toBe('Home');
  });

  it('deleting a division moves its objects home and removes it from the truth', async () => {
    const sales = await divisionId('Sales');
    await t.control('POST', `/_sim/entities/division/${sales}/delete`);
    const truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.division).not.toContain(sales);
    const queues = (await t.api('GET', '/api/v2/routing/queues')).body.entities as Entity[];
    expect(queues.some((q) => q.division?.id === sales)).toBe(false);
    expect((await t.control('POST', `/_sim/entities/division/${await divisionId('Home')}/delete`)).status).toBe(400);
    await t.reset();
  });
});
