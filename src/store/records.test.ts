import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity, EntityRecords, Interaction, Recording } from '../model.ts';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';

/** One record of every entity, with every field set to something non-default. */
const samples: { [E in Entity]: EntityRecords[E] } = {
  agent: {
    externalId: 'a1',
    raw: { id: 'a1', nested: { list: [1, 'two', null] } },
    name: 'Ada',
    email: 'ada@example.test',
    username: 'ada',
    state: 'active',
    divisionId: 'd1',
    teamId: 't1',
  },
  team: { externalId: 't1', raw: { id: 't1' }, name: 'Team One', divisionId: null },
  queue: { externalId: 'q1', raw: { id: 'q1' }, name: 'Support', divisionId: 'd1', description: 'Front line' },
  queueMember: { externalId: 'q1:a1', raw: { joined: true }, queueId: 'q1', agentId: 'a1', joined: false },
  division: { externalId: 'd1', raw: { home: true }, name: 'Home', isHome: true },
  reasonCode: {
    externalId: 'r1',
    raw: { id: 'r1' },
    name: 'Lunch',
    category: 'break',
    isSystem: false,
    active: true,
    code: '42',
    teamIds: ['t1', 't2'],
  },
  wrapUpCode: { externalId: 'w1', raw: 'a bare string payload', name: 'Sold', divisionId: 'd1', teamIds: [] },
  interaction: {
    externalId: 'i1',
    raw: { id: 'i1', text: 'quote " backslash \\ nul \u0000 emoji 😀' },
    channel: 'voice',
    direction: 'inbound',
    startedAt: '2024-05-01T10:00:00.123Z',
    endedAt: null,
    queueIds: ['q1', 'q2'],
    agentIds: ['a1'],
    wrapUpCodeIds: [],
    divisionIds: ['d1'],
    customerAddress: '+15550100',
    dialedAddress: null,
    hasRecording: true,
  },
  recording: {
    externalId: 'rec1',
    raw: { id: 'rec1' },
    interactionId: 'i1',
    mediaKind: 'audio',
    startedAt: '2024-05-01T10:00:01.000Z',
    endedAt: '2024-05-01T10:05:00.000Z',
    contentType: 'audio/ogg',
    bytes: 5_000_000_000,
    sha256: 'a'.repeat(64),
    blobKey: 'i1/rec1.ogg',
    state: 'stored',
    error: null,
  },
};

function interaction(externalId: string, over: Partial<Interaction> = {}): Interaction {
  return { ...samples.interaction, externalId, raw: { id: externalId }, ...over };
}

function recording(externalId: string, interactionId: string, state: Recording['state']): Recording {
  return { ...samples.recording, externalId, interactionId, state };
}

