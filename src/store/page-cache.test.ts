import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Team } from '../model.ts';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';
import { openStore, type Store } from './index.ts';
import { createPageCache } from './page-cache.ts';

const team = (externalId: string, name: string): Team => ({ externalId, raw: {}, name, divisionId: null });

describe.each(dialects)('read API pages reused while the data is unchanged (%s)', (dialect) => {
  let t: TestStore;
  let other: Store;
  let connectionId: string;

  const write = (store: Store, teams: Team[]) =>
    store.transaction((tx) => store.records.upsert(tx, connectionId, 'team', teams, { runId: randomUUID(), at: new Date() }));
  const names = async () => {
    const page = await t.store.pages.records({ entity: 'team', connectionIds: [connectionId], limit: 10, view: {} });
    return page.records.map((r) => (JSON.parse(r.json) as Team).name);
  };
  /**
   * The page after a write. SQLite's version is read from the file at each call, so the very next read is
   * fresh; PostgreSQL's moves when the commit's notification arrives, a moment later (data-changes.test.ts).
   */
  const expectNames = (expected: string[]) =>
    dialect === 'sqlite' ? expect(names()).resolves.toEqual(expected) : expect.poll(names, { timeout: 10_000 }).toEqual(expected);

  beforeEach(async () => {
    t = await openTestStore(dialect);
    // Another process's view of the same database: its writes reach t.store only through the database.
    other = await openStore({ dataDir: t.dataDir, ...(t.url ? { databaseUrl: t.url } : {}) });
    connectionId = (await t.store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
    await write(t.store, [team('t1', 'One')]);
  });
  afterEach(async () => {
    await other.close();
    await t.cleanup();
  });

  it('answers a repeated page from the cache, and a fresh one after a write by this store or another', async () => {
    expect(await names()).toEqual(['One']);
    // A repeat is a hit while nothing is written. On PostgreSQL the listener starts with the first read,
    // and the setup's notifications may still be on their way: a later repeat is.
    await expect
      .poll(
        async () => {
          const before = t.store.pages.cacheStats().hits;
          expect(await names()).toEqual(['One']);
          return t.store.pages.cacheStats().hits > before;
        },
        { timeout: 10_000 },
      )
      .toBe(true);

    await write(t.store, [team('t1', 'Uno')]);
    await expectNames(['Uno']);
    await write(other, [team('t2', 'Two')]);
    await expectNames(['Uno', 'Two']);
    await other.transaction((tx) => other.records.markUnseenDeleted(tx, connectionId, 'team', randomUUID(), new Date()));
    await expectNames([]);
  });

  it('keeps pages of different queries apart', async () => {
    await write(t.store, [team('t2', 'Two')]);
    const page = (limit: number) => t.store.pages.records({ entity: 'team', connectionIds: [connectionId], limit, view: {} });
    expect((await page(1)).records).toHaveLength(1);
    expect((await page(2)).records).toHaveLength(2);
    expect((await page(1)).records).toHaveLength(1);
  });
});

describe('page cache', () => {
  it('reads a page once for requests that miss together, and again once the version moves', async () => {
    let version = '1';
    let reads = 0;
    const cache = createPageCache(async () => version, 1024 * 1024);
    const read = async () => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { records: [{ json: `{"v":${version}}`, connectionId: 'c', externalId: 'e', also: {} }], keys: [] };
    };
    const pages = await Promise.all(Array.from({ length: 5 }, () => cache.get('k', read)));
    expect(reads).toBe(1);
    expect(new Set(pages).size).toBe(1);
    expect((await cache.get('k', read)).records[0]?.json).toBe('{"v":1}');
    version = '2';
    expect((await cache.get('k', read)).records[0]?.json).toBe('{"v":2}');
    expect(reads).toBe(2);
    expect(cache.stats()).toEqual({ hits: 1, misses: 6 });
  });

  it('keeps nothing when the database cannot tell its version', async () => {
    let reads = 0;
    const cache = createPageCache(async () => undefined, 1024 * 1024);
    const read = async () => ({ records: [], keys: [[String(++reads)]] });
    await cache.get('k', read);
    await cache.get('k', read);
    expect(reads).toBe(2);
  });
});
