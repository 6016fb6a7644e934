// EntityListing paging (reference §5): pageSize/pageNumber in, relative first/self/next/previous/last
// URIs out. nextUri is absent on the last page and previousUri on the first, as Genesys omits nulls.
import type { SimRequest } from '../http-kit.ts';
import { invalidValue } from './errors.ts';

export interface PageParams {
  pageSize: number;
  pageNumber: number;
}

export function pageParams(req: SimRequest, maxPageSize: number, defaultPageSize = 25): PageParams {
  const pageSize = req.query.int('pageSize') ?? defaultPageSize;
  const pageNumber = req.query.int('pageNumber') ?? 1;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    throw invalidValue(req.query.get('pageSize'), 'pageSize', `1-${maxPageSize}`);
  }
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalidValue(req.query.get('pageNumber'), 'pageNumber', 'a positive integer');
  return { pageSize, pageNumber };
}

/** A URI for another page of the same request, keeping every other query parameter as sent. */
function pageUri(req: SimRequest, pageSize: number, pageNumber: number): string {
  const rest: string[] = [];
  for (const [key, value] of req.query.params) {
    if (key !== 'pageSize' && key !== 'pageNumber')
      rest.push(`${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%2C/gi, ',')}`);
  }
  return `${req.path}?pageSize=${pageSize}&pageNumber=${pageNumber}${rest.map((p) => `&${p}`).join('')}`;
}

export interface ListingOptions {
  maxPageSize: number;
  defaultPageSize?: number;
  /** Queue members are listed without total, pageCount and lastUri. */
  withTotals?: boolean;
}

export function entityListing<T>(req: SimRequest, items: readonly T[], options: ListingOptions): Record<string, unknown> {
  const { pageSize, pageNumber } = pageParams(req, options.maxPageSize, options.defaultPageSize);
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const entities = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const withTotals = options.withTotals ?? true;
  return {
    entities,
    pageSize,
    pageNumber,
    ...(withTotals ? { total, pageCount } : {}),
    firstUri: pageUri(req, pageSize, 1),
    selfUri: pageUri(req, pageSize, pageNumber),
    ...(pageNumber * pageSize < total ? { nextUri: pageUri(req, pageSize, pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: pageUri(req, pageSize, pageNumber - 1) } : {}),
    ...(withTotals ? { lastUri: pageUri(req, pageSize, Math.max(1, pageCount)) } : {}),
  };
}