describe.each(dialects)('records (%s)', (dialect) => {
  let t: TestStore;
  let connectionId: string;
  const run = (at = new Date('2024-06-01T00:00:00Z')) => ({ runId: randomUUID(), at });

  beforeEach(async () => {
    t = await openTestStore(dialect);
    connectionId = (await t.store.connections.create({ name: 'c', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it.each(Object.keys(samples) as Entity[])('round-trips every field of %s, raw included', async (entity) => {
    const seen = run();
    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, entity, [samples[entity]], seen));
    const stored = await t.store.records.get(connectionId, entity, samples[entity].externalId);
    expect(stored).toEqual({ ...samples[entity], connectionId, syncedAt: seen.at, deletedAt: null });
  });

  it.each(Object.keys(samples) as Entity[])('writes %s as JSON text that reads back as the stored record', async (entity) => {
    const seen = run();
    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, entity, [samples[entity]], seen));
    const stored = (await t.store.records.get(connectionId, entity, samples[entity].externalId)) as Record<string, unknown>;
    const { externalId, raw, connectionId: _, syncedAt: _at, deletedAt, ...fields } = stored;
    const also = Object.keys(fields);
    const page = await t.store.pages.records({ entity, connectionIds: [connectionId], limit: 2, view: { raw: true }, also });
    const expected = {
      id: `${connectionId}:${externalId as string}`,
      connectionId,
      externalId,
      ...fields,
      syncedAt: seen.at.toISOString(),
      deletedAt,
      raw,
    };
    const written = JSON.parse(page.records[0]?.json ?? 'null') as Record<string, unknown>;
    expect(written).toEqual(expected);
    // The same members in the same order on both databases.
    expect(Object.keys(written)).toEqual(Object.keys(expected));
    // Fields asked for beside the JSON come decoded, as records.get gives them.
    expect(page.records[0]?.also).toEqual(fields);
  });

  it('masks fields in the JSON it writes: whenever they hold a value, or when they contain a text', async () => {
    const agents = [
      samples.agent,
      { ...samples.agent, externalId: 'a2', email: null, username: 'grace@example.test' },
      { ...samples.agent, externalId: 'a3', username: null },
    ];
    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, 'agent', agents, run()));
    const view = { omit: ['teamId'], masks: { email: { text: '[m]' }, username: { text: '[m]', ifContains: '@' } } };
    const page = await t.store.pages.records({ entity: 'agent', connectionIds: [connectionId], limit: 10, view });
    const shown = page.records.map((r) => JSON.parse(r.json) as Record<string, unknown>);
    expect(shown.map(({ email, username }) => ({ email, username }))).toEqual([
      { email: '[m]', username: 'ada' },
      { email: null, username: '[m]' },
      { email: '[m]', username: null },
    ]);
    expect(shown.every((r) => !('teamId' in r) && !('raw' in r))).toBe(true);
  });

  it('stores dates canonically in UTC whatever offset the platform used', async () => {
    await t.store.transaction((tx) =>
      t.store.records.upsert(
        tx,
        connectionId,
        'interaction',
        [interaction('i1', { startedAt: '2024-05-01T12:00:00+02:00', endedAt: '2024-05-01T10:30:00Z' })],
        run(),
      ),
    );
    expect(await t.store.records.get(connectionId, 'interaction', 'i1')).toMatchObject({
      startedAt: '2024-05-01T10:00:00.000Z',
      endedAt: '2024-05-01T10:30:00.000Z',
    });
  });

  it('names the record when a value cannot be stored', async () => {
    const bad = interaction('broken', { startedAt: 'yesterday' });
    await expect(t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, 'interaction', [bad], run()))).rejects.toThrow(
      'interaction broken: not a valid date',
    );
  });

  it('updates existing records, keeps the last duplicate of a batch, and writes batches larger than one statement', async () => {
    const first = Array.from({ length: 2_500 }, (_, i) => interaction(`i${String(i).padStart(5, '0')}`, { channel: 'chat' }));
    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, 'interaction', first, run()));
    const second = [interaction('i00001', { channel: 'email' }), interaction('i00001', { channel: 'video' }), interaction('new')];
    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, 'interaction', second, run()));

    expect(await t.store.records.count(connectionId, 'interaction')).toBe(2_501);
    expect((await t.store.records.get(connectionId, 'interaction', 'i00001'))?.channel).toBe('video');
    expect((await t.store.records.get(connectionId, 'interaction', 'i02499'))?.channel).toBe('chat');
  });

  it('rolls the whole batch back when the transaction fails', async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await t.store.records.upsert(tx, connectionId, 'team', [samples.team], run());
        throw new Error('crash after upsert');
      }),
    ).rejects.toThrow('crash after upsert');
    expect(await t.store.records.count(connectionId, 'team', { includeDeleted: true })).toBe(0);
  });

  it('marks records a snapshot no longer sees as deleted, and revives them when they come back', async () => {
    const team = (id: string) => ({ externalId: id, raw: {}, name: id, divisionId: null });
    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, 'team', [team('t1'), team('t2'), team('t3')], run()));

    const second = run(new Date('2024-06-02T00:00:00Z'));
    const deleted = await t.store.transaction(async (tx) => {
      await t.store.records.upsert(tx, connectionId, 'team', [team('t1')], second);
      return t.store.records.markUnseenDeleted(tx, connectionId, 'team', second.runId, second.at);
    });
    expect(deleted).toBe(2);
    expect(await t.store.records.externalIds(connectionId, 'team')).toEqual(['t1']);
    expect(await t.store.records.externalIds(connectionId, 'team', { includeDeleted: true })).toEqual(['t1', 't2', 't3']);
    expect(await t.store.records.count(connectionId, 'team', { includeDeleted: true })).toBe(3);
    expect((await t.store.records.get(connectionId, 'team', 't2'))?.deletedAt).toEqual(second.at);

    // Marking again does not move the deletion time.
    const third = run(new Date('2024-06-03T00:00:00Z'));
    expect(await t.store.transaction((tx) => t.store.records.markUnseenDeleted(tx, connectionId, 'team', third.runId, third.at))).toBe(1);
    expect((await t.store.records.get(connectionId, 'team', 't2'))?.deletedAt).toEqual(second.at);

    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, 'team', [team('t2')], run()));
    expect((await t.store.records.get(connectionId, 'team', 't2'))?.deletedAt).toBeNull();
  });

  it('keeps connections apart', async () => {
    const other = (await t.store.connections.create({ name: 'other', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
    await t.store.transaction((tx) => t.store.records.upsert(tx, other, 'team', [samples.team], run()));
    expect(await t.store.records.count(connectionId, 'team')).toBe(0);
    expect(await t.store.records.get(connectionId, 'team', 't1')).toBeUndefined();
    const seen = run();
    expect(await t.store.transaction((tx) => t.store.records.markUnseenDeleted(tx, connectionId, 'team', seen.runId, seen.at))).toBe(0);
    expect(await t.store.records.count(other, 'team')).toBe(1);
  });

  it('sorts external ids byte-wise in both dialects', async () => {
    const ids = ['b', 'B', 'a', '_x', '10', '9', 'é'];
    const teams = ids.map((id) => ({ externalId: id, raw: {}, name: id, divisionId: null }));
    await t.store.transaction((tx) => t.store.records.upsert(tx, connectionId, 'team', teams, run()));
    expect(await t.store.records.externalIds(connectionId, 'team')).toEqual(['10', '9', 'B', '_x', 'a', 'b', 'é']);
  });

  describe('pendingParents', () => {
    beforeEach(async () => {
      await t.store.transaction(async (tx) => {
        await t.store.records.upsert(
          tx,
          connectionId,
          'interaction',
          [
            interaction('i1'),
            interaction('i2'),
            interaction('i3'),
            interaction('i4'),
            interaction('i5', { hasRecording: false }),
            interaction('i6'),
          ],
          run(),
        );
        await t.store.records.upsert(
          tx,
          connectionId,
          'recording',
          [recording('r1', 'i1', 'stored'), recording('r2', 'i2', 'failed'), recording('r4', 'i4', 'unavailable')],
          run(),
        );
      });
      const gone = run();
      await t.store.transaction(async (tx) => {
        await t.store.records.upsert(
          tx,
          connectionId,
          'interaction',
          [interaction('i1'), interaction('i2'), interaction('i3'), interaction('i4'), interaction('i5', { hasRecording: false })],
          gone,
        );
        await t.store.records.markUnseenDeleted(tx, connectionId, 'interaction', gone.runId, gone.at);
      });
    });

    const base = {
      parent: 'interaction',
      parentWhere: { hasRecording: true },
      child: 'recording',
      childLinkField: 'interactionId',
    } as const;

    it('lists live parents without a child in a done state', async () => {
      const pending = await t.store.records.pendingParents({
        ...base,
        connectionId,
        childStateField: 'state',
        doneStates: ['stored', 'unavailable'],
        limit: 10,
      });
      expect(pending.map((p) => p.externalId)).toEqual(['i2', 'i3']);
      expect(pending[0]?.record).toEqual(interaction('i2'));
    });

    it('without a state field, any child counts', async () => {
      const pending = await t.store.records.pendingParents({ ...base, connectionId, limit: 10 });
      expect(pending.map((p) => p.externalId)).toEqual(['i3']);
      const ignoringStates = await t.store.records.pendingParents({ ...base, connectionId, doneStates: ['stored'], limit: 10 });
      expect(ignoringStates.map((p) => p.externalId)).toEqual(['i3']);
    });

    it('with no done states, every live parent is pending', async () => {
      const pending = await t.store.records.pendingParents({ ...base, connectionId, childStateField: 'state', doneStates: [], limit: 10 });
      expect(pending.map((p) => p.externalId)).toEqual(['i1', 'i2', 'i3', 'i4']);
    });

    it('pages by external id', async () => {
      const page = { ...base, connectionId, childStateField: 'state', doneStates: ['stored'] };
      const first = await t.store.records.pendingParents({ ...page, limit: 2 });
      expect(first.map((p) => p.externalId)).toEqual(['i2', 'i3']);
      const next = await t.store.records.pendingParents({ ...page, afterExternalId: 'i3', limit: 2 });
      expect(next.map((p) => p.externalId)).toEqual(['i4']);
    });

    it('rejects fields the entity does not have', async () => {
      await expect(
        t.store.records.pendingParents({ ...base, connectionId, parentWhere: { 'x; drop table': 1 }, limit: 1 }),
      ).rejects.toThrow('interaction has no field "x; drop table"');
      await expect(t.store.records.pendingParents({ ...base, connectionId, childLinkField: 'nope', limit: 1 })).rejects.toThrow(
        'recording has no field "nope"',
      );
    });
  });
});
