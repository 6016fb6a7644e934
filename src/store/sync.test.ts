import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';

describe.each(dialects)('sync state and runs (%s)', (dialect) => {
  let t: TestStore;
  let connectionId: string;
  beforeEach(async () => {
    t = await openTestStore(dialect);
    connectionId = (await t.store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('keeps one JSON cursor per stream and partition', async () => {
    expect(await t.store.sync.getCursor(connectionId, 'interactions')).toBeNull();
    await t.store.transaction(async (tx) => {
      await t.store.sync.setCursor(tx, connectionId, 'interactions', { until: '2024-05-01T00:00:00Z', ids: [1, 2] });
      await t.store.sync.setCursor(tx, connectionId, 'interactions', 'page-7', 'division-a');
      await t.store.sync.setCursor(tx, connectionId, 'agents', 3);
    });
    await t.store.transaction((tx) => t.store.sync.setCursor(tx, connectionId, 'interactions', { until: '2024-05-02T00:00:00Z' }));

    expect(await t.store.sync.getCursor(connectionId, 'interactions')).toEqual({ until: '2024-05-02T00:00:00Z' });
    expect(await t.store.sync.getCursor(connectionId, 'interactions', 'division-a')).toBe('page-7');
    expect(await t.store.sync.getCursor(connectionId, 'interactions', 'division-b')).toBeNull();
    expect(await t.store.sync.getCursor(connectionId, 'agents')).toBe(3);

    await t.store.sync.clearCursors(connectionId, 'interactions');
    expect(await t.store.sync.getCursor(connectionId, 'interactions')).toBeNull();
    expect(await t.store.sync.getCursor(connectionId, 'interactions', 'division-a')).toBeNull();
    expect(await t.store.sync.getCursor(connectionId, 'agents')).toBe(3);
    await t.store.sync.clearCursors(connectionId);
    expect(await t.store.sync.getCursor(connectionId, 'agents')).toBeNull();
  });

  it('a cursor written in a failed transaction is not kept', async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await t.store.sync.setCursor(tx, connectionId, 'agents', 'advanced');
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await t.store.sync.getCursor(connectionId, 'agents')).toBeNull();
  });

  it('records runs from start to finish and lists them newest first', async () => {
    const startedAt = new Date('2024-06-01T00:00:00.000Z');
    const first = await t.store.sync.startRun({ connectionId, stream: 'agents', startedAt });
    const second = await t.store.sync.startRun({ connectionId, stream: 'teams', startedAt });
    const third = await t.store.sync.startRun({ connectionId, stream: 'queues', startedAt: new Date('2024-05-31T00:00:00Z') });
    expect((await t.store.sync.listRuns()).map((r) => r.id)).toEqual([second, first, third]);

    const running = (await t.store.sync.listRuns({ connectionId, limit: 1 }))[0];
    expect(running).toEqual({
      id: second,
      connectionId,
      stream: 'teams',
      status: 'running',
      startedAt,
      finishedAt: null,
      records: 0,
      pages: 0,
      error: null,
      details: null,
    });

    const finishedAt = new Date('2024-06-01T00:01:00.000Z');
    await t.store.sync.finishRun(first, { status: 'succeeded', finishedAt, records: 120, pages: 3, details: { deleted: 2 } });
    await t.store.sync.finishRun(second, { status: 'failed', finishedAt, records: 0, pages: 0, error: 'HTTP 500' });
    const runs = await t.store.sync.listRuns({ connectionId });
    expect(runs.find((r) => r.id === first)).toMatchObject({
      status: 'succeeded',
      finishedAt,
      records: 120,
      pages: 3,
      error: null,
      details: { deleted: 2 },
    });
    expect(runs.find((r) => r.id === second)).toMatchObject({ status: 'failed', error: 'HTTP 500', details: null });
    await expect(t.store.sync.finishRun(randomUUID(), { status: 'skipped', finishedAt, records: 0, pages: 0 })).rejects.toThrow(
      'no sync run',
    );
  });
});
