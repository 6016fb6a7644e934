import { pageNumber } from '../../../engine/paginate.ts';
import type { StreamDefinition } from '../../connector.ts';
import { mapQueue, mapQueueMember } from '../map.ts';
import { listingBatches } from './listings.ts';

/**
 * Routing queues, then each queue's user members. Queues are only listed in the divisions the client's
 * role is granted in; the members listing has no total and a page size of at most 100.
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-routing-queues
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-routing-queues--queueId--members
 */
export const queues: StreamDefinition = {
  name: 'queues',
  entities: ['queue', 'queueMember'],
  kind: 'snapshot',
  requires: { any: ['routing:queue:view'] },
  description: 'Routing queues and their members',
  async *read(ctx) {
    const queueIds: string[] = [];
    for await (const batch of listingBatches(ctx, '/api/v2/routing/queues', {
      pageSize: 500,
      map: (q) => ({ entity: 'queue', record: mapQueue(q) }),
    })) {
      queueIds.push(...batch.records.map((r) => r.record.externalId));
      yield batch;
    }
    const pageSize = Math.min(100, ctx.options.maxPageSize ?? 100);
    for (const queueId of queueIds) {
      const url = `/api/v2/routing/queues/${encodeURIComponent(queueId)}/members`;
      for await (const page of pageNumber<Record<string, unknown>>({ http: ctx.http, url, query: { memberBy: 'user' }, pageSize })) {
        yield { records: page.items.map((m) => ({ entity: 'queueMember' as const, record: mapQueueMember(queueId, m) })), pages: 1 };
      }
    }
  },
};
