import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompiledQuery } from './kysely.ts';
import type { Team } from '../model.ts';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';
import { openStore } from './index.ts';

const team = (externalId: string): Team => ({ externalId, raw: { id: externalId }, name: externalId, divisionId: null });

describe.each(dialects)('sync batch writer (%s)', (dialect) => {
  let t: TestStore;
  let connectionId: string;
  const seen = () => ({ runId: randomUUID(), at: new Date() });
  const batch = (ids: string[], cursor: unknown, connection = connectionId) => [
    ...t.store.records.upsertQueries(connection, 'team', ids.map(team), seen()),
    t.store.sync.setCursorQuery(connectionId, 'teams', cursor),
  ];
  const stored = () => t.store.records.externalIds(connectionId, 'team');

  beforeEach(async () => {
    t = await openTestStore(dialect);
    connectionId = (await t.store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
  });
  afterEach(() => t.cleanup());

  it('commits each batch with its cursor, in order, and reports the commits in order', async () => {
    const writer = t.store.batchWriter();
    const committed: number[] = [];
    await writer.write(batch(['b', 'a'], { page: 1 }), () => committed.push(1));
    await writer.write(batch(['c'], { page: 2 }), () => committed.push(2));
    await writer.write(batch(['d', 'a'], { page: 3 }), () => committed.push(3));
    await writer.drain();
    expect(committed).toEqual([1, 2, 3]);
    expect(await stored()).toEqual(['a', 'b', 'c', 'd']);
    expect(await t.store.sync.getCursor(connectionId, 'teams')).toEqual({ page: 3 });
  });

  it('writes nothing of a failed batch and nothing queued after it, and reports the failure', async () => {
    const writer = t.store.batchWriter();
    await writer.write(batch(['a'], { page: 1 }));
    // Committed, so that what follows shows what a failure loses; a batch not yet committed goes with it (below).
    await writer.drain();
    // Rows of a connection that does not exist break the foreign key after the cursor's batch-mates are in.
    const broken = [...batch(['b'], { page: 2 }), ...t.store.records.upsertQueries(randomUUID(), 'team', [team('x')], seen())];
    await writer.write(broken);
    await expect(writer.write(batch(['c'], { page: 3 }))).rejects.toThrow(/foreign key/i);
    await expect(writer.drain()).rejects.toThrow(/foreign key/i);
    await expect(writer.write(batch(['d'], { page: 4 }))).rejects.toThrow(/foreign key/i);
    expect(await stored()).toEqual(['a']);
    expect(await t.store.sync.getCursor(connectionId, 'teams')).toEqual({ page: 1 });
    // The store itself is fine: a new writer writes.
    const next = t.store.batchWriter();
    await next.write(batch(['e'], { page: 5 }));
    await next.drain();
    expect(await stored()).toEqual(['a', 'e']);
  });

  it('finishes a queued batch before the store closes, and closing twice is harmless', async () => {
    const writer = t.store.batchWriter();
    await writer.write(batch(['a'], { page: 1 }));
    await t.store.close();
    await writer.drain();
    await t.store.close();
    const reopened = await openStore({ dataDir: t.dataDir, ...(t.url ? { databaseUrl: t.url } : {}) });
    expect(await reopened.records.externalIds(connectionId, 'team')).toEqual(['a']);
    await reopened.close();
  });
});

describe('sync batch writer, transactions shared by consecutive batches (sqlite)', () => {
  let t: TestStore;
  let connectionId: string;
  const seen = () => ({ runId: randomUUID(), at: new Date() });
  const batch = (ids: string[], stream: string, cursor: unknown, connection = connectionId) => [
    ...t.store.records.upsertQueries(connection, 'team', ids.map(team), seen()),
    t.store.sync.setCursorQuery(connectionId, stream, cursor),
  ];
  const stored = () => t.store.records.externalIds(connectionId, 'team');

  beforeEach(async () => {
    t = await openTestStore('sqlite');
    connectionId = (await t.store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
  });
  afterEach(() => t.cleanup());

  it('commits what it has applied by itself once no batch follows', async () => {
    const writer = t.store.batchWriter();
    const committed = new Promise<void>((resolve) => void writer.write(batch(['a'], 'teams', { page: 1 }), resolve));
    await committed;
    expect(await stored()).toEqual(['a']);
  });

  it("loses a failed batch together with its writer's batches not yet committed, and refuses that writer from then on", async () => {
    const writer = t.store.batchWriter();
    // Written in one tick, so the thread applies both in one transaction.
    void writer.write(batch(['a'], 'teams', { page: 1 }));
    void writer.write([...batch(['x'], 'teams', { page: 2 }), ...t.store.records.upsertQueries(randomUUID(), 'team', [team('y')], seen())]);
    await expect(writer.drain()).rejects.toThrow(/foreign key/i);
    await expect(writer.write(batch(['z'], 'teams', { page: 3 }))).rejects.toThrow(/foreign key/i);
    expect(await stored()).toEqual([]);
    expect(await t.store.sync.getCursor(connectionId, 'teams')).toBeNull();
  });

  it("never loses another writer's batches: a transaction holds one writer's", async () => {
    const failing = t.store.batchWriter();
    const other = t.store.batchWriter();
    const committed: string[] = [];
    void failing.write(batch(['a'], 'teams', { page: 1 }), () => committed.push('a'));
    void other.write(batch(['b'], 'other', { page: 1 }), () => committed.push('b'));
    void failing.write([
      ...batch(['x'], 'teams', { page: 2 }),
      ...t.store.records.upsertQueries(randomUUID(), 'team', [team('y')], seen()),
    ]);
    await expect(failing.drain()).rejects.toThrow(/foreign key/i);
    await other.drain();
    expect(committed.sort()).toEqual(['a', 'b']);
    expect(await stored()).toEqual(['a', 'b']);
    expect(await t.store.sync.getCursor(connectionId, 'teams')).toEqual({ page: 1 });
    expect(await t.store.sync.getCursor(connectionId, 'other')).toEqual({ page: 1 });
  });

  // More bound values than one message to the thread holds (sqlite-writer.ts sends a batch in parts), and
  // than a transaction holds before it commits: the parts of one batch must still commit together.
  const manyIds = (prefix: string) => Array.from({ length: 10_000 }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

  it('applies a batch sent in several parts whole, with its cursor', async () => {
    const writer = t.store.batchWriter();
    await writer.write(batch(manyIds('a'), 'teams', { page: 1 }));
    await writer.drain();
    expect(await stored()).toEqual(manyIds('a'));
    expect(await t.store.sync.getCursor(connectionId, 'teams')).toEqual({ page: 1 });
  });

  it('loses every part of a batch whose last part fails', async () => {
    const writer = t.store.batchWriter();
    await writer.write(batch(['a'], 'teams', { page: 1 }));
    await writer.drain();
    void writer.write([
      ...batch(manyIds('b'), 'teams', { page: 2 }),
      ...t.store.records.upsertQueries(randomUUID(), 'team', [team('y')], seen()),
    ]);
    await expect(writer.drain()).rejects.toThrow(/foreign key/i);
    expect(await stored()).toEqual(['a']);
    expect(await t.store.sync.getCursor(connectionId, 'teams')).toEqual({ page: 1 });
  });

  it('loses every batch of a transaction whose commit fails, and refuses their writer', async () => {
    const writer = t.store.batchWriter();
    // A foreign key checked at commit fails the commit rather than the statement.
    const deferredBreak = [
      CompiledQuery.raw('pragma defer_foreign_keys = on'),
      ...t.store.records.upsertQueries(randomUUID(), 'team', [team('y')], seen()),
    ];
    void writer.write(batch(['a'], 'teams', { page: 1 }));
    void writer.write([...batch(['b'], 'teams', { page: 2 }), ...deferredBreak]);
    await expect(writer.drain()).rejects.toThrow(/foreign key/i);
    await expect(writer.write(batch(['c'], 'teams', { page: 3 }))).rejects.toThrow(/foreign key/i);
    expect(await stored()).toEqual([]);
    expect(await t.store.sync.getCursor(connectionId, 'teams')).toBeNull();
    // A new writer writes.
    const next = t.store.batchWriter();
    await next.write(batch(['d'], 'teams', { page: 3 }));
    await next.drain();
    expect(await stored()).toEqual(['d']);
  });
});

describe('sync batch writer thread (sqlite)', () => {
  // In a process of its own, where nothing else keeps the event loop alive.
  const runScript = async (end: string) => {
    const script = `
      import { openStore } from './src/store/index.ts';
      const store = await openStore({ dataDir: process.argv[1] });
      const c = await store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' });
      const writer = store.batchWriter();
      const team = { externalId: 't', raw: {}, name: 't', divisionId: null };
      await writer.write(store.records.upsertQueries(c.id, 'team', [team], { runId: 'r', at: new Date() }));
      await writer.drain();
      console.log(await store.records.count(c.id, 'team'));
      ${end}
    `;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-writer-'));
    try {
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir], {
        timeout: 20_000,
      });
      return (await run).stdout.trim().split('\n');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };

  it('does not keep a process alive once its batches are written', async () => {
    // A command that forgets to close the store must still exit.
    expect(await runScript('')).toEqual(['1']);
  });

  it('closes with the store even when nothing else keeps the process alive', async () => {
    expect(await runScript("await store.close(); console.log('closed');")).toEqual(['1', 'closed']);
  });
});
