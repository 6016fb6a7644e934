// The baseline a NICE CXone sync is measured against: a bare fetch-and-discard loop over the same
// completed-contacts responses the interactions stream reads. Token (password grant with the access key,
// Basic auth), tenant discovery from the token's tenantId, then GET /contacts/completed with updatedSince
// and orderBy=lastUpdateTime asc, `top` records a response, each next request starting 1 ms before the
// newest lastUpdateTime read (so the boundary record comes twice, as it does for the connector), over one
// keep-alive undici connection; every body read fully and dropped, `scan` or `parse` (lib/bare-http.ts).
// Prints one JSON line (BaselineResult).
import { BareClient, DAY_MS, basicAuth, lastValueOf, scanBody, type BaselineMode } from '../lib/bare-http.ts';
import { workerConfig } from '../lib/processes.ts';

export interface BaselineConfig {
  issuerUrl: string;
  accessKeyId: string;
  accessKeySecret: string;
  clientId: string;
  clientSecret: string;
  backfillDays: number;
  top: number;
  mode: BaselineMode;
}

interface CompletedContacts {
  completedContacts?: Array<{ lastUpdateTime?: string }>;
  totalRecords?: number;
}

const COMPLETED = '/inContactAPI/services/v34.0/contacts/completed';
/** The connector re-reads from this much before the newest lastUpdateTime (streams/windows.ts, BOUNDARY_MS). */
const BOUNDARY_MS = 1;
const CONTACT = Buffer.from('{"contactId":');
/** Enough of a page's end to hold its last record (about 1.4 KB) and `"lastPollTime":…,"totalRecords":…}`. */
const TAIL_BYTES = 8192;

const cfg = workerConfig<BaselineConfig>();
const client = new BareClient();

const form = new URLSearchParams({ grant_type: 'password', username: cfg.accessKeyId, password: cfg.accessKeySecret });
const { access_token: token } = await client.json<{ access_token: string }>(
  'POST',
  cfg.issuerUrl,
  '/auth/token',
  {
    authorization: basicAuth(cfg.clientId, cfg.clientSecret),
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  },
  form.toString(),
);
const { tenantId } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tenantId: string };
const { api_endpoint: apiUrl } = await client.json<{ api_endpoint: string }>(
  'GET',
  cfg.issuerUrl,
  `/.well-known/cxone-configuration?${new URLSearchParams({ tenantId })}`,
  { accept: 'application/json' },
);
const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

const pagesStarted = performance.now();
let from = Date.now() - cfg.backfillDays * DAY_MS;
let skip = 0;
let records = 0;
let pages = 0;
let bytes = 0;
for (;;) {
  const query = new URLSearchParams({
    updatedSince: new Date(from).toISOString(),
    orderBy: 'lastUpdateTime asc',
    skip: String(skip),
    top: String(cfg.top),
  });
  const res = await client.call('GET', apiUrl, `${COMPLETED}?${query}`, headers);
  pages++;
  let count: number;
  let total: number | undefined;
  let last: string | undefined;
  if (cfg.mode === 'parse') {
    const text = await res.body.text();
    bytes += Buffer.byteLength(text);
    const page = (text ? JSON.parse(text) : {}) as CompletedContacts;
    count = page.completedContacts?.length ?? 0;
    total = page.totalRecords;
    last = page.completedContacts?.[count - 1]?.lastUpdateTime;
  } else {
    const scanned = await scanBody(res.body, CONTACT, TAIL_BYTES);
    bytes += scanned.bytes;
    count = scanned.count;
    total = Number(lastValueOf(scanned.tail, 'totalRecords') ?? Number.NaN);
    last = lastValueOf(scanned.tail, 'lastUpdateTime');
  }
  // 204 (nothing left) or the listing read to its end.
  if (count === 0) break;
  records += count;
  if (total === undefined || Number.isNaN(total)) throw new Error(`page ${pages} has no totalRecords`);
  if (skip + count >= total) break;
  const splitAt = Date.parse(last ?? '') - BOUNDARY_MS;
  if (Number.isNaN(splitAt)) throw new Error(`page ${pages}: no lastUpdateTime in its last record`);
  // A new window from just before the newest record read; skip on only when a whole page shares one instant.
  if (splitAt > from) {
    from = splitAt;
    skip = 0;
  } else skip += count;
}
await client.finish(pagesStarted, { mode: cfg.mode, records, pages, bytes });
