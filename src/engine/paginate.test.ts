import type { ServerResponse } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { PaginationLoopError } from './errors.ts';
import { createHttpClient, type ClosableHttpClient } from './http-client.ts';
import { sendJson, startTestServer, type TestHandler, type TestServer } from './http-test-server.ts';
import { bodyPaging, cursorPaging, mapPages, pageNumber, skipTop } from './paginate.ts';

const all = Array.from({ length: 23 }, (_, i) => ({ id: `r${i}` }));

let server: TestServer | undefined;
let http: ClosableHttpClient | undefined;
afterEach(async () => {
  await http?.close();
  await server?.close();
});

async function serve(handler: TestHandler) {
  server = await startTestServer(handler);
  http = createHttpClient({ baseUrl: server.url, platform: { requestsPerMinute: 0 }, backoff: { baseMs: 1, capMs: 5 } });
  return { server, http };
}

async function collect<P extends { items: unknown[] }>(pages: AsyncIterable<P>): Promise<{ pages: P[]; items: unknown[] }> {
  const seen: P[] = [];
  for await (const page of pages) seen.push(page);
  return { pages: seen, items: seen.flatMap((p) => p.items) };
}

function params(url: string): URLSearchParams {
  return new URL(url, 'http://x').searchParams;
}

describe('pageNumber', () => {
  it('follows nextUri, which carries the query', async () => {
    const { server: s, http: h } = await serve((req, res) => {
      const q = params(req.url);
      const n = Number(q.get('pageNumber'));
      const size = Number(q.get('pageSize'));
      const next = n * size < all.length ? `/api/users?pageSize=${size}&pageNumber=${n + 1}&state=active` : undefined;
      sendJson(res, 200, { entities: all.slice((n - 1) * size, n * size), pageNumber: n, nextUri: next });
    });
    const { pages, items } = await collect(pageNumber({ http: h, url: '/api/users', query: { state: 'active' }, pageSize: 10 }));
    expect(items).toEqual(all);
    expect(pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    expect(s.requests.map((r) => r.url)).toEqual([
      '/api/users?state=active&pageSize=10&pageNumber=1',
      '/api/users?pageSize=10&pageNumber=2&state=active',
      '/api/users?pageSize=10&pageNumber=3&state=active',
    ]);
  });

  it('uses pageCount, and counts items against total when the platform serves smaller pages', async () => {
    const withCount = await serve((req, res) => {
      const n = Number(params(req.url).get('pageNumber'));
      sendJson(res, 200, { entities: all.slice((n - 1) * 10, n * 10), pageNumber: n, pageCount: 3, total: 23 });
    });
    expect((await collect(pageNumber({ http: withCount.http, url: '/q', pageSize: 10 }))).items).toEqual(all);
    expect(withCount.server.requests).toHaveLength(3);
    await http?.close();
    await server?.close();

    // Asked for 10, served 5, and no pageCount: the total still says when to stop.
    const capped = await serve((req, res) => {
      const n = Number(params(req.url).get('pageNumber'));
      sendJson(res, 200, { entities: all.slice((n - 1) * 5, n * 5), total: 23 });
    });
    expect((await collect(pageNumber({ http: capped.http, url: '/q', pageSize: 10 }))).items).toEqual(all);
    expect(capped.server.requests).toHaveLength(5);
  });

  it('ends a listing without total or pageCount when nextUri is absent', async () => {
    const { server: s, http: h } = await serve((req, res) => {
      const n = Number(params(req.url).get('pageNumber'));
      sendJson(res, 200, { entities: all.slice((n - 1) * 10, n * 10), nextUri: n < 2 ? `/m?pageNumber=${n + 1}&pageSize=10` : undefined });
    });
    expect((await collect(pageNumber({ http: h, url: '/m', pageSize: 10 }))).items).toEqual(all.slice(0, 20));
    expect(s.requests).toHaveLength(2);
  });

  it('stops on an empty page, a missing list, and after maxPages', async () => {
    const { server: s, http: h } = await serve((req, res) => {
      const n = Number(params(req.url).get('pageNumber'));
      if (req.url.startsWith('/none')) return sendJson(res, 200, { pageCount: 0, total: 0 });
      sendJson(res, 200, { entities: n > 2 ? [] : all.slice((n - 1) * 10, n * 10), pageCount: 9 });
    });
    expect((await collect(pageNumber({ http: h, url: '/e', pageSize: 10 }))).items).toHaveLength(20);
    expect((await collect(pageNumber({ http: h, url: '/none', pageSize: 10 }))).items).toHaveLength(0);
    expect((await collect(pageNumber({ http: h, url: '/e', pageSize: 10, maxPages: 1 }))).items).toHaveLength(10);
    expect(s.requests).toHaveLength(3 + 1 + 1);
  });

  it('detects the same nextUri twice', async () => {
    const { server: s, http: h } = await serve((_req, res, n) =>
      sendJson(res, 200, { entities: [{ id: `p${n}` }], nextUri: '/l?pageNumber=2' }),
    );
    const err = await collect(pageNumber({ http: h, url: '/l', pageSize: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationLoopError);
    expect((err as Error).message).toMatch(/same next link came back after page 2/);
    expect(s.requests).toHaveLength(2);
  });

  it('detects a platform that ignores pageNumber', async () => {
    const { server: s, http: h } = await serve((_req, res) => sendJson(res, 200, { entities: all.slice(0, 10), pageCount: 5 }));
    const err = await collect(pageNumber({ http: h, url: '/api/users?x=secret', pageSize: 10 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationLoopError);
    expect((err as Error).message).toBe('pagination of /api/users loops: page 2 repeats an earlier page');
    expect(s.requests).toHaveLength(2);
  });
});

describe('skipTop', () => {
  const listing: TestHandler = (req, res) => {
    const q = params(req.url);
    const skip = Number(q.get('skip'));
    // The platform caps top at 5 whatever is asked.
    const top = Math.min(5, Number(q.get('top')));
    const items = all.slice(skip, skip + top);
    if (req.url.startsWith('/nocontent') && items.length === 0) return void res.writeHead(204).end();
    sendJson(res, 200, { totalRecords: req.url.startsWith('/total') ? all.length : undefined, agents: items });
  };

  it('stops when skip reaches the total, without trusting a short page', async () => {
    const { server: s, http: h } = await serve(listing);
    const { pages, items } = await collect(skipTop({ http: h, url: '/total', top: 10, itemsKey: 'agents', totalKey: 'totalRecords' }));
    expect(items).toEqual(all);
    expect(pages.map((p) => p.skip)).toEqual([0, 5, 10, 15, 20]);
    expect(pages[0]?.total).toBe(23);
    expect(s.requests).toHaveLength(5);
  });

  it('stops on 204 or an empty page when there is no total', async () => {
    const { server: s, http: h } = await serve(listing);
    expect((await collect(skipTop({ http: h, url: '/nocontent', top: 5, itemsKey: 'agents' }))).items).toEqual(all);
    expect((await collect(skipTop({ http: h, url: '/empty', top: 5, itemsKey: 'agents' }))).items).toEqual(all);
    expect(s.requests).toHaveLength(12);
  });

  it('detects a platform that ignores skip', async () => {
    const { http: h } = await serve((_req, res) => sendJson(res, 200, { agents: all.slice(0, 5) }));
    await expect(collect(skipTop({ http: h, url: '/agents', top: 5, itemsKey: 'agents' }))).rejects.toBeInstanceOf(PaginationLoopError);
  });
});

describe('bodyPaging', () => {
  it('posts paging in the body and stops at the total', async () => {
    const { server: s, http: h } = await serve((req, res) => {
      const { paging } = JSON.parse(req.body) as { paging: { pageSize: number; pageNumber: number } };
      const from = (paging.pageNumber - 1) * paging.pageSize;
      sendJson(res, 200, { conversations: all.slice(from, from + paging.pageSize), totalHits: 20 });
    });
    const { pages, items } = await collect(
      bodyPaging({ http: h, url: '/query', body: { interval: 'a/b' }, pageSize: 10, itemsKey: 'conversations', totalKey: 'totalHits' }),
    );
    expect(items).toEqual(all.slice(0, 20));
    expect(pages.map((p) => p.pageNumber)).toEqual([1, 2]);
    expect(JSON.parse(s.requests[1]?.body ?? '')).toEqual({ interval: 'a/b', paging: { pageSize: 10, pageNumber: 2 } });
    expect(s.requests.every((r) => r.method === 'POST')).toBe(true);
  });

  it('stops on a short page without a total, and retries the read-only POST on 5xx', async () => {
    const { server: s, http: h } = await serve((req, res, n) => {
      if (n === 2) return sendJson(res, 503, {});
      const { paging } = JSON.parse(req.body) as { paging: { pageSize: number; pageNumber: number } };
      const from = (paging.pageNumber - 1) * paging.pageSize;
      sendJson(res, 200, { conversations: all.slice(from, from + paging.pageSize) });
    });
    expect((await collect(bodyPaging({ http: h, url: '/query', body: {}, pageSize: 10, itemsKey: 'conversations' }))).items).toEqual(all);
    expect(s.requests).toHaveLength(4);
  });

  it('stops on an empty answer and detects a repeated page', async () => {
    const { http: h } = await serve((req, res) =>
      req.url === '/none' ? sendJson(res, 200, { totalHits: 0 }) : sendJson(res, 200, { conversations: all.slice(0, 10) }),
    );
    expect((await collect(bodyPaging({ http: h, url: '/none', body: {}, pageSize: 10, itemsKey: 'conversations' }))).items).toEqual([]);
    await expect(collect(bodyPaging({ http: h, url: '/q', body: {}, pageSize: 10, itemsKey: 'conversations' }))).rejects.toBeInstanceOf(
      PaginationLoopError,
    );
  });
});

describe('cursorPaging', () => {
  const listing: TestHandler = (req, res) => {
    const at = Number(params(req.url).get('cursor') ?? '0');
    const next = at + 10 < all.length ? String(at + 10) : undefined;
    sendJson(res, 200, { conversations: all.slice(at, at + 10), cursor: next });
  };

  it('passes each cursor back until none comes', async () => {
    const { server: s, http: h } = await serve(listing);
    const { pages, items } = await collect(cursorPaging({ http: h, url: '/results', query: { pageSize: 10 }, itemsKey: 'conversations' }));
    expect(items).toEqual(all);
    expect(pages.map((p) => [p.cursor, p.nextCursor])).toEqual([
      [undefined, '10'],
      ['10', '20'],
      ['20', undefined],
    ]);
    expect(s.requests.map((r) => r.url)).toEqual([
      '/results?pageSize=10',
      '/results?pageSize=10&cursor=10',
      '/results?pageSize=10&cursor=20',
    ]);
  });

  it('asks for the next page while the consumer is still busy with this one', async () => {
    const { server: s, http: h } = await serve(listing);
    const pages = cursorPaging({ http: h, url: '/results', itemsKey: 'conversations' })[Symbol.asyncIterator]();
    await pages.next();
    await expect.poll(() => s.requests.length).toBe(2);
    expect(s.requests.map((r) => r.url)).toEqual(['/results', '/results?cursor=10']);
    await pages.return(undefined);
  });

  it('resumes from a saved cursor', async () => {
    const { http: h } = await serve(listing);
    const { items } = await collect(cursorPaging({ http: h, url: '/results', itemsKey: 'conversations', startCursor: '20' }));
    expect(items).toEqual(all.slice(20));
  });

  it('detects a cursor that comes back', async () => {
    const { http: h } = await serve((_req, res, n) => sendJson(res, 200, { entities: [{ n }], next: n % 2 ? 'a' : 'b' }));
    const err = await collect(cursorPaging({ http: h, url: '/c', itemsKey: 'entities', cursorKey: 'next', cursorParam: 'after' })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PaginationLoopError);
    expect((err as Error).message).toMatch(/after page 3/);
  });
});

type TextLister = (h: ClosableHttpClient, keepItemText?: boolean) => AsyncIterable<{ items: unknown[]; itemTexts(): string[] | undefined }>;
const textListers: [string, TextLister][] = [
  ['skipTop', (h, keepItemText) => skipTop({ http: h, url: '/list', top: 2, itemsKey: 'items', keepItemText })],
  ['cursorPaging', (h, keepItemText) => cursorPaging({ http: h, url: '/list', itemsKey: 'items', keepItemText })],
];

describe.each(textListers)('%s keepItemText', (_name, list) => {
  // Two pages of two items, pretty-printed: the texts must be the server's, not a serialisation of ours.
  const items = [
    { id: 'a', note: 'say "}"' },
    { id: 'b', tags: [] },
    { id: 'c', n: 1 },
    { id: 'd', s: 'é\\' },
  ];
  const sendText = (res: ServerResponse, text: string) => void res.writeHead(200, { 'content-type': 'application/json' }).end(text);
  const pretty: TestHandler = (req, res) => {
    const q = params(req.url);
    const at = Number(q.get('skip') ?? q.get('cursor') ?? '0');
    const body = { items: items.slice(at, at + 2), cursor: at + 2 < items.length ? String(at + 2) : undefined };
    sendText(res, JSON.stringify(body, null, 2));
  };

  it('gives each item the text it arrived in', async () => {
    const { http: h } = await serve(pretty);
    const { pages, items: got } = await collect(list(h, true));
    expect(got).toEqual(items);
    const texts = pages.flatMap((p) => p.itemTexts() ?? []);
    expect(texts.map((t) => JSON.parse(t))).toEqual(items);
    expect(texts[0]).toBe(JSON.stringify(items[0], null, 2).replace(/\n/g, '\n    '));
  });

  it('keeps no texts unless asked', async () => {
    const { http: h } = await serve(pretty);
    const { pages } = await collect(list(h));
    expect(pages.map((p) => p.itemTexts())).toEqual([undefined, undefined]);
  });

  it('leaves a page it cannot split to its parsed items', async () => {
    // A space before the colon is valid JSON the splitter does not look for: no texts rather than wrong ones.
    const { http: h } = await serve((_req, res, n) => sendText(res, n === 1 ? '{"items" : [{"id":"a"},{"id":"b"}]}' : '{}'));
    const { pages } = await collect(list(h, true));
    expect(pages.map((p) => [p.items, p.itemTexts()])).toEqual([[[{ id: 'a' }, { id: 'b' }], undefined]]);
  });
});

describe.each(textListers)('mapPages over %s', (_name, list) => {
  const pages: TestHandler = (req, res) => {
    const q = params(req.url);
    const at = Number(q.get('skip') ?? q.get('cursor') ?? '0');
    sendJson(res, 200, { items: all.slice(at, at + 2), cursor: at + 2 < 6 ? String(at + 2) : undefined, totalRecords: 6 });
  };
  // What `for await` inside a stream's own generator would do instead: hold the page at its `yield`.
  async function* mapped(source: AsyncIterable<{ items: unknown[] }>, onPage: (items: unknown[]) => void) {
    for await (const ids of mapPages(source, (page) => (onPage(page.items), page.items.map((i) => (i as { id: string }).id)))) {
      yield ids;
    }
  }

  it('maps each page in order and stops the listing when the consumer stops', async () => {
    const { server: s, http: h } = await serve(pages);
    const seen: string[][] = [];
    for await (const ids of mapped(list(h), () => undefined)) {
      seen.push(ids);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([
      ['r0', 'r1'],
      ['r2', 'r3'],
    ]);
    expect(s.requests).toHaveLength(2);
  });

  it('lets a page be collected once it is mapped, while the generators wait at their yield', async () => {
    const gc = collectGarbage();
    const { http: h } = await serve(pages);
    let page: WeakRef<unknown[]> | undefined;
    const iterator = mapped(list(h), (items) => (page = new WeakRef(items)));
    const first = await iterator.next();
    expect(first.value).toEqual(['r0', 'r1']);
    // Collection is only observable once the turn that made the WeakRef has ended.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(page?.deref()).toBeUndefined();
    await iterator.return(undefined);
  });
});

/** V8's gc(), which vitest's workers are not started with. */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
