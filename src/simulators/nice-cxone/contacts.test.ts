import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContactSpace, iso7, MAX_CONTACT_SPAN_MS } from './contacts.ts';
import { seedDirectory, type SeedParams } from './seed.ts';
import { ACD, startTestClient, type Reply, type TestClient } from './test-client.ts';

const ANCHOR = Date.parse('2025-06-01T09:30:00.000Z');
const DAY = 86_400_000;

describe('ContactSpace', () => {
  const params: SeedParams = { seed: 4, users: 40, queues: 6, conversations: 5000, days: 5, anchorMs: ANCHOR };
  const space = new ContactSpace(params, seedDirectory(params));

  it('orders contacts by lastUpdateTime, all before the anchor but the pending few', () => {
    let previous = -Infinity;
    for (let i = 0; i < space.count; i++) {
      const t = space.timing(i);
      expect(t.lastUpdateMs).toBeGreaterThan(previous);
      expect(t.lastUpdateMs - t.startMs).toBeLessThanOrEqual(MAX_CONTACT_SPAN_MS);
      expect(t.lastUpdateMs).toBeGreaterThanOrEqual(Math.max(t.warehousedMs, t.acwWarehousedMs));
      previous = t.lastUpdateMs;
    }
    expect(space.visibleCount(ANCHOR)).toBe(space.count - space.pendingCount);
    expect(space.visibleCount(ANCHOR + 3_600_000)).toBe(space.count);
    expect(space.startOf(0)).toBeGreaterThanOrEqual(ANCHOR - 5 * DAY - MAX_CONTACT_SPAN_MS);
  });

  it('is deterministic and finds contacts and segments by id', () => {
    const again = new ContactSpace(params, seedDirectory(params));
    expect(again.json(again.core(77))).toEqual(space.json(space.core(77)));
    const core = space.core(4321);
    expect(String(core.contactId)).toMatch(/^\d{16}$/);
    expect(space.indexOfContactId(String(core.contactId))).toBe(4321);
    expect(space.indexOfContactId(String(core.contactId + 1))).toBeUndefined();
    const recorded = Array.from({ length: 50 }, (_, i) => space.core(i)).find((c) => c.recorded) as { index: number };
    expect(space.indexOfSegment(space.segmentIdOf(recorded.index))).toBe(recorded.index);
  });

  it('formats ACD date-times with seven fractional digits', () => {
    for (let ms = ANCHOR - 400 * DAY; ms < ANCHOR; ms += 7_777_777) expect(iso7(ms)).toBe(new Date(ms).toISOString().replace('Z', '0000Z'));
  });
});

let t: TestClient;
const path = `${ACD}/contacts/completed`;
beforeAll(async () => {
  t = await startTestClient({ sizes: { conversations: 12_000, days: 10, users: 30, queues: 5 }, now: '2025-06-01T09:30:00.000Z' });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await t.control('POST', '/_sim/clock', { now: '2025-06-01T09:30:00.000Z', frozen: true });
});

async function pageAll(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | null = `${path}?${query}`;
  let pages = 0;
  while (next) {
    const res: Reply = await t.api(next.startsWith('http') ? next.slice(t.sim.baseUrl.length) : next);
    if (res.status === 204) break;
    pages++;
    ids.push(...res.body.completedContacts.map((c: { contactId: number }) => String(c.contactId)));
    next = res.body._links.next;
  }
  return { ids, pages };
}

