// Analytics conversation details as interactions (reference/genesys-cloud-api.md §6.4).
//
// First run: an async details job backfills [runStart - backfillDays, dataAvailabilityDate]; the job id
// and its result cursor are committed with every page so a crash resumes the same job. Later runs move
// forward with the synchronous query in ≤7-day slices, up to the availability watermark and never past
// it. Conversations still open when read are remembered in the cursor and re-read by id until they end.
import { bodyPaging, cursorPaging, mapPages } from '../../../engine/paginate.ts';
import { HttpStatusError } from '../../../engine/errors.ts';
import { RawJson, type TaggedRecord } from '../../../model.ts';
import type { StreamBatch, StreamContext, StreamDefinition } from '../../connector.ts';
import { mapConversation } from '../map.ts';
import { sleep } from './sleep.ts';

type Backfill = { phase: 'backfill'; from: string; to: string; jobId?: string; resultCursor?: string; open: string[] };
type Forward = { phase: 'forward'; since: string; open: string[] };
export type InteractionsCursor = Backfill | Forward;

const DETAILS = '/api/v2/analytics/conversations/details';
const JOBS = `${DETAILS}/jobs`;
const DAY_MS = 86_400_000;
/** The synchronous query's interval limit is not documented for certain; 7 days is the safe slice. */
const QUERY_SLICE_MS = 7 * DAY_MS;
const JOB_ATTEMPTS = 3;
const JOB_WAIT_LIMIT_MS = 30 * 60_000;

type Json = Record<string, unknown>;

class OpenSet {
  private readonly ids: Set<string>;
  /**
   * Conversations open at the start of the run and not read since: only these may need a re-read. Not a
   * set of every id read, which grew with the run (~15 MB of strings at 200 000 conversations).
   */
  private readonly unread: Set<string>;
  constructor(ids: string[]) {
    this.ids = new Set(ids);
    this.unread = new Set(ids);
  }
  /** Maps a page and tracks which conversations are still open; `texts` are the payloads as received. */
  map(conversations: Json[], texts?: string[]): TaggedRecord[] {
    return conversations.map((c, i) => {
      const record = mapConversation(c);
      const text = texts?.[i];
      if (text !== undefined) record.raw = new RawJson(text);
      this.unread.delete(record.externalId);
      if (record.endedAt) this.ids.delete(record.externalId);
      else this.ids.add(record.externalId);
      return { entity: 'interaction', record };
    });
  }
  list(): string[] {
    return [...this.ids];
  }
  /** Open conversations this run has not read yet. */
  stale(): string[] {
    return this.list().filter((id) => this.unread.has(id));
  }
}

