// GET /contacts/completed (reference §4.6): contacts whose record reached the warehouse by the simulated
// now, filtered by a contactStartDate window and/or updatedSince, paged with skip/top at most 10 000 per
// response. The date limits are the reference's UNCONFIRMED 30 days, enforced with a 400 rather than a
// silent clamp, so a client that asks for more learns it instead of losing contacts.
import type { Router } from '../http-kit.ts';
import { iso7, MAX_CONTACT_SPAN_MS, type ContactSpace } from './contacts.ts';
import { noContent, ok, type ApiContext, type ApiHandler } from './context.ts';
import { badRequest } from './errors.ts';
import { dateQuery, links, paging, projection, type PageLimits } from './listing.ts';
import { ACD_PREFIX } from './permissions.ts';
import { TENANT } from './state.ts';

/** "At most 10,000 records per response" (TAP, reference §4.6). */
export const CONTACT_LIMITS: PageLimits = { defaultTop: 10_000, maxTop: 10_000 };
/** The widest startDate–endDate window, and how far back updatedSince may reach (reference §4.6, §9). */
const CONTACT_WINDOW_MS = 30 * 86_400_000;
const DAY_MS = 86_400_000;

/** Equality filters of v34 the simulator honours; tags and analyticsProcessed are not simulated. */
const FIELD_FILTERS = [
  'agentId',
  'teamId',
  'skillId',
  'campaignId',
  'mediaTypeId',
  'mediaSubTypeId',
  'fromAddress',
  'toAddress',
  'isLogged',
  'isRefused',
  'isTakeover',
];

type Order = { field: 'lastupdatetime' | 'contactid' | 'contactstartdate'; desc: boolean };

// The default order is UNCONFIRMED (reference §9). Contact-id order is the defensive guess: a client that
// leaves out orderBy=lastUpdateTime and trusts the last record's lastUpdateTime as its cursor loses data.
function parseOrder(ctx: ApiContext): Order {
  const raw = ctx.req.query.get('orderBy')?.trim();
  if (!raw) return { field: 'contactid', desc: false };
  const [field = '', direction = 'asc'] = raw.split(/\s+/);
  const f = field.toLowerCase();
  const d = direction.toLowerCase();
  if ((f !== 'lastupdatetime' && f !== 'contactid' && f !== 'contactstartdate') || (d !== 'asc' && d !== 'desc'))
    throw badRequest(`Invalid orderBy: ${raw}`, 'InvalidOrderBy');
  return { field: f, desc: d === 'desc' };
}

/** Matching indexes of recent queries, so paging through 200 000 contacts scans and sorts them once. */
const cache = new WeakMap<ContactSpace, Map<string, Uint32Array>>();
const CACHE_ENTRIES = 8;

function select(
  space: ContactSpace,
  lo: number,
  hi: number,
  window: { from: number; to: number } | undefined,
  filters: [string, string][],
  order: Order,
): Uint32Array {
  const key = JSON.stringify([lo, hi, window, filters, order]);
  let entries = cache.get(space);
  if (!entries) cache.set(space, (entries = new Map()));
  const hit = entries.get(key);
  if (hit) return hit;
  const picked: number[] = [];
  for (let i = lo; i < hi; i++) {
    if (window) {
      const start = space.startOf(i);
      if (start < window.from || start >= window.to) continue;
    }
    if (filters.length > 0) {
      const record = space.json(space.core(i));
      if (!filters.every(([f, v]) => String(record[f]).toLowerCase() === v)) continue;
    }
    picked.push(i);
  }
  let out = Uint32Array.from(picked);
  if (order.field !== 'lastupdatetime') {
    const keys = Float64Array.from(picked, (i) => (order.field === 'contactid' ? space.contactIdOf(i) : space.startOf(i)));
    const positions = Uint32Array.from(picked, (_, k) => k).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    out = positions.map((k) => picked[k] as number);
  }
  if (order.desc) out.reverse();
  if (entries.size >= CACHE_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, out);
  return out;
}

const completedContacts: ApiHandler = (ctx) => {
  const { req, now } = ctx;
  const space = ctx.state.contacts;
  const updatedSince = dateQuery(req, 'updatedSince', 'updateSince');
  const startDate = dateQuery(req, 'startDate');
  const endDate = dateQuery(req, 'endDate');
  const order = parseOrder(ctx);
  const page = paging(req, CONTACT_LIMITS);
  if (updatedSince !== undefined && updatedSince < now - CONTACT_WINDOW_MS)
    throw badRequest('updatedSince must be within the last 30 days.', 'InvalidDateRange');
  let window: { from: number; to: number } | undefined;
  if (startDate !== undefined || endDate !== undefined || updatedSince === undefined) {
    const end = endDate ?? now;
    // Without a startDate the window opens at midnight UTC thirty days before its end: a bound that does
    // not move with every request, so that paging through it stays cached.
    const from = startDate ?? Math.floor((end - CONTACT_WINDOW_MS) / DAY_MS) * DAY_MS;
    if (from >= end) throw badRequest('startDate must be before endDate.', 'InvalidDateRange');
    if (startDate !== undefined && end - from > CONTACT_WINDOW_MS)
      throw badRequest('The date range may not exceed 30 days.', 'InvalidDateRange');
    // Every completed contact started before now, so an open end needs no bound.
    window = { from, to: endDate ?? Number.POSITIVE_INFINITY };
  }
  const filters: [string, string][] = [];
  for (const f of FIELD_FILTERS) {
    const v = req.query.get(f);
    if (v !== undefined && v !== '') filters.push([f, v.toLowerCase()]);
  }

  let lo = updatedSince === undefined ? 0 : space.lowerBound(updatedSince);
  let hi = space.visibleCount(now);
  if (window) {
    // A contact's last update follows its start by at most MAX_CONTACT_SPAN_MS.
    lo = Math.max(lo, space.lowerBound(window.from));
    hi = Math.min(hi, space.lowerBound(window.to + MAX_CONTACT_SPAN_MS));
  }
  const contiguous = !window && filters.length === 0 && order.field === 'lastupdatetime' && !order.desc;
  const indexes = contiguous ? undefined : select(space, lo, Math.max(lo, hi), window, filters, order);
  const total = indexes ? indexes.length : Math.max(0, hi - lo);
  const count = Math.max(0, Math.min(page.top, total - page.skip));
  if (count === 0) return noContent();

  const project = projection(req);
  const records = new Array<unknown>(count);
  for (let k = 0; k < count; k++) {
    const i = indexes ? (indexes[page.skip + k] as number) : lo + page.skip + k;
    const record = space.json(space.core(i));
    records[k] = project ? project(record) : record;
  }
  return ok({
    _links: links(ctx, page, count, total),
    businessUnitId: TENANT.businessUnitId,
    completedContacts: records,
    lastPollTime: iso7(now),
    totalRecords: total,
  });
};

export function registerContactRoutes(api: Router<ApiHandler>): void {
  api.get(`${ACD_PREFIX}/contacts/completed`, completedContacts);
}
