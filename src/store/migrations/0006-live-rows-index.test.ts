import { sql } from '../kysely.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../test/harness/databases.ts';

describe('migration 0006 (sqlite)', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore('sqlite');
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it.each(['interactions', 'recordings'] as const)('counts the live %s of a connection from the index, not the table', async (table) => {
    const count = t.store.db
      .selectFrom(table)
      .where('connection_id', '=', 'c')
      .where('deleted_at', 'is', null)
      .select((eb) => eb.fn.countAll().as('n'))
      .compile();
    const plan = await sql.raw<{ detail: string }>(`explain query plan ${count.sql.replace('?', "'c'")}`).execute(t.store.db);
    expect(plan.rows.map((r) => r.detail)).toEqual([`SEARCH ${table} USING INDEX ${table}_live_idx (connection_id=?)`]);
  });
});
