// Test helper for the stream unit tests: a StreamContext over an in-memory platform, answering through
// the same HttpClient contract the engine implements (non-2xx statuses throw unless accepted).
import { Readable } from 'node:stream';
import { HttpStatusError } from '../../../engine/errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../engine/types.ts';
import type { PendingParent, StoredBlob, StreamBatch, StreamContext, SyncOptions } from '../../connector.ts';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The body as sent, for a request that keeps the text (keepText); default JSON.stringify(body). */
  text?: string;
  /** For an error: the code and message the connector's readError would give the engine. */
  reading?: { code?: string; message?: string };
}

export interface FakePlatform {
  ctx: StreamContext;
  /** Every request, as a URL with its query. */
  requests: URL[];
  blobs: Map<string, string>;
}

export function fakeContext(
  answer: (url: URL) => FakeAnswer,
  opts: { cursor?: unknown; options?: Partial<SyncOptions>; runStartedAt?: Date; parents?: PendingParent[] } = {},
): FakePlatform {
  const requests: URL[] = [];
  const blobs = new Map<string, string>();
  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = new URL(req.url, 'https://api.test');
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, typeof v === 'object' ? v.join(',') : String(v));
    }
    requests.push(url);
    const got = answer(url);
    if (got.status >= 400 && !req.acceptStatuses?.includes(got.status)) {
      throw new HttpStatusError(got.status, req.method, url.pathname, got.reading?.code, got.reading?.message, got.body);
    }
    const body = req.responseType === 'stream' && got.status < 300 ? Readable.from([Buffer.from(String(got.body))]) : got.body;
    const text = req.keepText && got.body !== undefined ? { text: got.text ?? JSON.stringify(got.body) } : {};
    return { status: got.status, headers: got.headers ?? {}, body: body as T, ...text };
  }
  const http: HttpClient = { request, getJson: async (url, query) => (await request({ method: 'GET', url, query })).body as never };
  const ctx: StreamContext = {
    settings: {},
    secrets: {},
    endpoints: { loginUrl: 'https://issuer.test' },
    http,
    auth: { authorize: async () => 'Bearer test', rejected: () => false },
    signal: new AbortController().signal,
    cursor: opts.cursor ?? null,
    options: { full: false, media: true, backfillDays: 30, ...opts.options },
    runStartedAt: opts.runStartedAt ?? new Date('2026-03-31T12:00:00.000Z'),
    async storeBlob(key, body): Promise<StoredBlob> {
      let text = '';
      for await (const chunk of body) text += String(chunk);
      blobs.set(key, text);
      return { key, sha256: 'a'.repeat(64), bytes: text.length };
    },
    async *pendingParents(_done, size) {
      const parents = opts.parents ?? [];
      for (let i = 0; i < parents.length; i += size) yield parents.slice(i, i + size);
    },
  };
  return { ctx, requests, blobs };
}

export async function collectBatches(source: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const out: StreamBatch[] = [];
  for await (const batch of source) out.push(batch);
  return out;
}
