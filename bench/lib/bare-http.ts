// What the baseline workers share: the bare client a sync is measured against (one keep-alive undici pool,
// no retries, no rate budget, no store), the byte scan that reads a page without decoding it, and the one
// JSON line a baseline prints.
import { Agent, request, type Dispatcher } from 'undici';

/**
 * scan  – the body is never decoded or parsed: records are counted and the next cursor found by byte
 *         search (the least work any client can do with a page; the stricter baseline);
 * parse – the body is parsed with JSON.parse, as a client that does nothing with the data still must.
 */
export type BaselineMode = 'scan' | 'parse';

export interface BaselineResult {
  mode: BaselineMode;
  /** Records received, a record read twice (a page boundary read again) counting twice. */
  records: number;
  pages: number;
  bytes: number;
  /** First request (token) to last page read. */
  seconds: number;
  /** First data page request to last page read. */
  pageSeconds: number;
  maxRssBytes: number;
  cpuSeconds: number;
}

export const DAY_MS = 86_400_000;

/** `Authorization: Basic …` of an OAuth client (client_secret_basic). */
export const basicAuth = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export class BareClient {
  // The engine's pool settings: keep-alive, no pipelining.
  private readonly agent = new Agent({ pipelining: 1, keepAliveTimeout: 30_000 });
  private readonly started = performance.now();

  /** One request; anything but a 2xx is an error (the baseline has no retries to hide behind). */
  async call(
    method: 'GET' | 'POST',
    base: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Dispatcher.ResponseData> {
    const res = await request(new URL(path, base), { method, headers, body, dispatcher: this.agent });
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${await res.body.text()}`);
    return res;
  }

  async json<T>(method: 'GET' | 'POST', base: string, path: string, headers: Record<string, string>, body?: string): Promise<T> {
    return (await (await this.call(method, base, path, headers, body)).body.json()) as T;
  }

  /** Closes the pool and prints the result line, timed from this client's creation. */
  async finish(pagesStarted: number, page: Pick<BaselineResult, 'mode' | 'records' | 'pages' | 'bytes'>): Promise<void> {
    const ended = performance.now();
    await this.agent.close();
    const usage = process.resourceUsage();
    const result: BaselineResult = {
      ...page,
      seconds: (ended - this.started) / 1000,
      pageSeconds: (ended - pagesStarted) / 1000,
      maxRssBytes: usage.maxRSS * 1024,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    };
    console.log(JSON.stringify(result));
  }
}

export interface ScannedBody {
  bytes: number;
  /** Occurrences of the needle: one per record when the needle opens each record. */
  count: number;
  /** The first and the last `keepBytes` of the body (the same bytes when it is shorter). */
  head: Buffer;
  tail: Buffer;
}

/** Reads a body to its end without decoding it, counting a needle and keeping its two ends for cursors. */
export async function scanBody(body: AsyncIterable<Buffer>, needle: Buffer, keepBytes: number): Promise<ScannedBody> {
  let size = 0;
  let count = 0;
  let head: Buffer = Buffer.alloc(0);
  let tail: Buffer = Buffer.alloc(0);
  const overlap = needle.length - 1;
  for await (const chunk of body) {
    size += chunk.length;
    for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + 1)) count++;
    // A match split across two chunks lies wholly within the seam of the last `overlap` bytes of one
    // and the first `overlap` bytes of the next.
    if (tail.length > 0) {
      const seam = Buffer.concat([tail.subarray(-overlap), chunk.subarray(0, overlap)]);
      if (seam.indexOf(needle) >= 0) count++;
    }
    if (head.length < keepBytes) head = Buffer.concat([head, chunk.subarray(0, keepBytes - head.length)]);
    tail = chunk.length >= keepBytes ? chunk.subarray(-keepBytes) : Buffer.concat([tail, chunk]).subarray(-keepBytes);
  }
  return { bytes: size, count, head, tail };
}

/**
 * The JSON value of `"name":` at its last occurrence in `bytes`, as text (a string without its quotes, a
 * number as written), or undefined (absent, null, or cut off). For cursors and totals in a page's head or tail.
 */
export function lastValueOf(bytes: Buffer, name: string): string | undefined {
  const key = Buffer.from(`"${name}":`);
  const at = bytes.lastIndexOf(key);
  if (at < 0) return undefined;
  let start = at + key.length;
  const quoted = bytes[start] === 0x22;
  if (quoted) start++;
  let end = start;
  // A string ends at its closing quote (cursors and timestamps need no unescaping); a number or literal at , } ]
  while (end < bytes.length && (quoted ? bytes[end] !== 0x22 : !SCALAR_END.has(bytes[end] as number))) end++;
  if (end >= bytes.length) return undefined;
  const value = bytes.subarray(start, end).toString('latin1');
  return !quoted && value === 'null' ? undefined : value;
}

const SCALAR_END = new Set([0x2c, 0x7d, 0x5d, 0x20, 0x0a, 0x0d, 0x09]);
