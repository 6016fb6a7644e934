import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from './kysely.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects, freshDatabaseUrl } from '../../test/harness/databases.ts';
import { openStore, type Store } from './index.ts';

describe.each(dialects)('openStore (%s)', (dialect) => {
  const opened: Store[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  async function target(): Promise<{ dataDir: string; databaseUrl?: string }> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-store-'));
    dirs.push(dataDir);
    return dialect === 'postgres' ? { dataDir, databaseUrl: await freshDatabaseUrl() } : { dataDir };
  }

  async function open(where: { dataDir: string; databaseUrl?: string }): Promise<Store> {
    const store = await openStore(where);
    opened.push(store);
    return store;
  }

  it('migrates safely when several processes open a new database at once', async () => {
    const where = await target();
    const stores = await Promise.all([1, 2, 3].map(() => open(where)));
    await stores[0]!.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' });
    for (const store of stores) expect((await store.connections.list()).map((c) => c.name)).toEqual(['c']);
    // Reopening finds the schema current and the data intact.
    const again = await open(where);
    expect(await again.connections.list()).toHaveLength(1);
  });

  it('two stores on one database write concurrently without waiting on each other forever', async () => {
    const where = await target();
    const [a, b] = await Promise.all([open(where), open(where)]);
    const connection = await a.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' });
    const writer = (store: Store, prefix: string) =>
      Promise.all(
        [0, 1, 2, 3].map((batch) =>
          store.transaction(async (tx) => {
            const teams = [0, 1, 2].map((i) => ({ externalId: `${prefix}${batch}-${i}`, raw: {}, name: prefix, divisionId: null }));
            await store.records.upsert(tx, connection.id, 'team', teams, { runId: crypto.randomUUID(), at: new Date() });
            // Yield mid-transaction, as the sync runner does, so the other store tries to write meanwhile.
            await new Promise((resolve) => setTimeout(resolve, 5));
            await store.sync.setCursor(tx, connection.id, `teams-${prefix}`, batch);
          }),
        ),
      );
    await Promise.all([writer(a, 'a'), writer(b, 'b'), b.connections.setStatus(connection.id, 'ok', null)]);
    expect(await b.records.count(connection.id, 'team')).toBe(24);
  });

  it('says where the data lives without revealing a password', async () => {
    const where = await target();
    if (where.databaseUrl) {
      const url = new URL(where.databaseUrl);
      url.password = 'hunter22';
      const store = await open({ ...where, databaseUrl: url.toString() });
      expect(store.dialect).toBe('postgres');
      expect(store.location).toContain('***');
      expect(store.location).not.toContain('hunter22');
    } else {
      const store = await open(where);
      expect(store.dialect).toBe('sqlite');
      expect(store.location).toBe(path.join(where.dataDir, 'switchboard.db'));
      expect((await stat(store.location)).isFile()).toBe(true);
    }
  });
});

describe('openStore', () => {
  it('refuses a database URL that is not PostgreSQL', async () => {
    await expect(openStore({ dataDir: os.tmpdir(), databaseUrl: 'mysql://u:secret@h/db' })).rejects.toThrow('postgres://');
    await expect(openStore({ dataDir: os.tmpdir(), databaseUrl: 'mysql://u:secret@h/db' })).rejects.not.toThrow('secret');
  });

  it('uses write-ahead logging on SQLite so readers never block the sync', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-store-'));
    const store = await openStore({ dataDir });
    try {
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
