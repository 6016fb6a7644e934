// Completed contacts as interactions (reference/nice-cxone-api.md §4.6, §6.1).
//
// Forward: GET /contacts/completed?updatedSince=&orderBy=lastUpdateTime asc, paged with skip/top (204 when
// nothing matches, at most 10,000 records per response). Each response is a window of its own: the next
// one starts just before the newest `lastUpdateTime` read instead of skipping further, so records updated
// while we page (which move to the end of the listing) cannot shift an offset past a record unread, and
// progress is committed with every page. Skip only carries on when a whole page shares one timestamp.
//
// Before the updatedSince limit (30 days, UNCONFIRMED) contacts are read by contact start date in windows
// of at most a day, halved while the platform reports more than one response holds.
//
// The cursor is `{since}`: it never passes the run's start, the platform's watermark (`lastPollTime`, the
// earliest seen this run) or the records actually read, and it is committed with the batches.
import { mapPages, sendPending, skipTop } from '../../../engine/paginate.ts';
import { RawJson, type TaggedRecord } from '../../../model.ts';
import type { StreamBatch, StreamContext, StreamDefinition } from '../../connector.ts';
import { CONTACTS_PAGE_SIZE, CONTACTS_REQUEST_SIZE, acdPath } from '../api.ts';
import { mapCompletedContact, parseTime } from '../map.ts';
import { ACD_VIEW } from '../permissions.ts';
import { guardPermissions } from './guard.ts';
import { BOUNDARY_MS, planContactsRun, safeSince, splitWindow, type Window } from './windows.ts';

export interface ContactsCursor {
  since: string;
}

type Json = Record<string, unknown>;
const DAY_MS = 86_400_000;
const COMPLETED = acdPath('contacts/completed');
const requires = { all: [ACD_VIEW] };

/** https://developer.niceincontact.com/API/ReportingAPI (GET /contacts/completed) */
export const interactions: StreamDefinition = {
  name: 'interactions',
  entities: ['interaction'],
  kind: 'incremental',
  requires,
  description: 'Completed contacts, by updatedSince from the last lastPollTime',
  read: guardPermissions(requires, readCompletedContacts),
};

async function* readCompletedContacts(ctx: StreamContext): AsyncIterable<StreamBatch> {
  const saved = ctx.options.full ? undefined : parseTime((ctx.cursor as ContactsCursor | null)?.since);
  const since = saved ?? new Date(ctx.runStartedAt.getTime() - ctx.options.backfillDays * DAY_MS);
  const plan = planContactsRun(since, ctx.runStartedAt);
  const top = Math.min(CONTACTS_PAGE_SIZE, ctx.options.maxPageSize ?? CONTACTS_REQUEST_SIZE);
  for (const window of plan.startWindows) {
    yield* readStartWindow(ctx, window, top);
    yield { records: [], cursor: { since: window.to.toISOString() } satisfies ContactsCursor };
  }
  yield* readUpdatedSince(ctx, plan.updatedSince, top);
}

/**
 * A page's contacts as interactions. `raw` is the contact as received: its JSON text when the page could
 * be split (storing it spares serialising 10 000 contacts of ~1.4 KB again), else the parsed contact.
 */
function tag(page: { items: Json[]; itemTexts(): string[] | undefined }): TaggedRecord[] {
  const texts = page.itemTexts();
  return page.items.map((c, i) => {
    const record = mapCompletedContact(c);
    const text = texts?.[i];
    if (text !== undefined) record.raw = new RawJson(text);
    return { entity: 'interaction', record };
  });
}

