// Pagination strategies: page number (with next links), skip/top, paging in a POST body, and cursors.
// Each yields non-empty pages, stops on an empty one, and throws PaginationLoopError when a listing
// serves the same next link or the same page twice, rather than paging forever.
import { createHash } from 'node:crypto';
import { PaginationLoopError } from './errors.ts';
import { arrayItemTexts } from './json-items.ts';
import type { HttpClient, QueryValue } from './types.ts';

type Query = Record<string, QueryValue>;

export interface Page<T> {
  items: T[];
  /** The page as the platform sent it (totals, links, anything the strategy does not read). */
  raw: unknown;
  /** Total items in the listing, when the platform says. */
  total?: number;
}

export interface NumberedPage<T> extends Page<T> {
  pageNumber: number;
}

/** A page of a strategy that can keep each item's text (skipTop, cursorPaging). */
interface TextPage<T> extends Page<T> {
  /**
   * With keepItemText: each item's JSON text as received, when the page could be split (else, and without
   * keepItemText, undefined). Split when asked for, so that a stream can send its next request first.
   */
  itemTexts(): string[] | undefined;
}

export interface SkipPage<T> extends TextPage<T> {
  /** Items skipped before this page. */
  skip: number;
}

export interface CursorPage<T> extends TextPage<T> {
  /** The cursor this page was fetched with; undefined for the first page of a fresh listing. */
  cursor?: string;
  /** Resume from here once this page is stored; undefined on the last page. */
  nextCursor?: string;
}

interface ItemTextOption {
  /** Also return each item's JSON text as received, so it can be stored without serialising it again. */
  keepItemText?: boolean;
}

export interface PageNumberOptions {
  http: HttpClient;
  url: string;
  query?: Query;
  pageSize: number;
  /** Default 'entities'. */
  itemsKey?: string;
  /** Stop after this many pages even if the listing goes on. */
  maxPages?: number;
}

/**
 * `pageSize` and `pageNumber` from 1. The response's relative `nextUri` is authoritative when present;
 * without one, `pageCount` or `total` says whether more pages exist, and a listing with neither ends.
 */
export async function* pageNumber<T = unknown>(opts: PageNumberOptions): AsyncGenerator<NumberedPage<T>> {
  const itemsKey = opts.itemsKey ?? 'entities';
  const guard = new LoopGuard(opts.url);
  const pageQuery = (n: number): Query => ({ ...opts.query, pageSize: opts.pageSize, pageNumber: n });
  let next: { url: string; query?: Query } = { url: opts.url, query: pageQuery(1) };
  let seen = 0;
  for (let fetched = 1; ; fetched++) {
    const raw = await opts.http.getJson(next.url, next.query);
    const items = itemsOf<T>(raw, itemsKey, guard.path);
    if (items.length === 0) return;
    guard.page(items);
    seen += items.length;
    const number = numberAt(raw, 'pageNumber') ?? fetched;
    const total = numberAt(raw, 'total');
    yield { items, raw, pageNumber: number, total };
    if (opts.maxPages !== undefined && fetched >= opts.maxPages) return;

    const nextUri = stringAt(raw, 'nextUri');
    if (nextUri) {
      guard.link(nextUri);
      next = { url: nextUri };
      continue;
    }
    const pageCount = numberAt(raw, 'pageCount');
    // Counting items seen rather than multiplying pages keeps working when the platform silently
    // serves smaller pages than asked for.
    const more = pageCount !== undefined ? number < pageCount : total !== undefined && seen < total;
    if (!more) return;
    next = { url: opts.url, query: pageQuery(number + 1) };
  }
}

export interface SkipTopOptions extends ItemTextOption {
  http: HttpClient;
  url: string;
  query?: Query;
  top: number;
  itemsKey: string;
  /** Where the page says how many items the listing has in all. */
  totalKey?: string;
}

/**
 * `skip`/`top`. Ends on an empty page, a 204, or once `skip` reaches the total. A short page does not
 * end it: a platform may cap `top` below what was asked without saying so.
 */
