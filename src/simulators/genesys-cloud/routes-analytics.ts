// Analytics conversation details (reference §6.4): the synchronous query (body paging, totalHits), the
// async jobs API (QUEUED → PENDING → FULFILLED over successive polls, cursor-paged results), the
// data-availability watermark, and lookups by id. A conversation is visible when the caller holds
// analytics:conversationDetail:view in at least one of its divisionIds (§7).
import { readJson, type Router } from '../http-kit.ts';
import { compileFilters, parseInterval, parseOrder } from './analytics-query.ts';
import { ok, type ApiContext, type ApiHandler } from './context.ts';
import { MAX_CONVERSATION_MS, type ConversationCore, type ConversationSpace } from './conversations.ts';
import { badRequest, invalidValue, notFound } from './errors.ts';
import { CONVERSATION_DETAIL_VIEW, permittedDivisions } from './permissions.ts';
import { randomId, type AnalyticsJob, type JobState } from './state.ts';

type Json = Record<string, unknown>;

/** How long a job's results stay available (simulated time). */
export const JOB_TTL_MS = 24 * 3_600_000;
const QUERY_MAX_PAGE_SIZE = 100;
const RESULTS_MAX_PAGE_SIZE = 1000;
const BY_ID_MAX = 100;
const iso = (ms: number) => new Date(ms).toISOString();

export function objectBody(ctx: ApiContext): Json {
  let body: unknown;
  try {
    body = readJson(ctx.req);
  } catch {
    throw badRequest();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest();
  return body as Json;
}

/** The conversation test for a caller: division visibility, then the query's filters as of `viewAt`. */
function visibility(
  ctx: ApiContext,
  filter: ((c: Json) => boolean) | undefined,
  viewAt: number,
): ((core: ConversationCore) => boolean) | undefined {
  const held = permittedDivisions(ctx.grants, CONVERSATION_DETAIL_VIEW);
  if (held === '*' && !filter) return undefined;
  const space = ctx.state.conversations;
  return (core) => {
    if (held !== '*' && !core.divisionIds.some((d) => held.has(d))) return false;
    if (!filter) return true;
    const detail = space.detail(core, viewAt);
    return detail !== undefined && filter(detail);
  };
}

/** Indexes in [from, to) passing `test` (all of them when there is none). */
function collect(space: ConversationSpace, from: number, to: number, test?: (core: ConversationCore) => boolean): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (!test || test(space.core(i))) out.push(i);
  return out;
}

function positiveInt(value: unknown, field: string, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw invalidValue(value, field, `1-${max}`);
  return value;
}

function details(space: ConversationSpace, indexes: ArrayLike<number>, viewAt: number): Json[] {
  const out: Json[] = [];
  for (let k = 0; k < indexes.length; k++) {
    const d = space.detail(space.core(indexes[k] as number), viewAt);
    if (d) out.push(d);
  }
  return out;
}

// Conversations that STARTED inside the interval (and not after now), as the simulator reads the
// synchronous endpoint; the async jobs use "activity during the interval" instead.
const detailsQuery: ApiHandler = (ctx) => {
  const body = objectBody(ctx);
  const interval = parseInterval(body.interval);
  const order = parseOrder(body);
  const filter = compileFilters(body);
  const paging = (body.paging ?? {}) as Json;
  if (typeof paging !== 'object' || paging === null) throw badRequest('paging must be an object.');
  const pageSize = positiveInt(paging.pageSize, 'pageSize', QUERY_MAX_PAGE_SIZE, 25);
  const pageNumber = positiveInt(paging.pageNumber, 'pageNumber', Number.MAX_SAFE_INTEGER, 1);
  const space = ctx.state.conversations;
  const from = space.lowerBound(interval.startMs);
  const to = space.lowerBound(Math.min(interval.endMs, ctx.now + 1));
  const matches = collect(space, from, to, visibility(ctx, filter, ctx.now));
  if (order === 'desc') matches.reverse();
  const page = details(space, matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), ctx.now);
  // An empty result is `{"totalHits":0}` with no conversations key (reference §6.4).
  return ok(page.length > 0 ? { conversations: page, totalHits: matches.length } : { totalHits: matches.length });
};

function jobState(job: AnalyticsJob, now: number): JobState {
  if (job.terminal) return job.terminal;
  if (now >= job.expiresAt) return 'EXPIRED';
  return job.polls <= 1 ? 'QUEUED' : job.polls === 2 ? 'PENDING' : 'FULFILLED';
}