export const interactions: StreamDefinition = {
  name: 'interactions',
  entities: ['interaction'],
  kind: 'incremental',
  requires: { any: ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'] },
  description: 'Analytics conversation details (backfill by async job, then the sync query)',
  async *read(ctx) {
    const watermark = await availabilityWatermark(ctx);
    let cursor = (ctx.options.full ? null : (ctx.cursor as InteractionsCursor | null)) ?? {
      phase: 'backfill' as const,
      from: new Date(ctx.runStartedAt.getTime() - ctx.options.backfillDays * DAY_MS).toISOString(),
      to: watermark.toISOString(),
      open: [],
    };
    const open = new OpenSet(cursor.open);
    if (cursor.phase === 'backfill') {
      for await (const batch of backfill(ctx, cursor, open)) {
        yield batch;
        if (batch.cursor) cursor = batch.cursor as InteractionsCursor;
      }
    }
    if (cursor.phase === 'forward') {
      for await (const batch of forward(ctx, cursor, watermark, open)) yield batch;
      cursor = { phase: 'forward', since: maxIso(cursor.since, watermark.toISOString()), open: open.list() };
    }
    yield* reReadOpen(ctx, cursor as Forward, open);
  },
};

/** GET …/details/jobs/availability: jobs only see data up to this instant (datalake lag). */
async function availabilityWatermark(ctx: StreamContext): Promise<Date> {
  const res = await ctx.http.getJson<{ dataAvailabilityDate?: string }>(`${JOBS}/availability`);
  const available = res?.dataAvailabilityDate ? new Date(res.dataAvailabilityDate) : ctx.runStartedAt;
  return available < ctx.runStartedAt ? available : ctx.runStartedAt;
}

async function* backfill(ctx: StreamContext, start: Backfill, open: OpenSet): AsyncIterable<StreamBatch> {
  let state = start;
  for (let attempt = 1; ; attempt++) {
    if (!state.jobId) {
      const submitted = await ctx.http.request<{ jobId: string }>({
        method: 'POST',
        url: JOBS,
        json: { interval: `${state.from}/${state.to}`, order: 'asc', orderBy: 'conversationStart' },
        idempotent: true,
      });
      state = { ...state, jobId: submitted.body.jobId, resultCursor: undefined };
      yield { records: [], cursor: state };
    }
    const outcome = await waitForJob(ctx, state.jobId as string);
    if (outcome === 'FULFILLED') {
      const pages = readJobResults(ctx, state, open);
      const done = yield* pages;
      if (done) break;
    }
    if (attempt >= JOB_ATTEMPTS) throw new Error(`analytics details job ended ${outcome} ${attempt} times; giving up`);
    // The job failed, expired or vanished: resubmit the same window; upserts make re-reading harmless.
    state = { ...state, jobId: undefined, resultCursor: undefined };
  }
  yield { records: [], cursor: { phase: 'forward', since: state.to, open: open.list() } satisfies Forward };
}

async function waitForJob(ctx: StreamContext, jobId: string): Promise<string> {
  const started = Date.now();
  for (let delay = 200; Date.now() - started < JOB_WAIT_LIMIT_MS; delay = Math.min(delay * 1.5, 5_000)) {
    const res = await ctx.http.request<{ state?: string }>({
      method: 'GET',
      url: `${JOBS}/${encodeURIComponent(jobId)}`,
      acceptStatuses: [404],
    });
    if (res.status === 404) return 'MISSING';
    const state = res.body?.state ?? 'UNKNOWN';
    if (state !== 'QUEUED' && state !== 'PENDING') return state;
    await sleep(delay, ctx.signal);
  }
  return 'TIMED_OUT';
}

/** Pages through a fulfilled job's results; returns false when the job vanished mid-way (to resubmit). */
async function* readJobResults(ctx: StreamContext, state: Backfill, open: OpenSet): AsyncGenerator<StreamBatch, boolean> {
  const pageSize = Math.min(1000, ctx.options.maxPageSize ?? 1000);
  try {
    const pages = cursorPaging<Json>({
      http: ctx.http,
      url: `${JOBS}/${encodeURIComponent(state.jobId as string)}/results`,
      query: { pageSize },
      itemsKey: 'conversations',
      startCursor: state.resultCursor,
      // 1 000 conversations of ~2 KB a page: storing their text as received saves re-serialising them.
      keepItemText: true,
    });
    for await (const { records, next } of mapPages(pages, (page) => ({
      records: open.map(page.items, page.itemTexts()),
      next: page.nextCursor,
    }))) {
      if (!next) return yield* finish(records, state, open);
      yield { records, pages: 1, cursor: { ...state, resultCursor: next, open: open.list() } };
    }
  } catch (err) {
    if (err instanceof HttpStatusError && err.status === 404) return false;
    throw err;
  }
  return yield* finish([], state, open);
}

async function* finish(records: TaggedRecord[], state: Backfill, open: OpenSet): AsyncGenerator<StreamBatch, boolean> {
  yield { records, pages: records.length ? 1 : 0, cursor: { phase: 'forward', since: state.to, open: open.list() } satisfies Forward };
  return true;
}

async function* forward(ctx: StreamContext, start: Forward, watermark: Date, open: OpenSet): AsyncIterable<StreamBatch> {
  const pageSize = Math.min(100, ctx.options.maxPageSize ?? 100);
  for (let from = new Date(start.since); from < watermark;) {
    const to = new Date(Math.min(from.getTime() + QUERY_SLICE_MS, watermark.getTime()));
    const interval = `${from.toISOString()}/${to.toISOString()}`;
    for await (const page of bodyPaging<Json>({
      http: ctx.http,
      url: `${DETAILS}/query`,
      body: { interval, order: 'asc', orderBy: 'conversationStart' },
      pageSize,
      itemsKey: 'conversations',
      totalKey: 'totalHits',
    })) {
      yield { records: open.map(page.items), pages: 1 };
    }
    from = to;
    yield { records: [], cursor: { phase: 'forward', since: to.toISOString(), open: open.list() } satisfies Forward };
  }
}

/**
 * GET /api/v2/analytics/conversations/details?id=a,b (at most 100 ids) re-reads conversations that were
 * still open at an earlier sync; a conversation that comes back ended leaves the open list.
 */
async function* reReadOpen(ctx: StreamContext, cursor: Forward, open: OpenSet): AsyncIterable<StreamBatch> {
  const ids = open.stale();
  for (let i = 0; i < ids.length; i += 100) {
    const res = await ctx.http.getJson<{ conversations?: Json[] }>(DETAILS, { id: ids.slice(i, i + 100) });
    yield { records: open.map(res?.conversations ?? []), pages: 1, cursor: { ...cursor, open: open.list() } };
  }
  yield { records: [], cursor: { ...cursor, open: open.list() } };
}

const maxIso = (a: string, b: string) => (new Date(a) > new Date(b) ? a : b);
