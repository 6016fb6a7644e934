import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Team } from '../model.ts';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';
import { openStore, type Store } from './index.ts';

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

  it('answers a repeated page from the cache, and never after a write by this store or another', async () => {
    expect(await names()).toEqual(['One']);
    const before = t.store.pages.cacheStats();
    expect(await names()).toEqual(['One']);
    expect(t.store.pages.cacheStats()).toEqual({ hits: before.hits + 1, misses: before.misses });

    await write(t.store, [team('t1', 'Uno')]);
    expect(await names()).toEqual(['Uno']);
    await write(other, [team('t2', 'Two')]);
    expect(await names()).toEqual(['Uno', 'Two']);
    await other.transaction((tx) => other.records.markUnseenDeleted(tx, connectionId, 'team', randomUUID(), new Date()));
    expect(await names()).toEqual([]);
    expect(t.store.pages.cacheStats().misses).toBe(before.misses + 3);
  });

  it('keeps pages of different queries apart', async () => {
    await write(t.store, [team('t2', 'Two')]);
    const page = (limit: number) => t.store.pages.records({ entity: 'team', connectionIds: [connectionId], limit, view: {} });
    expect((await page(1)).records).toHaveLength(1);
    expect((await page(2)).records).toHaveLength(2);
    expect((await page(1)).records).toHaveLength(1);
  });
});
