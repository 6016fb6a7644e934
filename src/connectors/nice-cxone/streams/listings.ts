// Snapshot streams over ACD lists: skip/top paging, 204 when empty (reference/nice-cxone-api.md §4.0,
// §6.1). Lists are read once per `isActive` value: whether a list without the filter includes inactive
// records is not documented, so both are asked for and merged.
import { skipTop } from '../../../engine/paginate.ts';
import type { QueryValue } from '../../../engine/types.ts';
import type { TaggedRecord } from '../../../model.ts';
import type { StreamBatch, StreamContext } from '../../connector.ts';
import { ADMIN_PAGE_SIZE } from '../api.ts';

type Json = Record<string, unknown>;

export interface ListingOptions {
  itemsKey: string;
  query?: Record<string, QueryValue>;
  /** Read once with isActive=true and once with isActive=false. */
  bothActiveStates?: boolean;
  /** The item's id, to merge the passes. */
  idOf: (item: Json) => string;
  map: (item: Json) => TaggedRecord[];
}

export async function* listingBatches(ctx: StreamContext, url: string, opts: ListingOptions): AsyncIterable<StreamBatch> {
  const top = Math.min(ADMIN_PAGE_SIZE, ctx.options.maxPageSize ?? ADMIN_PAGE_SIZE);
  const seen = new Set<string>();
  for (const isActive of opts.bothActiveStates ? [true, false] : [undefined]) {
    for await (const page of skipTop<Json>({
      http: ctx.http,
      url,
      query: { ...opts.query, isActive },
      top,
      itemsKey: opts.itemsKey,
      totalKey: 'totalRecords',
    })) {
      const fresh = page.items.filter((item) => {
        const id = opts.idOf(item);
        return !seen.has(id) && seen.add(id);
      });
      yield { records: fresh.flatMap(opts.map), pages: 1, total: opts.bothActiveStates ? undefined : page.total };
    }
  }
}