const submitJob: ApiHandler = (ctx) => {
  const { state, sim, now } = ctx;
  const body = objectBody(ctx);
  const interval = parseInterval(body.interval);
  const order = parseOrder(body);
  const filter = compileFilters(body);
  const limit = positiveInt(body.limit, 'limit', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const availableAt = now - sim.lagMs;
  const test = visibility(ctx, filter, availableAt);
  const space = state.conversations;
  const job: AnalyticsJob = {
    id: randomId(),
    clientId: ctx.client.id,
    submittedAt: now,
    expiresAt: now + JOB_TTL_MS,
    polls: 0,
    terminal: state.nextJobOutcome,
    availableAt,
    // "Activity during the interval", as the data lake saw it at availableAt: started before the
    // interval end and the watermark, and not ended before the interval start.
    compute: () => {
      const lookBack = space.lowerBound(interval.startMs - MAX_CONVERSATION_MS);
      const inside = space.lowerBound(interval.startMs);
      const end = space.lowerBound(Math.min(interval.endMs, availableAt + 1));
      const activeAcross = (core: ConversationCore) => Math.min(core.endMs, availableAt) >= interval.startMs && (!test || test(core));
      const indexes = [...collect(space, lookBack, Math.min(inside, end), activeAcross), ...collect(space, inside, end, test)];
      if (order === 'desc') indexes.reverse();
      return Uint32Array.from(indexes.slice(0, limit));
    },
  };
  state.nextJobOutcome = undefined;
  state.jobs.set(job.id, job);
  return ok({ jobId: job.id }, 202);
};

/** Jobs belong to the client that submitted them; others get 404. */
function ownedJob(ctx: ApiContext): AnalyticsJob {
  const job = ctx.state.jobs.get(ctx.req.params.jobId as string);
  if (!job || job.clientId !== ctx.client.id) throw notFound();
  return job;
}

const jobStatus: ApiHandler = (ctx) => {
  const job = ownedJob(ctx);
  job.polls++;
  const state = jobState(job, ctx.now);
  return ok({
    state,
    ...(state === 'FAILED' ? { errorMessage: 'The job failed (injected by the simulator).' } : {}),
    submissionDate: iso(job.submittedAt),
    ...(state === 'FULFILLED' ? { completionDate: iso(job.submittedAt + 1000) } : {}),
    expirationDate: iso(job.expiresAt),
  });
};

const cursorFor = (job: AnalyticsJob, offset: number) => Buffer.from(`${job.id}:${offset}`).toString('base64url');

function offsetOf(job: AnalyticsJob, cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const [id, offset] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const n = Number(offset);
  if (id !== job.id || !Number.isInteger(n) || n < 0) throw badRequest(`Invalid cursor [${cursor}].`);
  return n;
}

/** One results page as JSON text; it depends only on the job, the offset and the page size. */
function resultsPage(job: AnalyticsJob, results: Uint32Array, space: ConversationSpace, offset: number, pageSize: number): string {
  const next = offset + pageSize;
  return JSON.stringify({
    conversations: details(space, results.subarray(offset, next), job.availableAt),
    ...(next < results.length ? { cursor: cursorFor(job, next) } : {}),
    dataAvailabilityDate: iso(job.availableAt),
  });
}

const jobResults: ApiHandler = (ctx) => {
  const job = ownedJob(ctx);
  const state = jobState(job, ctx.now);
  if (state !== 'FULFILLED') throw badRequest(`The job is not fulfilled; its state is ${state}.`);
  const pageSize = ctx.req.query.int('pageSize') ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > RESULTS_MAX_PAGE_SIZE) {
    throw invalidValue(ctx.req.query.get('pageSize'), 'pageSize', `1-${RESULTS_MAX_PAGE_SIZE}`);
  }
  const results = (job.results ??= job.compute());
  const space = ctx.state.conversations;
  const offset = offsetOf(job, ctx.req.query.get('cursor'));
  const cached = job.prefetched;
  const body =
    cached && cached.offset === offset && cached.pageSize === pageSize ? cached.body : resultsPage(job, results, space, offset, pageSize);
  job.prefetched = undefined;
  // Clients read pages one after another; building the next page once this one has been sent, while
  // the client parses it, lets a bulk pull keep both cores busy (the benchmark pulls 200 000 this way).
  const next = offset + pageSize;
  const prefetch = () => {
    if (ctx.state.jobs.get(job.id) === job && !job.terminal)
      job.prefetched = { offset: next, pageSize, body: resultsPage(job, results, space, next, pageSize) };
  };
  return { status: 200, headers: { 'content-type': 'application/json' }, body, ...(next < results.length ? { afterSend: prefetch } : {}) };
};

function visibleConversation(ctx: ApiContext, id: string): Json | undefined {
  const space = ctx.state.conversations;
  const index = space.indexOf(id);
  if (index === undefined) return undefined;
  const core = space.core(index);
  const test = visibility(ctx, undefined, ctx.now);
  return !test || test(core) ? space.detail(core, ctx.now) : undefined;
}

export function registerAnalyticsRoutes(api: Router<ApiHandler>): void {
  api.post('/api/v2/analytics/conversations/details/query', detailsQuery);
  api.post('/api/v2/analytics/conversations/details/jobs', submitJob);
  api.get('/api/v2/analytics/conversations/details/jobs/availability', (ctx) => ok({ dataAvailabilityDate: iso(ctx.now - ctx.sim.lagMs) }));
  api.get('/api/v2/analytics/conversations/details/jobs/{jobId}', jobStatus);
  api.get('/api/v2/analytics/conversations/details/jobs/{jobId}/results', jobResults);
  api.delete('/api/v2/analytics/conversations/details/jobs/{jobId}', (ctx) => {
    ownedJob(ctx).terminal = 'CANCELLED';
    return { status: 204 };
  });
  api.get('/api/v2/analytics/conversations/details', (ctx) => {
    const ids = ctx.req.query.all('id');
    if (ids.length === 0) throw badRequest('id is required.');
    if (ids.length > BY_ID_MAX) throw badRequest(`At most ${BY_ID_MAX} conversation ids may be requested at once.`);
    const conversations = ids.map((id) => visibleConversation(ctx, id)).filter((c): c is Json => c !== undefined);
    return ok({ conversations });
  });
  api.get('/api/v2/analytics/conversations/{conversationId}/details', (ctx) => {
    const conversation = visibleConversation(ctx, ctx.req.params.conversationId as string);
    if (!conversation) throw notFound();
    return ok(conversation);
  });
}
