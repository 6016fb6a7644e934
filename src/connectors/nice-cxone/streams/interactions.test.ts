import { describe, expect, it } from 'vitest';
import { MissingPermissionError } from '../../../engine/errors.ts';
import { RawJson } from '../../../model.ts';
import type { StreamBatch } from '../../connector.ts';
import { CONTACTS_REQUEST_SIZE } from '../api.ts';
import { interactions, type ContactsCursor } from './interactions.ts';
import { collectBatches, fakeContext, type FakeAnswer } from './test-context.ts';

const RUN_START = new Date('2026-03-31T12:00:00.000Z');
const POLL = '2026-03-31T11:58:00.0000000Z';

/** Completed contacts on a platform that honours updatedSince, startDate/endDate, orderBy and skip/top (§4.6). */
function platform(count: number, firstUpdate: number, stepMs: number, startsBeforeUpdateMs = 600_000) {
  const contacts = Array.from({ length: count }, (_, i) => ({
    contactId: 1000 + i,
    contactStartDate: new Date(firstUpdate + i * stepMs - startsBeforeUpdateMs).toISOString(),
    lastUpdateTime: new Date(firstUpdate + i * stepMs).toISOString(),
    agentId: 7,
    mediaTypeName: 'Phone Call',
    totalDurationSeconds: 60,
  }));
  return (url: URL): FakeAnswer => {
    const q = url.searchParams;
    const since = q.get('updatedSince');
    const from = q.get('startDate');
    const to = q.get('endDate');
    const matching = contacts.filter(
      (c) => (!since || c.lastUpdateTime >= since) && (!from || c.contactStartDate >= from) && (!to || c.contactStartDate < (to as string)),
    );
    const skip = Number(q.get('skip'));
    const page = matching.slice(skip, skip + Math.min(Number(q.get('top')), 10_000));
    if (!page.length) return { status: 204 };
    return { status: 200, body: { completedContacts: page, totalRecords: matching.length, lastPollTime: POLL } };
  };
}

const ids = (batches: StreamBatch[]) => batches.flatMap((b) => b.records.map((r) => r.record.externalId));
const cursors = (batches: StreamBatch[]) => batches.filter((b) => b.cursor).map((b) => (b.cursor as ContactsCursor).since);

