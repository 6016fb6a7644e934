// A generated corpus of malformed input on every route and every parameter the OpenAPI document lists
// (ids, cursors, dates, sizes, enums, encodings, bodies, credentials): each gets a 4xx with a snake_case
// code, never a 5xx. The document is generated from the schemas that validate requests, so a parameter
// added to a route joins the sweep by itself. On SQLite and PostgreSQL.
import { beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/api/keys.ts';
import { SCOPES } from '../../src/api/scopes.ts';
import { type ApiFixture, apiSuite } from './fixture.ts';

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  schema: { enum?: string[]; pattern?: string; type?: string };
}

/** Kept raw in the URL (already "encoded"): what a parser might let through as literal text. */
const RAW_BAD = ['%FF', '%', '%E0%A4', '%ED%A0%80', '%C0%AF', '%%41'];
/** Encoded before sending: malformed for every parameter. */
const EVERYWHERE = ['', '\u0000', 'a\u0007b', 'line\nbreak', 'x'.repeat(3000)];
const BY_KIND: Record<string, string[]> = {
  limit: ['0', '-1', '1001', '1e3', '1.5', ' 5', '0x10', '٣', '99999999999999999999', 'NaN', 'ten'],
  time: [
    '2024-13-01',
    '2024-02-30',
    '2024-02-30T25:00:00Z',
    '2024-01-01T00:00:00',
    '1700000000',
    '+275760-09-13T00:00:00Z',
    'yesterday',
    '01/02/2024',
  ],
  when: ['yesterday', '24x', '-1h', '1h ago', '2024-13-01', '99999999h'],
  cursor: ['a.b', 'eyJyIjoiLyJ9.AAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(2100), '{"r":"/v1/agents"}', 'null', '..'],
  connection: ['-x', 'a b', 'x'.repeat(64), '../gen-a', 'gen-a;drop table agents', 'nope'],
  enum: ['VOICE', 'voice ', 'x', 'TRUE', '1'],
  text: ['x'.repeat(600)],
};
const ID_CORPUS = [
  'x',
  'not-a-uuid:x',
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-000000000000:',
  '00000000-0000-0000-0000-000000000000x1',
  '00000000-0000-0000-0000-000000000000:missing',
  '00000000-0000-0000-0000-000000000000:\u0007',
  '../../etc/passwd',
  '%2e%2e',
  'x'.repeat(800),
  '-',
  'a b',
];

function kindOf(p: Parameter): keyof typeof BY_KIND {
  if (p.schema.enum) return 'enum';
  if (p.name === 'limit') return 'limit';
  if (['from', 'to', 'updatedSince'].includes(p.name)) return 'time';
  if (['since', 'until'].includes(p.name)) return 'when';
  if (p.name === 'cursor' || p.name === 'connection') return p.name;
  return 'text';
}

apiSuite('API bad input', (fixture) => {
  let fx: ApiFixture;
  let data: string;
  let admin: string;
  /** A valid value for each path template's parameter, so only the parameter under test is wrong. */
  let valid: Record<string, string>;
  let operations: Array<{ method: string; path: string; parameters: Parameter[]; body: boolean }>;
  beforeAll(async () => {
    fx = fixture();
    const unlimited = 1_000_000;
    data = await fx.key({ scopes: Object.keys(SCOPES), rateLimitPerMinute: unlimited });
    admin = (await createApiKey(fx.svc.store, { name: 'ops', admin: true, rateLimitPerMinute: unlimited })).key;
    const first = async (entity: Parameters<typeof fx.svc.store.records.externalIds>[1]) =>
      `${fx.conns.a.id}:${(await fx.svc.store.records.externalIds(fx.conns.a.id, entity))[0] as string}`;
    valid = { connection: 'gen-a', key: '0123456789abcdef', recording: await first('recording'), agent: await first('agent') };
    const doc = (await fx.get('/openapi.json')).json() as {
      paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
    };
    // The passthrough forwards platform paths and has its own suite of refusals (test/api/passthrough-*.test.ts).
    operations = Object.entries(doc.paths)
      .filter(([path]) => /^\/(v1|admin)\//.test(path) && !path.includes('passthrough'))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          parameters: op.parameters ?? [],
          body: Boolean(op.requestBody),
        })),
      );
    expect(operations.length).toBeGreaterThan(25);
  });

  const keyFor = (path: string) => (path.startsWith('/admin') ? admin : data);
  const fill = (path: string, value?: string) =>
    path.replace('{id}', () => {
      if (value !== undefined) return value;
      if (path.startsWith('/admin/keys')) return valid.key as string;
      if (path.startsWith('/v1/recordings')) return valid.recording as string;
      return path.includes('connections') ? (valid.connection as string) : (valid.agent as string);
    });

  async function expectRefused(
    method: string,
    url: string,
    label: string,
    extra: { key?: string; headers?: Record<string, string>; payload?: string } = {},
  ) {
    const res = await fx.call({
      method: method as 'GET',
      url,
      key: extra.key ?? keyFor(url),
      headers: extra.headers,
      payload: extra.payload,
    });
    expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code, label).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(body.error.message.length, label).toBeGreaterThan(5);
    return res;
  }

  it('refuses malformed query parameters on every route', async () => {
    let tried = 0;
    for (const op of operations.filter((o) => o.method === 'GET')) {
      const base = fill(op.path);
      for (const p of op.parameters.filter((q) => q.in === 'query')) {
        const values = [...EVERYWHERE, ...(BY_KIND[kindOf(p)] ?? [])];
        for (const v of values) {
          await expectRefused(
            'GET',
            `${base}?${p.name}=${encodeURIComponent(v)}`,
            `${op.path} ${p.name}=${JSON.stringify(v.slice(0, 40))}`,
          );
          tried++;
        }
        for (const raw of RAW_BAD) await expectRefused('GET', `${base}?${p.name}=${raw}`, `${op.path} ${p.name}=${raw}`);
        await expectRefused('GET', `${base}?${p.name}=1&${p.name}=2`, `${op.path} repeated ${p.name}`);
      }
      for (const unknown of ['unknown=1', '__proto__=1', 'constructor=1', 'limit[]=1', '%00=1']) {
        await expectRefused('GET', `${base}?${unknown}`, `${op.path} ${unknown}`);
      }
    }
    expect(tried).toBeGreaterThan(300);
  });

  it('refuses malformed and unknown ids in every path', async () => {
    for (const op of operations.filter((o) => o.path.includes('{id}'))) {
      for (const v of ID_CORPUS) {
        await expectRefused(
          op.method,
          fill(op.path, encodeURIComponent(v)),
          `${op.method} ${op.path} id=${JSON.stringify(v.slice(0, 40))}`,
          {
            payload: op.body ? '{}' : undefined,
            headers: op.body ? { 'content-type': 'application/json' } : undefined,
          },
        );
      }
      for (const raw of [...RAW_BAD, '%00', `${fx.conns.a.id}:%ED%A0%80`]) {
        await expectRefused(op.method, fill(op.path, raw), `${op.method} ${op.path} id=${raw}`);
      }
    }
  });

  it('refuses malformed bodies on every route that takes one', async () => {
    const bodies: Array<[string | undefined, string]> = [
      ['text/plain', 'x'],
      ['application/json', '{bad'],
      ['application/json', ''],
      ['application/json', '[]'],
      ['application/json', 'null'],
      ['application/json', '"x"'],
      ['application/json', '{"unknown":1}'],
      ['application/json', '{"__proto__":{"admin":true}}'],
      ['application/json', `{"name":"${'x'.repeat(2_000_000)}"}`],
      ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['application/json', '{"name":1,"scopes":"agents:read","platform":7,"streams":"all","full":"yes"}'],
      ['application/json', '{"name":"a\\u0000b","scopes":["agents:read\\u0000"],"platform":"genesys-cloud\\u0000","streams":["\\u0000"]}'],
    ];
    for (const op of operations.filter((o) => o.body)) {
      for (const [type, payload] of bodies) {
        await expectRefused(op.method, fill(op.path), `${op.method} ${op.path} ${type} ${payload.slice(0, 40)}`, {
          headers: type ? { 'content-type': type } : {},
          payload,
        });
      }
    }
  });

  it('refuses malformed credentials with 401 and a clear code', async () => {
    const headers = [
      'Bearer',
      'Bearer ',
      'Bearer  x',
      'Basic dXNlcjpwYXNz',
      `Bearer ${data}x`,
      `Bearer ${data.slice(0, -1)}`,
      `Bearer ${data} ${data}`,
      `Bearer sba_${'0'.repeat(16)}_${'0'.repeat(64)}`,
      'Bearer \u00e9',
      `Token ${data}`,
    ];
    for (const authorization of headers) {
      const res = await expectRefused('GET', '/v1/agents', `authorization ${authorization.slice(0, 30)}`, {
        key: '',
        headers: { authorization },
      });
      expect(res.statusCode).toBe(401);
    }
    const lower = await fx.call({ method: 'GET', url: '/v1/agents?limit=1', headers: { authorization: `bearer ${data}` } });
    expect(lower.statusCode).toBe(200);
  });
});
