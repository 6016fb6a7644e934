// Every key × every route: a key gets exactly what its scopes and connections allow, nothing more. Lists
// hold exactly the permitted connections' records; another connection's record, however its id is
// spelt, answers like one that does not exist; personal data shows only to pii:read. On SQLite and
// PostgreSQL, over data synced from the simulators.
import { beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/api/keys.ts';
import { SCOPES, type Scope } from '../../src/api/scopes.ts';
import { runDoctor } from '../../src/doctor/run.ts';
import type { Entity } from '../../src/model.ts';
import { allPages, type ApiFixture, apiSuite, json } from './fixture.ts';

interface KeySpec {
  name: string;
  scopes: Scope[];
  connections?: Array<'a' | 'b' | 'cx'>;
  admin?: boolean;
}

const READ: Scope[] = ['agents:read', 'directory:read', 'interactions:read', 'recordings:read', 'health:read'];
const KEYS: KeySpec[] = [
  ...(Object.keys(SCOPES) as Scope[]).map((s) => ({ name: s.replace(':', '-'), scopes: [s] })),
  { name: 'read-gen-a', scopes: READ, connections: ['a'] },
  { name: 'pii-cx', scopes: [...READ, 'pii:read'], connections: ['cx'] },
  { name: 'pii-gen-b-cx', scopes: [...READ, 'pii:read'], connections: ['b', 'cx'] },
  { name: 'everything', scopes: [...READ, 'pii:read'] },
  { name: 'admin', scopes: [], admin: true },
];

const ENTITY_ROUTES: Array<[string, Entity, Scope]> = [
  ['agents', 'agent', 'agents:read'],
  ['teams', 'team', 'directory:read'],
  ['queues', 'queue', 'directory:read'],
  ['divisions', 'division', 'directory:read'],
  ['reason-codes', 'reasonCode', 'directory:read'],
  ['wrapup-codes', 'wrapUpCode', 'directory:read'],
  ['interactions', 'interaction', 'interactions:read'],
  ['recordings', 'recording', 'recordings:read'],
];

type Conn = 'a' | 'b' | 'cx';
const CONNS: Conn[] = ['a', 'b', 'cx'];

apiSuite('API access matrix', (fixture) => {
  let fx: ApiFixture;
  const keys = new Map<string, string>();
  /** Every stored personal value (addresses, emails): no key without pii:read may ever see one. */
  let personal: string[];
  beforeAll(async () => {
    fx = fixture();
    for (const spec of KEYS) {
      const connections = spec.connections?.map((c) => fx.conns[c].name);
      const { key } = await createApiKey(fx.svc.store, { name: spec.name, scopes: spec.scopes, connections, admin: spec.admin });
      keys.set(spec.name, key);
    }
    await runDoctor(fx.svc, 'gen-a', { trigger: 'doctor' });
    const db = fx.svc.store.db;
    const interactions = await db.selectFrom('interactions').select(['customer_address', 'dialed_address']).execute();
    const agents = await db.selectFrom('agents').select(['email', 'username']).execute();
    personal = [
      ...interactions.flatMap((r) => [r.customer_address, r.dialed_address]),
      ...agents.flatMap((r) => [r.email, r.username?.includes('@') ? r.username : null]),
    ].filter((v): v is string => typeof v === 'string' && v.length > 3);
    expect(personal.length).toBeGreaterThan(50);
  });

  const permitted = (spec: KeySpec): Conn[] => spec.connections ?? CONNS;
  const idOf = (c: Conn) => fx.conns[c].id;

  /** Checks one response against what the key may see; returns its body for the PII scan. */
  function expectRefusal(spec: KeySpec, res: { statusCode: number; body: string }, needs: Scope | undefined, label: string): boolean {
    if (spec.admin) {
      expect(res.statusCode, label).toBe(403);
      expect(json<{ error: { code: string } }>(res as never).error.code, label).toBe('data_key_required');
      return true;
    }
    if (needs && !spec.scopes.includes(needs)) {
      expect(res.statusCode, label).toBe(403);
      expect(json<{ error: { code: string } }>(res as never).error.code, label).toBe('missing_scope');
      return true;
    }
    return false;
  }

  it.each(KEYS.map((k) => [k.name, k] as const))('%s sees exactly its lists', async (_name, spec) => {
    const key = keys.get(spec.name) as string;
    const mine = permitted(spec).map(idOf);
    const bodies: string[] = [];
    for (const [path, entity, scope] of ENTITY_ROUTES) {
      const first = await fx.get(`/v1/${path}?limit=1000`, key);
      bodies.push(first.body);
      if (expectRefusal(spec, first, scope, path)) continue;
      const listed = await allPages(fx, `/v1/${path}?limit=1000`, key);
      const expected: string[] = [];
      for (const c of mine) expected.push(...(await fx.svc.store.records.externalIds(c, entity)).map((e) => `${c}:${e}`));
      expect(listed.map((r) => r.id as string).sort(), path).toEqual(expected.sort());
      for (const c of CONNS.filter((c) => !mine.includes(idOf(c)))) {
        const foreign = await fx.get(`/v1/${path}?connection=${fx.conns[c].name}`, key);
        expect([foreign.statusCode, json<{ error: { code: string } }>(foreign).error.code], `${path} of ${c}`).toEqual([
          404,
          'connection_not_found',
        ]);
      }
    }
    const runs = await fx.get('/v1/sync-runs?limit=1000', key);
    bodies.push(runs.body);
    if (!expectRefusal(spec, runs, 'health:read', 'sync-runs')) {
      const expected = (await fx.svc.store.sync.listRuns({ limit: 1000 })).filter((r) => mine.includes(r.connectionId)).map((r) => r.id);
      expect(
        json<{ data: Array<{ id: string }> }>(runs)
          .data.map((r) => r.id)
          .sort(),
      ).toEqual(expected.sort());
    }
    const connections = await fx.get('/v1/connections', key);
    bodies.push(connections.body);
    if (!expectRefusal(spec, connections, undefined, 'connections')) {
      expect(
        json<{ data: Array<{ id: string }> }>(connections)
          .data.map((c) => c.id)
          .sort(),
      ).toEqual([...mine].sort());
    }
    for (const body of bodies) {
      const leaked = spec.scopes.includes('pii:read') ? [] : personal.filter((p) => body.includes(p));
      expect(leaked, 'personal data without pii:read').toEqual([]);
    }
  });

  it.each(KEYS.map((k) => [k.name, k] as const))(
    '%s reaches single records of its connections only, however the id is spelt',
    async (_name, spec) => {
      const key = keys.get(spec.name) as string;
      const mine = permitted(spec).map(idOf);
      // The same platform id exists in gen-a and gen-b: only the connection part of the id differs.
      for (const [path, entity, scope] of ENTITY_ROUTES) {
        const [external] = await fx.svc.store.records.externalIds(fx.conns.a.id, entity);
        const targets = external ? (['a', 'b'] as Conn[]) : (['cx'] as Conn[]);
        for (const c of targets) {
          const ext = external ?? ((await fx.svc.store.records.externalIds(fx.conns.cx.id, entity))[0] as string);
          const id = `${idOf(c)}:${ext}`;
          for (const spelling of [id, `${idOf(c).toUpperCase()}:${ext}`, id.replace(':', '%3A')]) {
            const res = await fx.get(`/v1/${path}/${spelling}`, key);
            if (expectRefusal(spec, res, scope, `${path} ${spelling}`)) continue;
            if (mine.includes(idOf(c))) {
              expect(res.statusCode, `${path} ${spelling}`).toBe(200);
              expect(json<{ data: { id: string; connectionId: string } }>(res).data).toMatchObject({ id, connectionId: idOf(c) });
            } else {
              expect(res.statusCode, `${path} ${spelling}`).toBe(404);
              expect(res.body).not.toContain(ext.length > 6 ? `"externalId":"${ext}"` : '"data"');
            }
          }
        }
      }
      for (const c of CONNS) {
        const recording = (await fx.svc.store.records.externalIds(idOf(c), 'recording'))[0] as string;
        const media = await fx.get(`/v1/recordings/${idOf(c)}:${recording}/media`, key);
        if (expectRefusal(spec, media, 'recordings:read', `media of ${c}`)) continue;
        // gen-b synced no media: its recordings answer media_not_stored, to keys that may see gen-b.
        const expected = !mine.includes(idOf(c)) ? [404, 'recording_not_found'] : c === 'b' ? [404, 'media_not_stored'] : [200, undefined];
        const got = media.statusCode === 200 ? [200, undefined] : [media.statusCode, json<{ error: { code: string } }>(media).error.code];
        expect(got, `media of ${c}`).toEqual(expected);

        for (const [url, scope] of [
          [`/v1/connections/${fx.conns[c].name}`, undefined],
          [`/v1/connections/${idOf(c)}/doctor`, 'health:read'],
        ] as const) {
          const res = await fx.get(url, key);
          if (expectRefusal(spec, res, scope, url)) continue;
          const status = !mine.includes(idOf(c))
            ? [404, 'connection_not_found']
            : url.endsWith('doctor') && c !== 'a'
              ? [404, 'doctor_report_not_found']
              : [200, undefined];
          expect(
            res.statusCode === 200 ? [200, undefined] : [res.statusCode, json<{ error: { code: string } }>(res).error.code],
            url,
          ).toEqual(status);
        }
      }
    },
  );

  it('keeps the admin routes for the admin token', async () => {
    for (const spec of KEYS) {
      for (const url of ['/admin/connections', '/admin/keys', '/admin/audit', '/admin/connections/gen-a/sync']) {
        const res = await fx.get(url, keys.get(spec.name));
        if (spec.admin) expect(res.statusCode, url).toBe(200);
        else
          expect([res.statusCode, json<{ error: { code: string } }>(res).error.code], `${spec.name} ${url}`).toEqual([
            403,
            'admin_token_required',
          ]);
      }
    }
  });
});
