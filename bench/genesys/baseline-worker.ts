// The baseline a Genesys Cloud sync is measured against: a bare fetch-and-discard loop over the same
// analytics job pages the interactions stream reads. Token (Basic auth), the same job, polled on the
// connector's schedule, then every results page over one keep-alive undici connection, read fully and
// dropped; `scan` or `parse` (lib/bare-http.ts). Prints one JSON line (BaselineResult).
import { BareClient, DAY_MS, basicAuth, lastValueOf, scanBody, type BaselineMode } from '../lib/bare-http.ts';
import { workerConfig } from '../lib/processes.ts';

export interface BaselineConfig {
  apiUrl: string;
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  backfillDays: number;
  pageSize: number;
  mode: BaselineMode;
}

const JOBS = '/api/v2/analytics/conversations/details/jobs';
const CONVERSATION = Buffer.from('{"conversationId":"');
/** Enough of a page's end to hold `"cursor":"…","dataAvailabilityDate":"…"}` whatever the chunking. */
const TAIL_BYTES = 4096;

const cfg = workerConfig<BaselineConfig>();
const client = new BareClient();

const { access_token: token } = await client.json<{ access_token: string }>(
  'POST',
  cfg.loginUrl,
  '/oauth/token',
  { authorization: basicAuth(cfg.clientId, cfg.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
  'grant_type=client_credentials',
);
const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

// The same window the interactions stream asks for on a first run.
const availability = await client.json<{ dataAvailabilityDate: string }>('GET', cfg.apiUrl, `${JOBS}/availability`, headers);
const now = Date.now();
const to = Math.min(now, Date.parse(availability.dataAvailabilityDate));
const interval = `${new Date(now - cfg.backfillDays * DAY_MS).toISOString()}/${new Date(to).toISOString()}`;
const { jobId } = await client.json<{ jobId: string }>(
  'POST',
  cfg.apiUrl,
  JOBS,
  { ...headers, 'content-type': 'application/json' },
  JSON.stringify({ interval, order: 'asc', orderBy: 'conversationStart' }),
);

// The connector's polling schedule (200 ms, growing by half), so both pay the same wait.
for (let delay = 200; ; delay = Math.min(delay * 1.5, 5_000)) {
  const status = await client.json<{ state: string }>('GET', cfg.apiUrl, `${JOBS}/${jobId}`, headers);
  if (status.state === 'FULFILLED') break;
  if (status.state !== 'QUEUED' && status.state !== 'PENDING') throw new Error(`job ended ${status.state}`);
  await new Promise((resolve) => setTimeout(resolve, delay));
}

const pagesStarted = performance.now();
let cursor: string | undefined;
let records = 0;
let pages = 0;
let bytes = 0;
do {
  const query = new URLSearchParams({ pageSize: String(cfg.pageSize), ...(cursor ? { cursor } : {}) });
  const res = await client.call('GET', cfg.apiUrl, `${JOBS}/${jobId}/results?${query}`, headers);
  pages++;
  if (cfg.mode === 'parse') {
    const text = await res.body.text();
    bytes += Buffer.byteLength(text);
    const page = JSON.parse(text) as { conversations?: unknown[]; cursor?: string };
    records += page.conversations?.length ?? 0;
    cursor = page.cursor;
  } else {
    const scanned = await scanBody(res.body, CONVERSATION, TAIL_BYTES);
    bytes += scanned.bytes;
    records += scanned.count;
    cursor = lastValueOf(scanned.tail, 'cursor');
  }
} while (cursor);
await client.finish(pagesStarted, { mode: cfg.mode, records, pages, bytes });
