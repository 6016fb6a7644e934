// Snapshot streams over EntityListing endpoints: page through, map, yield one batch per page.
import { pageNumber } from '../../../engine/paginate.ts';
import type { QueryValue } from '../../../engine/types.ts';
import type { TaggedRecord } from '../../../model.ts';
import type { StreamBatch, StreamContext } from '../../connector.ts';

type Json = Record<string, unknown>;

export async function* listingBatches(
  ctx: StreamContext,
  url: string,
  opts: { query?: Record<string, QueryValue>; pageSize: number; map: (item: Json) => TaggedRecord | undefined },
): AsyncIterable<StreamBatch> {
  const pageSize = Math.min(opts.pageSize, ctx.options.maxPageSize ?? opts.pageSize);
  for await (const page of pageNumber<Json>({ http: ctx.http, url, query: opts.query, pageSize })) {
    const records = page.items.map(opts.map).filter((r): r is TaggedRecord => r !== undefined);
    const total = (page.raw as { total?: unknown }).total;
    yield { records, pages: 1, total: typeof total === 'number' ? total : undefined };
  }
}