export async function* skipTop<T = unknown>(opts: SkipTopOptions): AsyncGenerator<SkipPage<T>> {
  const guard = new LoopGuard(opts.url);
  let skip = 0;
  const held: Held<SkipPage<T>> = {};
  for (;;) {
    held.page = { ...(await getPage<T>(opts, { ...opts.query, skip, top: opts.top }, guard)), skip };
    const count = held.page.items.length;
    if (count === 0) return;
    const total = opts.totalKey ? numberAt(held.page.raw, opts.totalKey) : undefined;
    held.page.total = total;
    yield handOver(held);
    skip += count;
    if (total !== undefined && skip >= total) return;
  }
}

export interface BodyPagingOptions {
  http: HttpClient;
  url: string;
  query?: Query;
  /** The query body; `paging` is added to it. */
  body: Record<string, unknown>;
  pageSize: number;
  itemsKey: string;
  totalKey?: string;
}

/**
 * POST with `paging: {pageSize, pageNumber}` in the body. Such a POST only reads, so it is retried like a
 * GET. Ends on an empty page or once the total is reached; without a total, on a short page.
 */
export async function* bodyPaging<T = unknown>(opts: BodyPagingOptions): AsyncGenerator<NumberedPage<T>> {
  const guard = new LoopGuard(opts.url);
  let seen = 0;
  for (let number = 1; ; number++) {
    const res = await opts.http.request({
      method: 'POST',
      url: opts.url,
      query: opts.query,
      json: { ...opts.body, paging: { pageSize: opts.pageSize, pageNumber: number } },
      idempotent: true,
    });
    const items = itemsOf<T>(res.body, opts.itemsKey, guard.path);
    if (items.length === 0) return;
    guard.page(items);
    seen += items.length;
    const total = opts.totalKey ? numberAt(res.body, opts.totalKey) : undefined;
    yield { items, raw: res.body, pageNumber: number, total };
    if (total !== undefined ? seen >= total : items.length < opts.pageSize) return;
  }
}

export interface CursorPagingOptions extends ItemTextOption {
  http: HttpClient;
  url: string;
  query?: Query;
  /** Query parameter the cursor is sent in; default 'cursor'. */
  cursorParam?: string;
  /** Response field holding the next cursor; default 'cursor'. */
  cursorKey?: string;
  itemsKey: string;
  /** A cursor saved from an earlier run's `nextCursor`, to resume there. */
  startCursor?: string;
}

/**
 * Sends each page's cursor back until a page comes without one. The next page is requested as soon as its
 * cursor is known, before this one is handed to the consumer: the platform prepares it while this one is
 * mapped and stored. (A consumer that stops early leaves that one request to finish unread.)
 */
