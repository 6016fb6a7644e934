import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestClient, type TestClient } from './test-client.ts';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const WHOLE = `${iso(NOW - 8 * DAY)}/${iso(NOW + DAY)}`;

interface Conversation {
  conversationId: string;
  conversationStart: string;
  conversationEnd?: string;
  divisionIds: string[];
  participants: {
    purpose: string;
    userId?: string;
    sessions: { mediaType: string; recording?: boolean; segments: { segmentType: string; wrapUpCode?: string; queueId?: string }[] }[];
  }[];
}

let t: TestClient;
beforeAll(async () => {
  t = await startTestClient({ now: iso(NOW), sizes: { conversations: 1500, days: 7 } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await t.control('POST', '/_sim/clock', { now: iso(NOW), frozen: true });
});

const query = (body: unknown, token?: string) => t.api('POST', '/api/v2/analytics/conversations/details/query', { body, token });

async function runJob(
  body: unknown,
  token?: string,
): Promise<{ jobId: string; pages: { conversations?: Conversation[]; cursor?: string; dataAvailabilityDate: string }[] }> {
  const submitted = await t.api('POST', '/api/v2/analytics/conversations/details/jobs', { body, token });
  expect(submitted.status).toBe(202);
  const jobId = submitted.body.jobId as string;
  const states: string[] = [];
  for (let i = 0; i < 3; i++)
    states.push((await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${jobId}`, { token })).body.state);
  expect(states).toEqual(['QUEUED', 'PENDING', 'FULFILLED']);
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await t.api(
      'GET',
      `/api/v2/analytics/conversations/details/jobs/${jobId}/results?pageSize=400${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(page.status).toBe(200);
    pages.push(page.body);
    cursor = page.body.cursor;
  } while (cursor);
  return { jobId, pages };
}

describe('synchronous details query', () => {
  it('validates interval and paging', async () => {
    expect((await query({})).body).toMatchObject({ status: 400, code: 'bad.request' });
    expect((await query({ interval: 'yesterday/today' })).body).toMatchObject({ status: 400, code: 'invalid.date' });
    expect((await query({ interval: `${iso(NOW)}/${iso(NOW - DAY)}` })).body.code).toBe('bad.request');
    expect((await query({ interval: WHOLE, paging: { pageSize: 101 } })).status).toBe(400);
    expect((await query({ interval: WHOLE, paging: { pageSize: 100 } })).status).toBe(200);
  });

  it('pages through every conversation started by now, in start order, with totalHits', async () => {
    const truth = (await t.control('GET', '/_sim/truth')).body;
    const ids: string[] = [];
    let starts: string[] = [];
    for (let page = 1; ; page++) {
      const res = await query({ interval: WHOLE, paging: { pageSize: 100, pageNumber: page } });
      expect(res.body.totalHits).toBe(truth.interaction.length);
      if (!res.body.conversations) break;
      for (const c of res.body.conversations as Conversation[]) {
        ids.push(c.conversationId);
        starts.push(c.conversationStart);
      }
    }
    expect(ids.length).toBe(truth.interaction.length);
    expect([...ids].sort()).toEqual(truth.interaction);
    expect(starts).toEqual([...starts].sort());
    const desc = await query({ interval: WHOLE, order: 'desc', paging: { pageSize: 5 } });
    starts = (desc.body.conversations as Conversation[]).map((c) => c.conversationStart);
    expect(starts).toEqual([...starts].sort().reverse());
  });

  it('answers {"totalHits":0} without a conversations key when nothing matches', async () => {
    const res = await query({ interval: `${iso(NOW - 30 * DAY)}/${iso(NOW - 20 * DAY)}` });
    expect(res.body).toEqual({ totalHits: 0 });
  });

  it('returns AnalyticsConversation shapes with customer, acd and agent participants', async () => {
    const wrapups = new Set(
      ((await t.api('GET', '/api/v2/routing/wrapupcodes?pageSize=100')).body.entities as { id: string }[]).map((w) => w.id),
    );
    const res = await query({ interval: WHOLE, paging: { pageSize: 100 } });
    const conversations = res.body.conversations as Conversation[];
    const purposes = new Set(conversations.flatMap((c) => c.participants.map((p) => p.purpose)));
    expect([...purposes].sort()).toEqual(expect.arrayContaining(['acd', 'agent', 'customer']));
    const agentSegments = conversations.flatMap((c) =>
      c.participants.filter((p) => p.purpose === 'agent').flatMap((p) => p.sessions.flatMap((s) => s.segments)),
    );
    const wrapupSegments = agentSegments.filter((s) => s.segmentType === 'wrapup');
    expect(wrapupSegments.length).toBeGreaterThan(0);
    expect(wrapupSegments.every((s) => s.wrapUpCode && wrapups.has(s.wrapUpCode) && s.queueId)).toBe(true);
    expect(conversations.some((c) => c.participants.some((p) => p.sessions.some((s) => s.recording === true)))).toBe(true);
    expect(conversations.every((c) => c.divisionIds.length > 0 && c.conversationEnd)).toBe(true);
  });

  it('shows only conversations in divisions where the permission is held', async () => {
    const divisions = (await t.api('GET', '/api/v2/authorization/divisions')).body.entities as { id: string; name: string }[];
    const sales = (divisions.find((d) => d.name === 'Sales') as { id: string }).id;
    const token = await t.token(await t.clientWith(['analytics:conversationDetail:view'], sales));
    const all = (await query({ interval: WHOLE })).body.totalHits as number;
    const res = await query({ interval: WHOLE, paging: { pageSize: 100 } }, token);
    expect(res.body.totalHits).toBeGreaterThan(0);
    expect(res.body.totalHits).toBeLessThan(all);
    expect((res.body.conversations as Conversation[]).every((c) => c.divisionIds.includes(sales))).toBe(true);
  });

  it('applies segment and conversation filters', async () => {
    const voice = await query({
      interval: WHOLE,
      paging: { pageSize: 100 },
      segmentFilters: [{ type: 'and', predicates: [{ dimension: 'mediaType', value: 'voice' }] }],
    });
    expect(voice.body.totalHits).toBeGreaterThan(0);
    expect((voice.body.conversations as Conversation[]).every((c) => c.participants[0]?.sessions[0]?.mediaType === 'voice')).toBe(true);
    const [first] = voice.body.conversations as Conversation[];
    const byId = await query({
      interval: WHOLE,
      conversationFilters: [{ type: 'or', predicates: [{ dimension: 'conversationId', value: first?.conversationId }] }],
    });
    expect(byId.body.totalHits).toBe(1);
    expect(
      (await query({ interval: WHOLE, segmentFilters: [{ type: 'and', predicates: [{ dimension: 'flowId', value: 'x' }] }] })).status,
    ).toBe(400);
  });
});

describe('async jobs', () => {
  it('runs QUEUED → PENDING → FULFILLED and pages results by cursor up to the availability date', async () => {
    const availability = (await t.api('GET', '/api/v2/analytics/conversations/details/jobs/availability')).body
      .dataAvailabilityDate as string;
    expect(Date.parse(availability)).toBe(NOW - 5 * 60_000);
    const { pages } = await runJob({ interval: WHOLE });
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => p.dataAvailabilityDate === availability)).toBe(true);
    expect(pages.at(-1)).not.toHaveProperty('cursor');
    const conversations = pages.flatMap((p) => p.conversations ?? []);
    const ids = conversations.map((c) => c.conversationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(conversations.every((c) => c.conversationStart <= availability)).toBe(true);
    const truth = (await t.control('GET', '/_sim/truth')).body;
    // Only conversations started in the last few minutes (after the watermark) are missing.
    expect(ids.length).toBeLessThan(truth.interaction.length);
    expect(ids.length).toBeGreaterThan(truth.interaction.length - 60);
  });

  it('includes conversations that started before the interval but were active during it', async () => {
    const sync = await query({ interval: `${iso(NOW - 3 * DAY)}/${iso(NOW - 2 * DAY)}`, paging: { pageSize: 1 } });
    const { pages } = await runJob({ interval: `${iso(NOW - 3 * DAY)}/${iso(NOW - 2 * DAY)}` });
    const jobIds = pages.flatMap((p) => p.conversations ?? []);
    expect(jobIds.length).toBeGreaterThanOrEqual(sync.body.totalHits);
    expect(jobIds.every((c) => (c.conversationEnd as string) >= iso(NOW - 3 * DAY))).toBe(true);
  });

  it('refuses results before fulfilment and page sizes above 1000', async () => {
    const { body } = await t.api('POST', '/api/v2/analytics/conversations/details/jobs', { body: { interval: WHOLE } });
    expect((await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${body.jobId}/results`)).status).toBe(400);
    for (let i = 0; i < 3; i++) await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${body.jobId}`);
    expect((await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${body.jobId}/results?pageSize=1001`)).status).toBe(400);
    expect((await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${body.jobId}/results?cursor=garbage`)).status).toBe(400);
    expect((await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${body.jobId}/results?pageSize=1000`)).status).toBe(200);
  });

  it('cancels with DELETE, fails on request, and expires', async () => {
    const job = async () =>
      (await t.api('POST', '/api/v2/analytics/conversations/details/jobs', { body: { interval: WHOLE } })).body.jobId as string;
    const status = async (id: string, token?: string) =>
      (await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${id}`, { token })).body;
    const cancelled = await job();
    expect((await t.api('DELETE', `/api/v2/analytics/conversations/details/jobs/${cancelled}`)).status).toBe(204);
    expect((await status(cancelled)).state).toBe('CANCELLED');

    await t.control('POST', '/_sim/jobs/fail-next', {});
    const failed = await status(await job());
    expect(failed).toMatchObject({ state: 'FAILED', errorMessage: expect.any(String) });

    const forced = await job();
    await t.control('POST', `/_sim/jobs/${forced}/state`, { state: 'EXPIRED' });
    expect((await status(forced)).state).toBe('EXPIRED');

    const aging = await job();
    await t.control('POST', '/_sim/clock', { advanceSeconds: 25 * 3600 });
    // The old token has expired too (24 h validity); the same client asks with a new one.
    expect((await status(aging, await t.token())).state).toBe('EXPIRED');
  });

  it('keeps jobs private to the client that submitted them', async () => {
    const { body } = await t.api('POST', '/api/v2/analytics/conversations/details/jobs', { body: { interval: WHOLE } });
    const other = await t.token(t.sim.connect.overPrivilegedClient);
    expect((await t.api('GET', `/api/v2/analytics/conversations/details/jobs/${body.jobId}`, { token: other })).status).toBe(404);
  });
});

describe('open conversations and lookups by id', () => {
  it('reports open conversations without an end until the clock passes it', async () => {
    const truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.openInteractions.length).toBeGreaterThan(0);
    const ids = truth.openInteractions.slice(0, 3) as string[];
    const open = await t.api('GET', `/api/v2/analytics/conversations/details?id=${ids.join(',')}`);
    expect((open.body.conversations as Conversation[]).map((c) => c.conversationId).sort()).toEqual(ids);
    expect((open.body.conversations as Conversation[]).every((c) => c.conversationEnd === undefined)).toBe(true);

    await t.control('POST', '/_sim/clock', { advanceSeconds: 3 * 3600 });
    const closed = await t.api('GET', `/api/v2/analytics/conversations/${ids[0]}/details`);
    expect(closed.body.conversationEnd).toEqual(expect.any(String));
    expect((await t.control('GET', '/_sim/truth')).body.openInteractions).toEqual([]);
  });

  it('answers 404 for unknown ids and 400 for too many', async () => {
    expect((await t.api('GET', '/api/v2/analytics/conversations/00000000-0000-4000-8000-000000000000/details')).status).toBe(404);
    expect((await t.api('GET', '/api/v2/analytics/conversations/details')).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `id${i}`).join(',');
    expect((await t.api('GET', `/api/v2/analytics/conversations/details?id=${many}`)).status).toBe(400);
  });

  it('generates the same data for the same seed and clock', async () => {
    const first = (await query({ interval: WHOLE, paging: { pageSize: 20 } })).body;
    await t.reset();
    await t.control('POST', '/_sim/clock', { now: iso(NOW), frozen: true });
    expect((await query({ interval: WHOLE, paging: { pageSize: 20 } })).body).toEqual(first);
    await t.control('POST', '/_sim/seed', { seed: 2 });
    expect((await query({ interval: WHOLE, paging: { pageSize: 20 } }, await t.token())).body).not.toEqual(first);
  });
});
