import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';
import { ConnectionNotFoundError, NameTakenError } from './index.ts';

const input = { name: 'acme', platform: 'demo', settings: { region: 'eu' }, secretsCiphertext: 'v1:abc' };

describe.each(dialects)('connections (%s)', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('creates a connection in status new and finds it by name or id', async () => {
    const row = await t.store.connections.create({ ...input, features: ['recordings'] });
    expect(row).toMatchObject({
      name: 'acme',
      platform: 'demo',
      settings: { region: 'eu' },
      secretsCiphertext: 'v1:abc',
      features: ['recordings'],
      status: 'new',
      statusReason: null,
      statusAt: null,
      credentialVersion: 1,
    });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(await t.store.connections.get('acme')).toEqual(row);
    expect(await t.store.connections.get(row.id)).toEqual(row);
    expect(await t.store.connections.get('nope')).toBeUndefined();
    expect(await t.store.connections.get(randomUUID())).toBeUndefined();
  });

  it('accepts a caller-chosen id', async () => {
    const id = randomUUID();
    expect((await t.store.connections.create({ ...input, id })).id).toBe(id);
  });

  it('refuses a second connection with the same name', async () => {
    await t.store.connections.create(input);
    await expect(t.store.connections.create({ ...input, platform: 'other' })).rejects.toThrow(NameTakenError);
    await expect(t.store.connections.create(input)).rejects.toThrow('a connection named "acme" already exists');
  });

  it('lists connections by name', async () => {
    await t.store.connections.create({ ...input, name: 'zeta' });
    await t.store.connections.create({ ...input, name: 'alpha' });
    expect((await t.store.connections.list()).map((c) => c.name)).toEqual(['alpha', 'zeta']);
  });

  it('new credentials bump the version and reset the status', async () => {
    const row = await t.store.connections.create(input);
    await t.store.connections.setStatus(row.id, 'auth_failed', 'invalid_client');
    const failed = await t.store.connections.get(row.id);
    expect(failed).toMatchObject({ status: 'auth_failed', statusReason: 'invalid_client' });
    expect(failed?.statusAt).toBeInstanceOf(Date);

    const updated = await t.store.connections.updateCredentials(row.id, { secretsCiphertext: 'v1:new' });
    expect(updated).toMatchObject({
      secretsCiphertext: 'v1:new',
      settings: { region: 'eu' },
      credentialVersion: 2,
      status: 'new',
      statusReason: null,
      statusAt: null,
    });

    const resettled = await t.store.connections.updateCredentials(row.id, { settings: { region: 'us' } });
    expect(resettled).toMatchObject({ secretsCiphertext: 'v1:new', settings: { region: 'us' }, credentialVersion: 3 });
    await expect(t.store.connections.updateCredentials(randomUUID(), { settings: {} })).rejects.toThrow(ConnectionNotFoundError);
  });

  it('a verdict about old credentials does not stick to new ones', async () => {
    const row = await t.store.connections.create(input);
    await t.store.connections.updateCredentials(row.id, { secretsCiphertext: 'v1:fixed' });
    await t.store.connections.setStatus(row.id, 'auth_failed', 'stale failure', row.credentialVersion);
    expect(await t.store.connections.get(row.id)).toMatchObject({ status: 'new', credentialVersion: 2 });
    await t.store.connections.setStatus(row.id, 'ok', null, 2);
    expect(await t.store.connections.get(row.id)).toMatchObject({ status: 'ok' });
  });

  it('removing a connection removes its records, cursors and runs, and nothing of others', async () => {
    const gone = await t.store.connections.create(input);
    const kept = await t.store.connections.create({ ...input, name: 'kept' });
    for (const c of [gone, kept]) {
      const runId = await t.store.sync.startRun({ connectionId: c.id, stream: 'teams', startedAt: new Date() });
      await t.store.transaction(async (tx) => {
        await t.store.records.upsert(tx, c.id, 'team', [{ externalId: 't1', raw: {}, name: 'T', divisionId: null }], {
          runId,
          at: new Date(),
        });
        await t.store.sync.setCursor(tx, c.id, 'teams', { page: 2 });
      });
    }
    await t.store.connections.remove(gone.id);

    expect(await t.store.connections.get(gone.id)).toBeUndefined();
    expect(await t.store.records.count(gone.id, 'team', { includeDeleted: true })).toBe(0);
    expect(await t.store.sync.getCursor(gone.id, 'teams')).toBeNull();
    expect(await t.store.sync.listRuns({ connectionId: gone.id })).toEqual([]);

    expect(await t.store.records.count(kept.id, 'team')).toBe(1);
    expect(await t.store.sync.getCursor(kept.id, 'teams')).toEqual({ page: 2 });
    expect(await t.store.sync.listRuns({ connectionId: kept.id })).toHaveLength(1);
  });
});