/** Contacts started in a window (`startDate`/`endDate`); a window larger than one response is halved first. */
async function* readStartWindow(ctx: StreamContext, window: Window, top: number): AsyncIterable<StreamBatch> {
  const pending: Window[] = [window];
  for (let w = pending.shift(); w; w = pending.shift()) {
    let first = true;
    const pages = skipTop<Json>({
      http: ctx.http,
      url: COMPLETED,
      query: { startDate: w.from.toISOString(), endDate: w.to.toISOString() },
      top,
      itemsKey: 'completedContacts',
      totalKey: 'totalRecords',
      keepItemText: true,
    });
    for await (const page of mapPages(pages, (p) => ({ total: p.total, records: tag(p) }))) {
      const halves = first && page.total !== undefined && page.total > CONTACTS_PAGE_SIZE ? splitWindow(w) : undefined;
      if (halves) {
        pending.unshift(...halves);
        break;
      }
      first = false;
      yield { records: page.records, pages: 1 };
    }
  }
}

/**
 * The updatedSince listing from `start` to its end, one response per window while the order holds. The
 * next request goes out as soon as a response's timestamps say where it starts, before the response is
 * mapped: the platform prepares the next while this one is mapped and stored.
 */
async function* readUpdatedSince(ctx: StreamContext, start: Date, top: number): AsyncIterable<StreamBatch> {
  const runStartedAt = ctx.runStartedAt;
  /** The earliest watermark the platform reported this run. */
  let pollTime: Date | undefined;
  /** The newest lastUpdateTime read. */
  let newest: number | undefined;
  const listing = (from: Date) => {
    const pages = skipTop<Json>({
      http: ctx.http,
      url: COMPLETED,
      query: { updatedSince: from.toISOString(), orderBy: 'lastUpdateTime asc' },
      top,
      itemsKey: 'completedContacts',
      totalKey: 'totalRecords',
      keepItemText: true,
    });
    return { from, pages, ordered: true, previous: -Infinity };
  };
  let current = listing(start);
  let pending = current.pages.next();
  /**
   * The next response's records and where a sync may resume after them. Not inlined in the generator:
   * a generator suspended at its yield would keep the response alive in its frame until the next one.
   */
  const readNext = async (): Promise<{ records: TaggedRecord[]; resumeAt: Date } | undefined> => {
    const read = await pending;
    if (read.done) return undefined;
    const page = read.value;
    const poll = parseTime((page.raw as Json).lastPollTime);
    if (poll && (!pollTime || poll < pollTime)) pollTime = poll;
    for (const item of page.items) {
      const t = parseTime(item.lastUpdateTime)?.getTime();
      // Without a usable order a window cannot end at a timestamp: this listing is read to its end.
      if (t === undefined || t < current.previous) current.ordered = false;
      else current.previous = t;
      if (t !== undefined && (newest === undefined || t > newest)) newest = t;
    }
    const more = page.total === undefined || page.skip + page.items.length < page.total;
    const splitAt = current.ordered && more ? new Date(current.previous - BOUNDARY_MS) : undefined;
    // Inside a listing read on by skip, the only safe place to resume is where it began.
    let resumeAt = current.from;
    if (splitAt && splitAt > current.from) {
      resumeAt = splitAt;
      await current.pages.return(undefined);
      current = listing(splitAt);
    }
    pending = current.pages.next();
    // A failure of the next request surfaces when it is awaited; until then it must not go unhandled.
    pending.catch(() => undefined);
    await sendPending();
    return { records: tag(page), resumeAt };
  };
  try {
    for (let batch = await readNext(); batch; batch = await readNext()) {
      yield { records: batch.records, pages: 1, cursor: { since: safeSince(start, runStartedAt, batch.resumeAt, pollTime).toISOString() } };
    }
  } finally {
    // Not awaited: a consumer that stops early would otherwise wait for the request under way.
    current.pages.return(undefined).catch(() => undefined);
  }
  // The listing ran out: everything the platform had made visible by its watermark has been read.
  const readUpTo = newest === undefined ? undefined : new Date(newest - BOUNDARY_MS);
  yield { records: [], cursor: { since: safeSince(start, runStartedAt, pollTime ?? readUpTo).toISOString() } satisfies ContactsCursor };
}
