import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';

describe.each(dialects)('doctor results (%s)', (dialect) => {
  let t: TestStore;
  let connectionId: string;
  const connected = async () => {
    const store = await openTestStore(dialect);
    const row = await store.store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' });
    return { store, id: row.id };
  };
  beforeEach(async () => ({ store: t, id: connectionId } = await connected()));
  afterEach(() => t.cleanup());

  const check = (n: number, trigger: 'doctor' | 'sync' = 'doctor') =>
    t.store.doctor.record({
      connectionId,
      // The same instant for every check: the order is insertion order, not the clock's.
      checkedAt: new Date('2024-06-01T10:00:00.000Z'),
      trigger,
      credentialVersion: 1,
      status: n % 2 ? 'failing' : 'ok',
      report: { n, results: [{ feature: 'queues', verdict: 'ok' }] },
    });

  it('keeps every check with its report, newest first', async () => {
    for (let n = 1; n <= 4; n++) await check(n, n === 3 ? 'sync' : 'doctor');
    const history = await t.store.doctor.history(connectionId, 3);
    expect(history.map((h) => (h.report as { n: number }).n)).toEqual([4, 3, 2]);
    expect(history[1]).toMatchObject({
      connectionId,
      trigger: 'sync',
      status: 'failing',
      credentialVersion: 1,
      checkedAt: new Date('2024-06-01T10:00:00.000Z'),
      report: { n: 3, results: [{ feature: 'queues', verdict: 'ok' }] },
    });
    expect(history[0]!.seq).toBeGreaterThan(history[1]!.seq);
  });

  it('goes with its connection', async () => {
    await check(1);
    await t.store.connections.remove(connectionId);
    expect(await t.store.doctor.history(connectionId)).toEqual([]);
  });

  it('names live synced records by a field, grouped by its value', async () => {
    const queue = (externalId: string, name: string, divisionId: string) => ({ externalId, raw: {}, name, divisionId, description: null });
    await t.store.transaction((tx) =>
      t.store.records.upsert(
        tx,
        connectionId,
        'queue',
        [queue('q1', 'Billing', 'd2'), queue('q2', 'Claims', 'd2'), queue('q3', 'Sales', 'd3'), queue('q4', 'Home desk', 'd1')],
        { runId: '00000000-0000-4000-8000-000000000001', at: new Date() },
      ),
    );
    await t.store.transaction((tx) =>
      t.store.records.upsert(
        tx,
        connectionId,
        'queue',
        [queue('q2', 'Claims', 'd2'), queue('q3', 'Sales', 'd3'), queue('q4', 'Home desk', 'd1')],
        {
          runId: '00000000-0000-4000-8000-000000000002',
          at: new Date(),
        },
      ),
    );
    await t.store.transaction((tx) =>
      t.store.records.markUnseenDeleted(tx, connectionId, 'queue', '00000000-0000-4000-8000-000000000002', new Date()),
    );
    expect(await t.store.doctor.namesBy(connectionId, 'queue', 'divisionId', ['d2', 'd3', 'd9'])).toEqual({
      d2: ['Claims'],
      d3: ['Sales'],
    });
    expect(await t.store.doctor.namesBy(connectionId, 'queue', 'divisionId', [])).toEqual({});
  });

  it('changes a connection’s features without touching its credentials or status', async () => {
    await t.store.connections.setStatus(connectionId, 'ok', null);
    const row = await t.store.connections.setFeatures(connectionId, ['queues', 'recordings']);
    expect(row).toMatchObject({ features: ['queues', 'recordings'], status: 'ok', credentialVersion: 1 });
  });
});
