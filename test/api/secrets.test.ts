// Neither the connections' secrets nor the API keys in clear appear in any response body, log line or
// the database (the SQLite files byte for byte; every PostgreSQL row as text), after a workload of every
// route, admin operations that carry secrets (a connection added and synced through the API, one with a
// wrong secret, keys made through the API) and clients that send their key where it does not belong.
// The one exception is by design: the response that creates a key shows it, once.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from '../../src/store/kysely.ts';
import { beforeAll, expect, it } from 'vitest';
import { SCOPES } from '../../src/api/scopes.ts';
import { genesysHarness, simJson } from '../harness/platforms.ts';
import { allPages, type ApiFixture, apiSuite, type Sims } from './fixture.ts';

apiSuite('API secrets', (fixture, simulators) => {
  let fx: ApiFixture;
  let sims: Sims;
  beforeAll(async () => {
    fx = fixture();
    sims = simulators();
  });

  async function databaseText(): Promise<Buffer[]> {
    await fx.app.api.audit.flush();
    if (fx.dialect === 'sqlite') {
      const files = (await readdir(fx.test.dataDir)).filter((f) => f.startsWith('switchboard.db'));
      expect(files).toContain('switchboard.db');
      return Promise.all(files.map((f) => readFile(path.join(fx.test.dataDir, f))));
    }
    const tables = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(fx.svc.store.db);
    expect(tables.rows.map((t) => t.name)).toEqual(expect.arrayContaining(['api_keys', 'api_audit', 'connections']));
    const dumps = [];
    for (const { name } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(fx.svc.store.db);
      dumps.push(Buffer.from(rows.rows.map((r) => r.row).join('\n')));
    }
    return dumps;
  }

  it('keeps every secret and every key out of responses, logs and the database', async () => {
    const admin = await fx.key({ admin: true });
    const reader = await fx.key({ scopes: Object.keys(SCOPES) });
    const masked = await fx.key({ scopes: ['agents:read', 'interactions:read', 'recordings:read', 'health:read'], connections: ['cx'] });
    const revoked = await fx.key({ scopes: ['agents:read'] });
    await fx.call({ method: 'DELETE', url: `/admin/keys/${revoked.split('_')[1] as string}`, key: admin });

    // A connection added and synced through the admin API, with a secret minted for it; and one whose secret is wrong.
    const fresh = await simJson<{ clientId: string; clientSecret: string }>(sims.genesys, '/_sim/oauth/clients', {
      name: 'api-secrets',
      roleDivisions: [
        {
          permissions: [
            'routing:queue:view',
            'analytics:conversationDetail:view',
            'routing:wrapupCode:view',
            'presence:presenceDefinition:view',
            'recording:recording:view',
          ],
          divisionId: '*',
        },
      ],
    });
    const base = genesysHarness.credentials(sims.genesys);
    const wrongSecret = `wrong-${fresh.clientSecret.split('').reverse().join('')}`;
    const secrets = [...fx.secrets, fresh.clientSecret, wrongSecret];
    for (const [name, secret] of [
      ['api-added', fresh.clientSecret],
      ['api-wrong', wrongSecret],
    ] as const) {
      const settings = { ...base.settings, clientId: fresh.clientId };
      const added = await fx.call({
        method: 'POST',
        url: '/admin/connections',
        key: admin,
        payload: { platform: 'genesys-cloud', name, settings, secrets: { clientSecret: secret } },
      });
      expect(added.statusCode).toBe(201);
      expect(
        (await fx.call({ method: 'POST', url: `/admin/connections/${name}/sync`, key: admin, payload: { streams: ['agents', 'queues'] } }))
          .statusCode,
      ).toBe(202);
      while ((await fx.get(`/admin/connections/${name}/sync`, admin)).json().data.running) await new Promise((r) => setTimeout(r, 50));
    }
    const wrong = (await fx.get('/v1/connections/api-wrong', reader)).json().data;
    expect(wrong.status).toBe('auth_failed');

    const created = await fx.call({
      method: 'POST',
      url: '/admin/keys',
      key: admin,
      payload: { name: 'via-api', scopes: ['agents:read'] },
    });
    const viaApi = created.json().data.key as string;
    expect(created.body.split(viaApi)).toHaveLength(2);
    const keys = [...fx.keys, viaApi];

    // Every route, with keys of every kind, and clients that put their key where it does not belong.
    const records = ['agents', 'teams', 'queues', 'divisions', 'reason-codes', 'wrapup-codes', 'interactions', 'recordings'];
    for (const key of [reader, masked, revoked, viaApi]) {
      for (const list of [...records, 'sync-runs', 'connections']) await fx.get(`/v1/${list}`, key);
    }
    for (const list of records) {
      for (const row of (await allPages(fx, `/v1/${list}?limit=1000&include=raw`, reader)).slice(0, 3)) {
        const id = encodeURIComponent(row.id as string);
        await fx.get(`/v1/${list}/${id}?include=raw`, reader);
        if (list === 'recordings') await fx.get(`/v1/recordings/${id}/media`, reader);
      }
    }
    for (const c of await allPages(fx, '/v1/connections', reader)) await fx.get(`/v1/connections/${c.id as string}/doctor`, reader);
    await allPages(fx, '/v1/sync-runs?limit=1000', reader);
    for (const url of [
      '/admin/connections',
      '/admin/keys?includeRevoked=true',
      '/admin/audit?limit=1000',
      '/metrics',
      '/openapi.json',
      '/healthz',
      '/readyz',
    ])
      await fx.get(url, admin);
    await fx.get(`/v1/agents?api_key=${reader}`, reader);
    await fx.get(`/v1/agents/${reader}`, reader);
    await fx.get(`/v1/${reader}`);
    await fx.call({ method: 'GET', url: '/v1/agents', headers: { authorization: reader } });
    await fx.call({ method: 'POST', url: '/admin/keys', key: admin, payload: { name: 'x', scopes: [reader] } });

    expect(fx.logs.length).toBeGreaterThan(100);
    expect(fx.bodies.length).toBeGreaterThan(100);
    const bodies = fx.bodies.filter((b) => b !== created.body);
    const database = await databaseText();
    for (const secret of [...secrets, ...keys]) {
      expect(bodies.filter((b) => b.includes(secret)).length, `a response holds ${secret.slice(0, 12)}…`).toBe(0);
      expect(fx.logs.filter((l) => l.includes(secret)).length, `a log line holds ${secret.slice(0, 12)}…`).toBe(0);
      expect(database.filter((b) => b.includes(Buffer.from(secret))).length, `the database holds ${secret.slice(0, 12)}…`).toBe(0);
    }
  });
});