describe('GET /contacts/completed', () => {
  it('pages through every completed contact, at most 10 000 per response, as in the truth', async () => {
    const truth = (await t.control('GET', '/_sim/truth')).body;
    const first = await t.api(`${path}?updatedSince=2025-05-22T10:00:00Z&top=25000`);
    expect(first.body.completedContacts).toHaveLength(10_000);
    expect(first.body).toMatchObject({ businessUnitId: expect.any(Number), lastPollTime: '2025-06-01T09:30:00.0000000Z' });
    const { ids, pages } = await pageAll('startDate=2025-05-21T00:00:00Z&endDate=2025-06-02T00:00:00Z&top=25000');
    expect(pages).toBe(2);
    expect(ids.sort()).toEqual(truth.interaction);
    expect(truth.interaction.length).toBe(12_000 - 50);
  });

  it('orders by contact id by default, by lastUpdateTime when asked', async () => {
    const byId = (await t.api(`${path}?top=500`)).body.completedContacts.map((c: { contactId: number }) => c.contactId);
    expect(byId).toEqual([...byId].sort((a, b) => a - b));
    const byUpdate = (await t.api(`${path}?top=500&orderBy=lastUpdateTime asc`)).body.completedContacts;
    const stamps = byUpdate.map((c: { lastUpdateTime: string }) => c.lastUpdateTime);
    expect(stamps).toEqual([...stamps].sort());
    const desc = (await t.api(`${path}?top=3&orderBy=contactStartDate desc`)).body.completedContacts;
    expect(desc[0].contactStartDate >= desc[1].contactStartDate).toBe(true);
    expect((await t.api(`${path}?orderBy=agentSeconds`)).status).toBe(400);
  });

  it('syncs incrementally: lastPollTime fed back as updatedSince yields contacts completed since', async () => {
    const first = await t.api(`${path}?updatedSince=2025-05-31T09:30:00Z&orderBy=lastUpdateTime asc`);
    expect(first.body._links.next).toBeNull();
    // Every pending contact completes within the hour after the anchor (and the token still lives).
    await t.control('POST', '/_sim/clock', { advanceSeconds: 3500 });
    const second = await t.api(`${path}?updatedSince=${first.body.lastPollTime}&orderBy=lastUpdateTime asc`);
    expect(second.body).toMatchObject({ totalRecords: 50 });
    const truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.interaction).toHaveLength(12_000);
    expect(second.body.completedContacts.every((c: { lastUpdateTime: string }) => c.lastUpdateTime >= first.body.lastPollTime)).toBe(true);
  });

  it('limits the window to 30 days', async () => {
    expect((await t.api(`${path}?startDate=2025-04-01T00:00:00Z&endDate=2025-05-15T00:00:00Z`)).body).toEqual({
      error: 'InvalidDateRange',
      error_description: 'The date range may not exceed 30 days.',
    });
    expect((await t.api(`${path}?updatedSince=2025-04-01T00:00:00Z`)).body.error_description).toMatch(/within the last 30 days/);
    expect((await t.api(`${path}?startDate=2025-05-30T00:00:00Z&endDate=2025-05-29T00:00:00Z`)).status).toBe(400);
    // With no dates at all, the window opens at midnight 30 days back: here all ten days of history.
    expect((await t.api(`${path}?top=1`)).body.totalRecords).toBe(12_000 - 50);
  });

  it('filters by start window and by field, and answers 204 on empty', async () => {
    const day = await t.api(`${path}?startDate=2025-05-30T00:00:00Z&endDate=2025-05-31T00:00:00Z&top=10000`);
    for (const c of day.body.completedContacts) expect(c.contactStartDate.slice(0, 10)).toBe('2025-05-30');
    expect(day.body.totalRecords).toBeGreaterThan(900);
    const skillId = day.body.completedContacts[0].skillId;
    const bySkill = await t.api(`${path}?startDate=2025-05-30T00:00:00Z&endDate=2025-05-31T00:00:00Z&skillId=${skillId}&top=10000`);
    expect(bySkill.body.completedContacts.every((c: { skillId: number }) => c.skillId === skillId)).toBe(true);
    expect(bySkill.body.totalRecords).toBeLessThan(day.body.totalRecords);
    const fields = await t.api(`${path}?top=1&fields=contactId,lastUpdateTime`);
    expect(Object.keys(fields.body.completedContacts[0]).sort()).toEqual(['contactId', 'lastUpdateTime']);
    expect((await t.api(`${path}?startDate=2025-06-01T09:00:00Z&endDate=2025-06-01T09:20:00Z&agentId=1`)).status).toBe(204);
    expect((await t.api(`${path}?skip=20000`)).status).toBe(204);
  });

  it('carries the v34 record fields', async () => {
    const c = (await t.api(`${path}?top=1`)).body.completedContacts[0];
    expect(c).toMatchObject({
      contactId: expect.any(Number),
      masterContactId: c.contactId,
      contactStartDate: expect.stringMatching(/\.\d{7}Z$/),
      mediaTypeId: expect.any(Number),
      mediaTypeName: expect.any(String),
      fromAddress: expect.any(String),
      toAddress: expect.any(String),
      primaryDispositionId: expect.any(Number),
      tags: [],
    });
  });
});
