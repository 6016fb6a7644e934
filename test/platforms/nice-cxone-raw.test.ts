// NICE CXone interactions keep each completed contact as the platform served it: the stream stores the
// contact's JSON text as received (not a serialisation of the parsed contact), and what the store gives
// back must be the very contact the simulator's listing holds, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNiceCxoneSimulator } from '../../src/simulators/index.ts';
import { dialects } from '../harness/databases.ts';
import { niceCxoneHarness, simJson } from '../harness/platforms.ts';
import { connectTo, syncNow, type TestConnection } from '../harness/sync-harness.ts';

const COMPLETED = '/inContactAPI/services/v34.0/contacts/completed';

type Contact = Record<string, unknown> & { contactId: number };

/** Every completed contact the least-privilege key can list, parsed from the simulator's own response. */
async function servedContacts(sim: RunningNiceCxoneSimulator): Promise<Contact[]> {
  const key = sim.connect.leastPrivilege;
  const tokenRes = await fetch(`${sim.baseUrl}/auth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${key.clientId}:${key.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'password', username: key.accessKeyId, password: key.accessKeySecret }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const { now } = await simJson<{ now: string }>(sim, '/_sim/clock');
  const query = new URLSearchParams({ updatedSince: new Date(Date.parse(now) - 29 * 86_400_000).toISOString(), top: '10000' });
  const res = await fetch(`${sim.connect.apiUrl}${COMPLETED}?${query}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  const page = JSON.parse(await res.text()) as { completedContacts: Contact[]; totalRecords: number };
  expect(page.completedContacts).toHaveLength(page.totalRecords);
  return page.completedContacts;
}

describe.each(dialects)('NICE CXone interactions raw (%s)', (dialect) => {
  let sim: RunningNiceCxoneSimulator;
  let conn: TestConnection | undefined;
  beforeAll(async () => {
    sim = await niceCxoneHarness.start({ sizes: { users: 12, queues: 3, conversations: 300, days: 3 }, seed: 11 });
  });
  afterAll(async () => {
    await conn?.cleanup();
    await sim.close();
  });

  it('stores each completed contact exactly as the platform served it', async () => {
    conn = await connectTo(dialect, 'nice-cxone', niceCxoneHarness.credentials(sim));
    // Several responses, so contacts come from more than one page's text.
    const summary = await syncNow(conn, { maxPageSize: 70, media: false }, { streams: ['interactions'] });
    expect(summary.streams.map((s) => [s.stream, s.status])).toEqual([['interactions', 'succeeded']]);
    expect(summary.streams[0]?.pages).toBeGreaterThan(3);

    const served = await servedContacts(sim);
    expect(served.length).toBeGreaterThan(200);
    const row = await conn.connection();
    expect(await conn.svc.store.records.externalIds(row.id, 'interaction')).toEqual(served.map((c) => String(c.contactId)).sort());
    for (const contact of served) {
      const stored = await conn.svc.store.records.get(row.id, 'interaction', String(contact.contactId));
      expect(stored?.raw, `contact ${contact.contactId}`).toEqual(contact);
    }
  });
});