export async function* cursorPaging<T = unknown>(opts: CursorPagingOptions): AsyncGenerator<CursorPage<T>> {
  const cursorParam = opts.cursorParam ?? 'cursor';
  const cursorKey = opts.cursorKey ?? 'cursor';
  const guard = new LoopGuard(opts.url);
  let cursor = opts.startCursor || undefined;
  if (cursor) guard.link(cursor);
  const held: Held<CursorPage<T>> = {};
  const fetchAt = (c: string | undefined) => getPage<T>(opts, { ...opts.query, [cursorParam]: c }, guard);
  let next = fetchAt(cursor);
  for (;;) {
    held.page = await next;
    if (held.page.items.length === 0) return;
    const nextCursor = stringAt(held.page.raw, cursorKey);
    held.page.cursor = cursor;
    held.page.nextCursor = nextCursor;
    if (nextCursor) {
      guard.link(nextCursor);
      next = fetchAt(nextCursor);
      next.catch(() => undefined);
      await sendPending();
    }
    yield handOver(held);
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}

/**
 * Lets requests just started reach the network. A request goes out only after a few promise steps (rate
 * budget, token, connection pool); a consumer that maps a page synchronously right after starting the
 * next request would hold it back until it is done, and the platform would prepare the next page only
 * then, instead of while this one is mapped.
 */
export function sendPending(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A page on its way out of a strategy. An async generator suspended at `yield` keeps every local of its
 * frame alive, so a page held in a local would stay in memory until the next one replaces it, long after
 * its consumer has mapped it: 1 000 parsed conversations surviving garbage collections and being copied
 * by each. Strategies keep the page here instead and hand it over as they yield it.
 */
interface Held<P> {
  page?: P;
}

function handOver<P>(held: Held<P>): P {
  const page = held.page as P;
  held.page = undefined;
  return page;
}

/**
 * Each page of `pages` mapped by `map`. Where a stream would write `for await (const page of …)` inside
 * its own generator, which keeps the last page alive while it waits at its `yield` (see Held), this keeps
 * only what `map` returns: big pages are freed as soon as they are mapped.
 */
export async function* mapPages<P, R>(pages: AsyncIterable<P>, map: (page: P) => R): AsyncGenerator<R> {
  const iterator = pages[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await mapNext(iterator, map);
      if (!next) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function mapNext<P, R>(iterator: AsyncIterator<P>, map: (page: P) => R): Promise<{ value: R } | undefined> {
  const result = await iterator.next();
  return result.done ? undefined : { value: map(result.value) };
}

/**
 * GETs one page of a listing and checks it against the earlier ones; no items ends the listing.
 *
 * With keepItemText the item texts are slices of the response text, and a V8 sliced string keeps its
 * parent alive: the whole response lives as long as any of its item texts, that is until the page's
 * records are written and the next page has arrived (suspended generators hold their last page, as they
 * hold its parsed items). The slices are deliberately not copied: the items are nearly the whole
 * response, so copies would take as much memory for as long (twice as much while being made) and cost a
 * pass over the text.
 */
async function getPage<T>(
  opts: { http: HttpClient; url: string; itemsKey: string } & ItemTextOption,
  query: Query,
  guard: LoopGuard,
): Promise<TextPage<T>> {
  const res = await opts.http.request({ method: 'GET', url: opts.url, query, keepText: opts.keepItemText });
  const items = itemsOf<T>(res.body, opts.itemsKey, guard.path);
  const text = res.text;
  const itemTexts = () => (text === undefined ? undefined : arrayItemTexts(text, opts.itemsKey, items.length));
  if (items.length === 0) return { items, raw: res.body, itemTexts };
  guard.page(items);
  return { items, raw: res.body, itemTexts };
}

/** Remembers every next link and a fingerprint of every page of one listing. */
class LoopGuard {
  readonly path: string;
  private readonly links = new Set<string>();
  private readonly pages = new Set<string>();
  private count = 0;

  constructor(url: string) {
    // Messages name the listing without its query string.
    this.path = url.split('?')[0] ?? url;
  }

  link(link: string): void {
    if (this.links.has(link)) {
      throw new PaginationLoopError(this.path, `the same next link came back after page ${this.count}`);
    }
    this.links.add(link);
  }

  /** First and last item plus the count tell pages apart without serialising whole pages. */
  page(items: unknown[]): void {
    this.count++;
    const fingerprint = createHash('sha1')
      .update(`${items.length}\n${JSON.stringify(items[0])}\n${JSON.stringify(items[items.length - 1])}`)
      .digest('base64');
    if (this.pages.has(fingerprint)) {
      throw new PaginationLoopError(this.path, `page ${this.count} repeats an earlier page`);
    }
    this.pages.add(fingerprint);
  }
}

function itemsOf<T>(raw: unknown, key: string, path: string): T[] {
  // An empty body (204) ends the listing.
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object') throw new Error(`${path}: expected a JSON object page, got ${typeof raw}`);
  const items = (raw as Record<string, unknown>)[key];
  // Platforms leave out empty lists; that is an empty page, not an error.
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new Error(`${path}: "${key}" in the page is not a list`);
  return items as T[];
}

function numberAt(raw: unknown, key: string): number | undefined {
  const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringAt(raw: unknown, key: string): string | undefined {
  const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
