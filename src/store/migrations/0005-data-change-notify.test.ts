import { randomUUID } from 'node:crypto';
import { sql } from '../kysely.ts';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, openTestStore, type TestStore } from '../../../test/harness/databases.ts';
import { DATA_CHANGE_CHANNEL } from './0005-data-change-notify.ts';

describe.each(dialects)('migration 0005 (%s)', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('is applied', async () => {
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(t.store.db);
    expect(applied.rows.map((r) => r.name)).toContain('0005_data_change_notify');
  });
});

describe('migration 0005 (postgres)', () => {
  let t: TestStore;
  let listener: pg.Client;
  beforeEach(async () => {
    t = await openTestStore('postgres');
    listener = new pg.Client({ connectionString: t.url });
    await listener.connect();
    await listener.query(`listen ${DATA_CHANGE_CHANNEL}`);
  });
  afterEach(async () => {
    await listener.end();
    await t.cleanup();
  });

  it('puts a statement-level change trigger on every table but the audit trail and the migrator’s own', async () => {
    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.store.db);
    const { rows: triggers } = await sql<{ table: string; type: number }>`
      select c.relname as table, t.tgtype as type from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where not t.tgisinternal and c.relnamespace = current_schema()::regnamespace
        and t.tgfoid = 'switchboard_data_changed'::regproc`.execute(t.store.db);
    const expected = tables.map((r) => r.name).filter((name) => name !== 'api_audit' && !name.startsWith('kysely_'));
    expect(expected).toContain('interactions');
    expect(triggers.map((r) => r.table).sort()).toEqual(expected.sort());
    // pg_trigger.tgtype: after (no BEFORE bit), for each statement (no ROW bit), on INSERT 4 | DELETE 8 | UPDATE 16 | TRUNCATE 32.
    for (const trigger of triggers) expect(trigger.type).toBe(4 | 8 | 16 | 32);
  });

  it('notifies once per committed transaction that changed pages’ tables, never for the audit trail', async () => {
    const received: string[] = [];
    listener.on('notification', (n) => received.push(n.channel));
    await t.store.audit.insert([
      {
        at: new Date(),
        keyId: null,
        keyName: null,
        method: 'GET',
        route: null,
        path: '/v1/teams',
        status: 200,
        errorCode: null,
        connectionIds: [],
        resourceIds: [],
        records: 0,
        durationMs: 1,
        ip: null,
      },
    ]);
    // Two tables and three statements in one transaction: one notification, on commit.
    await t.store.transaction(async (tx) => {
      const { id } = await tx
        .insertInto('connections')
        .values({
          id: randomUUID(),
          name: 'c',
          platform: 'demo',
          settings: '{}',
          secrets_ciphertext: 'v1:x',
          features: '{}',
          status: 'ok',
          credential_version: 1,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const team = { externalId: 't1', raw: {}, name: 'One', divisionId: null };
      await t.store.records.upsert(tx, id, 'team', [team], { runId: randomUUID(), at: new Date() });
      await t.store.records.upsert(tx, id, 'team', [{ ...team, name: 'Uno' }], { runId: randomUUID(), at: new Date() });
      expect(received).toEqual([]);
    });
    // Notifications reach a listener in commit order: once the transaction's has come, an audit insert's
    // would have come before it.
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(received).toEqual([DATA_CHANGE_CHANNEL]);
  });
});
