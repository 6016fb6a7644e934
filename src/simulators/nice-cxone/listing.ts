// ACD list conventions (reference §4.0, §6.1): skip/top paging with a per-response cap applied silently,
// the envelope `{_links: {self, next, previous}, businessUnitId, lastPollTime, totalRecords, <items>}`
// with absolute links, 204 with an empty body when a page has nothing, `fields=` projection, `orderBy=`
// ("lastUpdateTime asc") and date-times in ISO-8601.
import type { SimRequest, SimResponse } from '../http-kit.ts';
import { iso7 } from './contacts.ts';
import { noContent, ok, type ApiContext } from './context.ts';
import { badRequest } from './errors.ts';
import { TENANT } from './state.ts';

export type Json = Record<string, unknown>;

export interface PageLimits {
  /** `top` when the request names none. */
  defaultTop: number;
  /** At most this many records per response, whatever `top` asks for. */
  maxTop: number;
}

/**
 * Admin lists: "default 50, max 100" is one client's claim (reference §6.1, UNCONFIRMED); the simulator
 * holds to it, so a client that requests more and stops at the first short page is caught.
 */
export const ADMIN_LIMITS: PageLimits = { defaultTop: 50, maxTop: 100 };

export interface Paging {
  skip: number;
  top: number;
}

export function paging(req: SimRequest, limits: PageLimits): Paging {
  const skip = req.query.int('skip') ?? 0;
  const top = req.query.int('top') ?? limits.defaultTop;
  if (!Number.isInteger(skip) || skip < 0) throw badRequest(`Invalid value for skip: ${req.query.get('skip')}`);
  if (!Number.isInteger(top) || top < 1) throw badRequest(`Invalid value for top: ${req.query.get('top')}`);
  return { skip, top: Math.min(top, limits.maxTop) };
}

/** The same request with other skip/top values, as an absolute URL. */
function pageUrl(ctx: ApiContext, skip: number, top: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of ctx.req.query.params) {
    const k = key.toLowerCase();
    if (k !== 'skip' && k !== 'top') params.append(key, value);
  }
  params.set('skip', String(skip));
  params.set('top', String(top));
  return `${ctx.sim.baseUrl}${ctx.req.path}?${params.toString()}`;
}

export function links(ctx: ApiContext, page: Paging, returned: number, total: number): Json {
  const search = ctx.req.query.params.toString();
  return {
    self: `${ctx.sim.baseUrl}${ctx.req.path}${search ? `?${search}` : ''}`,
    next: page.skip + returned < total ? pageUrl(ctx, page.skip + returned, page.top) : null,
    previous: page.skip > 0 ? pageUrl(ctx, Math.max(0, page.skip - page.top), page.top) : null,
  };
}

export interface EnvelopeOptions {
  limits?: PageLimits;
  /** The newer microservices (unavailable codes, dispositions) send no lastPollTime. */
  lastPollTime?: boolean;
  extra?: Json;
}

/** One page of `items` (already filtered and sorted) in the list envelope, or 204 when it is empty. */
export function listResponse(ctx: ApiContext, key: string, items: readonly Json[], options: EnvelopeOptions = {}): SimResponse {
  const page = paging(ctx.req, options.limits ?? ADMIN_LIMITS);
  const slice = items.slice(page.skip, page.skip + page.top);
  if (slice.length === 0) return noContent();
  const project = projection(ctx.req);
  return ok({
    _links: links(ctx, page, slice.length, items.length),
    businessUnitId: TENANT.businessUnitId,
    ...(options.lastPollTime === false ? {} : { lastPollTime: iso7(ctx.now) }),
    totalRecords: items.length,
    ...options.extra,
    [key]: project ? slice.map(project) : slice,
  });
}

/** `fields=a,b`: keep only those properties (matched case-insensitively); undefined when not asked. */
export function projection(req: SimRequest): ((item: Json) => Json) | undefined {
  const fields = req.query.all('fields').map((f) => f.toLowerCase());
  if (fields.length === 0) return undefined;
  const wanted = new Set(fields);
  return (item) => Object.fromEntries(Object.entries(item).filter(([k]) => wanted.has(k.toLowerCase())));
}

/** `orderBy=field [asc|desc]` over the items' own properties; `fallback` when absent. */
export function sortItems(req: SimRequest, items: Json[], fallback: string): Json[] {
  const raw = req.query.get('orderBy')?.trim();
  const [field = fallback, direction = 'asc'] = raw ? raw.split(/\s+/) : [fallback];
  const dir = direction.toLowerCase();
  if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Invalid orderBy direction: ${direction}`, 'InvalidOrderBy');
  const sample = items[0];
  const key = sample ? Object.keys(sample).find((k) => k.toLowerCase() === field.toLowerCase()) : field;
  if (key === undefined) throw badRequest(`Invalid orderBy field: ${field}`, 'InvalidOrderBy');
  const sign = dir === 'desc' ? -1 : 1;
  return items.sort((a, b) => {
    const x = a[key] as string | number;
    const y = b[key] as string | number;
    return x < y ? -sign : x > y ? sign : 0;
  });
}

/** `searchString`: a case-insensitive substring of any of the given properties. */
export function searchMatcher(req: SimRequest, ...fields: string[]): (item: Json) => boolean {
  const term = req.query.get('searchString')?.toLowerCase();
  if (!term) return () => true;
  return (item) =>
    fields.some((f) =>
      String(item[f] ?? '')
        .toLowerCase()
        .includes(term),
    );
}

export function boolQuery(req: SimRequest, ...names: string[]): boolean | undefined {
  for (const name of names) {
    const raw = req.query.get(name);
    if (raw === undefined || raw === '') continue;
    const value = req.query.bool(name);
    if (value === undefined) throw badRequest(`Invalid value for ${name}: ${raw}`);
    return value;
  }
  return undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The first of `names` present, as epoch ms. A "+00:00" offset sent unencoded arrives as a space and is
 * refused, which is the quirk that makes clients send a literal Z (reference §4.0). Times without an
 * offset are read as UTC (the simulated business unit's time zone).
 */
export function dateQuery(req: SimRequest, ...names: string[]): number | undefined {
  for (const name of names) {
    const raw = req.query.get(name);
    if (raw === undefined || raw === '') continue;
    const m = ISO.exec(raw);
    const ms = m ? Date.parse(m[1] === undefined && raw.includes('T') ? `${raw}Z` : raw) : Number.NaN;
    if (Number.isNaN(ms)) throw badRequest(`Invalid date-time for ${name}: ${raw}`, 'InvalidDate');
    return ms;
  }
  return undefined;
}
