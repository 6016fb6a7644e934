// The PostgreSQL data version end to end: real triggers, a real listener, writes by another store (as
// another process would make them), and a listener connection killed by the server.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Team } from '../model.ts';
import { openTestStore, type TestStore } from '../../test/harness/databases.ts';
import { LISTENER_APPLICATION_NAME } from './data-changes.ts';
import { openStore, type Store } from './index.ts';

const tsx = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');
const team = (externalId: string, name: string): Team => ({ externalId, raw: {}, name, divisionId: null });

describe('page cache on PostgreSQL, moved by notifications', () => {
  let t: TestStore;
  let other: Store;
  let admin: pg.Client;
  let connectionId: string;

  const write = (store: Store, teams: Team[]) =>
    store.transaction((tx) => store.records.upsert(tx, connectionId, 'team', teams, { runId: randomUUID(), at: new Date() }));
  /** Team names of a page; `limit` tells pages apart in the cache. */
  const names = async (limit = 10) => {
    const page = await t.store.pages.records({ entity: 'team', connectionIds: [connectionId], limit, view: {} });
    return page.records.map((r) => (JSON.parse(r.json) as Team).name);
  };
  /** Reads a page, and says whether it came from the cache. */
  const read = async (limit = 10) => {
    const before = t.store.pages.cacheStats().hits;
    const got = await names(limit);
    return { names: got, hit: t.store.pages.cacheStats().hits > before };
  };
  /** The listener starts with the first read, and the setup's notifications may still be on their way. */
  const cached = (limit = 10) => expect.poll(async () => (await read(limit)).hit, { timeout: 10_000 }).toBe(true);

  beforeEach(async () => {
    t = await openTestStore('postgres');
    other = await openStore({ dataDir: t.dataDir, databaseUrl: t.url! });
    admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    connectionId = (await t.store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
    await write(t.store, [team('t1', 'One')]);
  });
  afterEach(async () => {
    await admin.end();
    await other.close();
    await t.cleanup();
  });

  it('serves another store’s write once its notification arrives, and never the stale page after', async () => {
    await cached();
    await write(other, [team('t2', 'Two')]);
    // Until the notification arrives the cached page is served; the first fresh page shows it has.
    await expect.poll(() => names(), { timeout: 10_000 }).toEqual(['One', 'Two']);
    await expect
      .poll(
        async () => {
          const { names, hit } = await read();
          expect(names).toEqual(['One', 'Two']);
          return hit;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  });

  it('keeps pages through audit-trail inserts', async () => {
    await cached();
    await other.audit.insert([
      {
        at: new Date(),
        keyId: null,
        keyName: null,
        method: 'GET',
        route: '/v1/teams',
        path: '/v1/teams',
        status: 200,
        errorCode: null,
        connectionIds: [connectionId],
        resourceIds: [],
        records: 1,
        durationMs: 1,
        ip: null,
      },
    ]);
    // A notification would arrive well within a round trip; migration 0005's test shows there is none.
    await admin.query('select 1');
    expect(await read()).toEqual({ names: ['One'], hit: true });
  });

  it('caches nothing while the listener is disconnected, and nothing from before once it is back', async () => {
    // Two pages: one read during the outage, one kept from before it and read only after.
    await cached(10);
    await cached(5);
    // No new connections, so the listener cannot come back until the test allows it; the pools and the
    // admin client keep theirs. (A database cannot refuse connections from inside itself.)
    const server = new pg.Client({ connectionString: inject('postgresUrl') });
    await server.connect();
    const database = `"${decodeURIComponent(new URL(t.url!).pathname.slice(1))}"`;
    const allowConnections = (allow: boolean) => server.query(`alter database ${database} allow_connections ${allow}`);
    await allowConnections(false);
    try {
      const { rows } = await admin.query<{ killed: boolean }>(
        'select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = $1 and datname = current_database()',
        [LISTENER_APPLICATION_NAME],
      );
      // The other store never read a page, so it never started a listener.
      expect(rows).toEqual([{ killed: true }]);
      await expect.poll(async () => (await read(5)).hit, { timeout: 10_000 }).toBe(false);
      for (let i = 0; i < 3; i++) expect(await read(5)).toEqual({ names: ['One'], hit: false });
      // Committed while nothing listens: its notification is lost.
      await admin.query("update teams set name = 'Uno' where external_id = 't1'");
      expect(await read(5)).toEqual({ names: ['Uno'], hit: false });
    } finally {
      await allowConnections(true);
      await server.end();
    }
    // Back (after a backoff of a few seconds): pages are cached again…
    await expect.poll(async () => (await read(5)).hit, { timeout: 40_000 }).toBe(true);
    // …and the page cached before the outage is not one of them.
    expect(await read(10)).toEqual({ names: ['Uno'], hit: false });
    expect(await read(10)).toEqual({ names: ['Uno'], hit: true });
  });

  it('listens only once pages are read, and stops when the store closes', async () => {
    const listeners = async () => {
      const { rows } = await admin.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where application_name = $1 and datname = current_database()',
        [LISTENER_APPLICATION_NAME],
      );
      return Number(rows[0]!.n);
    };
    // The other store has written, but never read a page.
    expect(await listeners()).toBe(0);
    await other.pages.records({ entity: 'team', connectionIds: [connectionId], limit: 10, view: {} });
    await expect.poll(listeners, { timeout: 10_000 }).toBe(1);
    await other.close();
    await expect.poll(listeners, { timeout: 10_000 }).toBe(0);
    // afterEach closes it again, which must be harmless.
  });

  it('does not keep a process alive', async () => {
    // The listener alone, without a pool (whose idle connections would keep the process up).
    const script = `
      import { listenForDataChanges } from ${JSON.stringify(path.join(import.meta.dirname, 'data-changes.ts'))};
      const changes = listenForDataChanges(${JSON.stringify(t.url)});
      const waiting = setInterval(() => {
        const version = changes.version();
        if (version === undefined) return;
        console.log('listening', version);
        clearInterval(waiting);
      }, 10);`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, '--input-type=module', '--eval', script], {
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    expect(stdout).toBe('listening 1.0\n');
  });
});
