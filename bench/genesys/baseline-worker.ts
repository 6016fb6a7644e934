// The baseline a sync is measured against: a bare fetch-and-discard loop over the same analytics job
// pages the interactions stream reads. Token (Basic auth), the same job, polled on the connector's
// schedule, then every results page over one keep-alive undici connection, read fully and dropped.
//
// cursor mode:
//   scan  – the body is never decoded or parsed: conversations are counted and the next cursor found by
//           byte search (the least work any client can do with a page; the default);
//   parse – the body is parsed with JSON.parse, as a client that does nothing with the data still must.
// Prints one JSON line (BaselineResult).
import { Agent, request } from 'undici';
import { workerConfig } from '../lib/processes.ts';

export interface BaselineConfig {
  apiUrl: string;
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  backfillDays: number;
  pageSize: number;
  cursorMode: 'scan' | 'parse';
}

export interface BaselineResult {
  cursorMode: 'scan' | 'parse';
  conversations: number;
  pages: number;
  bytes: number;
  /** Token request to last page read. */
  seconds: number;
  /** First results request to last page read. */
  pageSeconds: number;
  maxRssBytes: number;
  cpuSeconds: number;
}

const JOBS = '/api/v2/analytics/conversations/details/jobs';
const DAY_MS = 86_400_000;
const CONVERSATION = Buffer.from('{"conversationId":"');
const CURSOR = Buffer.from('"cursor":"');
/** Enough of a page's end to hold `"cursor":"…","dataAvailabilityDate":"…"}` whatever the chunking. */
const TAIL_BYTES = 4096;

const cfg = workerConfig<BaselineConfig>();
// The engine's pool settings: keep-alive, no pipelining.
const agent = new Agent({ pipelining: 1, keepAliveTimeout: 30_000 });
const started = performance.now();

async function call(method: 'GET' | 'POST', base: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await request(new URL(path, base), { method, headers, body, dispatcher: agent });
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${await res.body.text()}`);
  return res;
}

const basic = Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString('base64');
const tokenRes = await call(
  'POST',
  cfg.loginUrl,
  '/oauth/token',
  { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
  'grant_type=client_credentials',
);
const { access_token: token } = (await tokenRes.body.json()) as { access_token: string };
const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

// The same window the interactions stream asks for on a first run.
const availability = (await (await call('GET', cfg.apiUrl, `${JOBS}/availability`, headers)).body.json()) as {
  dataAvailabilityDate: string;
};
const now = Date.now();
const to = Math.min(now, Date.parse(availability.dataAvailabilityDate));
const interval = `${new Date(now - cfg.backfillDays * DAY_MS).toISOString()}/${new Date(to).toISOString()}`;
const submitted = await call(
  'POST',
  cfg.apiUrl,
  JOBS,
  { ...headers, 'content-type': 'application/json' },
  JSON.stringify({ interval, order: 'asc', orderBy: 'conversationStart' }),
);
const { jobId } = (await submitted.body.json()) as { jobId: string };

// The connector's polling schedule (200 ms, growing by half), so both pay the same wait.
for (let delay = 200; ; delay = Math.min(delay * 1.5, 5_000)) {
  const status = (await (await call('GET', cfg.apiUrl, `${JOBS}/${jobId}`, headers)).body.json()) as { state: string };
  if (status.state === 'FULFILLED') break;
  if (status.state !== 'QUEUED' && status.state !== 'PENDING') throw new Error(`job ended ${status.state}`);
  await new Promise((resolve) => setTimeout(resolve, delay));
}

const pagesStarted = performance.now();
let cursor: string | undefined;
let conversations = 0;
let pages = 0;
let bytes = 0;
do {
  const query = new URLSearchParams({ pageSize: String(cfg.pageSize), ...(cursor ? { cursor } : {}) });
  const res = await call('GET', cfg.apiUrl, `${JOBS}/${jobId}/results?${query}`, headers);
  pages++;
  if (cfg.cursorMode === 'parse') {
    const text = await res.body.text();
    bytes += Buffer.byteLength(text);
    const page = JSON.parse(text) as { conversations?: unknown[]; cursor?: string };
    conversations += page.conversations?.length ?? 0;
    cursor = page.cursor;
  } else {
    const scanned = await scan(res.body);
    bytes += scanned.bytes;
    conversations += scanned.conversations;
    cursor = scanned.cursor;
  }
} while (cursor);
const ended = performance.now();
await agent.close();

const usage = process.resourceUsage();
const result: BaselineResult = {
  cursorMode: cfg.cursorMode,
  conversations,
  pages,
  bytes,
  seconds: (ended - started) / 1000,
  pageSeconds: (ended - pagesStarted) / 1000,
  maxRssBytes: usage.maxRSS * 1024,
  cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
};
console.log(JSON.stringify(result));

/** Counts conversation objects and finds the cursor in the raw bytes, never decoding the body. */
async function scan(body: AsyncIterable<Buffer>): Promise<{ bytes: number; conversations: number; cursor?: string }> {
  let size = 0;
  let count = 0;
  let tail: Buffer = Buffer.alloc(0);
  const overlap = CONVERSATION.length - 1;
  for await (const chunk of body) {
    size += chunk.length;
    for (let at = chunk.indexOf(CONVERSATION); at >= 0; at = chunk.indexOf(CONVERSATION, at + 1)) count++;
    // A match split across two chunks lies wholly within the seam of the last `overlap` bytes of one
    // and the first `overlap` bytes of the next.
    if (tail.length > 0) {
      const seam = Buffer.concat([tail.subarray(-overlap), chunk.subarray(0, overlap)]);
      if (seam.indexOf(CONVERSATION) >= 0) count++;
    }
    tail = chunk.length >= TAIL_BYTES ? chunk.subarray(-TAIL_BYTES) : Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
  }
  const at = tail.lastIndexOf(CURSOR);
  if (at < 0) return { bytes: size, conversations: count };
  const start = at + CURSOR.length;
  return { bytes: size, conversations: count, cursor: tail.subarray(start, tail.indexOf(0x22, start)).toString('latin1') };
}