describe('completed contacts', () => {
  it('reads everything updated since the cursor, one response per window, committing as it goes', async () => {
    const { ctx, requests } = fakeContext(platform(30, Date.parse('2026-03-30T00:00:00Z'), 60_000), {
      cursor: { since: '2026-03-29T00:00:00.000Z' },
      options: { maxPageSize: 7 },
      runStartedAt: RUN_START,
    });
    const batches = await collectBatches(interactions.read(ctx));
    expect(new Set(ids(batches)).size).toBe(30);
    expect(requests[0]?.searchParams.get('updatedSince')).toBe('2026-03-29T00:00:00.000Z');
    expect(requests.every((r) => r.searchParams.get('orderBy') === 'lastUpdateTime asc' && r.searchParams.get('skip') === '0')).toBe(true);
    // Each window starts a millisecond before the newest update read, so nothing sharing it is lost.
    expect(requests[1]?.searchParams.get('updatedSince')).toBe('2026-03-30T00:05:59.999Z');
    const committed = cursors(batches);
    expect(committed).toEqual([...committed].sort());
    expect(committed[0]).toBe('2026-03-30T00:05:59.999Z');
    expect(committed.at(-1)).toBe('2026-03-31T11:58:00.000Z');
  });

  it('pages on with skip while a whole page shares one timestamp', async () => {
    const { ctx, requests } = fakeContext(platform(30, Date.parse('2026-03-30T00:00:00Z'), 0), {
      cursor: { since: '2026-03-29T00:00:00.000Z' },
      options: { maxPageSize: 7 },
      runStartedAt: RUN_START,
    });
    const batches = await collectBatches(interactions.read(ctx));
    expect(new Set(ids(batches)).size).toBe(30);
    expect(requests.map((r) => r.searchParams.get('skip'))).toEqual(['0', '0', '7', '14', '21', '28']);
  });

  it('reads a listing the platform does not order to its end, without committing inside it', async () => {
    const ordered = platform(30, Date.parse('2026-03-30T00:00:00Z'), 60_000);
    const shuffled = (url: URL): FakeAnswer => {
      const got = ordered(url);
      const body = got.body as { completedContacts?: { contactId: number }[] } | undefined;
      body?.completedContacts?.reverse();
      return got;
    };
    const { ctx, requests } = fakeContext(shuffled, {
      cursor: { since: '2026-03-29T00:00:00.000Z' },
      options: { maxPageSize: 7 },
      runStartedAt: RUN_START,
    });
    const batches = await collectBatches(interactions.read(ctx));
    expect(new Set(ids(batches)).size).toBe(30);
    expect(new Set(requests.map((r) => r.searchParams.get('updatedSince')))).toEqual(new Set(['2026-03-29T00:00:00.000Z']));
    expect(
      cursors(batches)
        .slice(0, -1)
        .every((c) => c === '2026-03-29T00:00:00.000Z'),
    ).toBe(true);
  });

  it('never moves the cursor past the run start, whatever the watermark says', async () => {
    const { ctx } = fakeContext(platform(3, Date.parse('2026-03-30T00:00:00Z'), 1000), {
      cursor: { since: '2026-03-29T00:00:00.000Z' },
      runStartedAt: new Date('2026-03-31T11:00:00.000Z'),
    });
    expect(cursors(await collectBatches(interactions.read(ctx))).at(-1)).toBe('2026-03-31T11:00:00.000Z');
  });

  it('keeps the cursor where it was when the platform answers 204 and names no watermark', async () => {
    const { ctx } = fakeContext(() => ({ status: 204 }), { cursor: { since: '2026-03-29T00:00:00.000Z' }, runStartedAt: RUN_START });
    const batches = await collectBatches(interactions.read(ctx));
    expect(ids(batches)).toEqual([]);
    expect(cursors(batches)).toEqual(['2026-03-29T00:00:00.000Z']);
  });

  it('never pages deep: a listing of many responses is read in windows of one response each', async () => {
    const { ctx, requests } = fakeContext(platform(25_000, Date.parse('2026-03-30T00:00:00Z'), 1000), {
      cursor: { since: '2026-03-29T00:00:00.000Z' },
      runStartedAt: RUN_START,
    });
    const batches = await collectBatches(interactions.read(ctx));
    expect(new Set(ids(batches)).size).toBe(25_000);
    expect(requests.map((r) => r.searchParams.get('top'))).toEqual(Array(13).fill(String(CONTACTS_REQUEST_SIZE)));
    expect(requests.every((r) => r.searchParams.get('skip') === '0')).toBe(true);
    const committed = cursors(batches);
    expect(committed).toEqual([...committed].sort());
  });

  it('reads what is older than the updatedSince limit by contact start date, halving crowded windows', async () => {
    const old = Date.parse('2026-02-27T00:00:00Z');
    // Contacts that started before the cursor and changed beyond the limit are out of reach; none here.
    const answer = platform(12_000, old, 5000, 0);
    const { ctx, requests } = fakeContext(answer, { cursor: { since: '2026-02-27T00:00:00.000Z' }, runStartedAt: RUN_START });
    const batches = await collectBatches(interactions.read(ctx));
    expect(new Set(ids(batches)).size).toBe(12_000);
    const byStart = requests.filter((r) => r.searchParams.has('startDate'));
    expect(byStart.length).toBeGreaterThan(2);
    // The first day held more than one response's worth: it was asked for again in halves.
    expect(byStart[1]?.searchParams.get('startDate')).toBe('2026-02-27T00:00:00.000Z');
    expect(byStart[1]?.searchParams.get('endDate')).toBe('2026-02-27T12:00:00.000Z');
    expect(requests.at(-1)?.searchParams.has('updatedSince')).toBe(true);
  });

  it('skips with the ACD permission when the platform refuses the read without naming one', async () => {
    const { ctx } = fakeContext(() => ({ status: 403, body: { error: 'Forbidden', error_description: 'Access denied.' } }));
    const err = await collectBatches(interactions.read(ctx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPermissionError);
    expect((err as MissingPermissionError).permissions).toEqual(['ACD: View']);
  });
});

describe('completed contacts raw', () => {
  /**
   * A platform that indents its JSON (so a kept text is told from a serialisation of ours), then passes it
   * through `layout`; `contacts` are the contacts it served, by id.
   */
  function served(layout: (text: string) => string) {
    const contacts = new Map<string, unknown>();
    const answer = platform(40, Date.parse('2026-02-27T00:00:00Z'), 4 * 3_600_000, 0);
    const sent = (url: URL): FakeAnswer => {
      const got = answer(url);
      const body = got.body as { completedContacts: { contactId: number }[] } | undefined;
      for (const c of body?.completedContacts ?? []) contacts.set(String(c.contactId), c);
      return body ? { ...got, text: layout(JSON.stringify(body, null, 1)) } : got;
    };
    // From before the updatedSince limit: read by start date first, then by updatedSince.
    const { ctx, requests } = fakeContext(sent, { cursor: { since: '2026-02-27T00:00:00.000Z' }, runStartedAt: RUN_START });
    return { ctx, requests, contacts };
  }

  it('is each contact as the JSON text it arrived in, by start date and by updatedSince alike', async () => {
    const { ctx, requests, contacts } = served((text) => text);
    const records = (await collectBatches(interactions.read(ctx))).flatMap((b) => b.records.map((r) => r.record));
    expect(requests.some((r) => r.searchParams.has('startDate')) && requests.some((r) => r.searchParams.has('updatedSince'))).toBe(true);
    expect(records).toHaveLength(40);
    for (const record of records) {
      expect(record.raw).toBeInstanceOf(RawJson);
      const text = (record.raw as RawJson).text;
      expect(text).toContain('\n ');
      expect(JSON.parse(text)).toEqual(contacts.get(record.externalId));
    }
  });

  it('is the parsed contact when the response cannot be split into contact texts', async () => {
    // Valid JSON the splitter does not look for (a space before the colon).
    const { ctx, contacts } = served((text) => text.replace('"completedContacts":', '"completedContacts" :'));
    const records = (await collectBatches(interactions.read(ctx))).flatMap((b) => b.records.map((r) => r.record));
    expect(records).toHaveLength(40);
    for (const record of records) expect(record.raw).toEqual(contacts.get(record.externalId));
  });
});
