import type { StreamDefinition } from '../../connector.ts';
import { mapUser } from '../map.ts';
import { listingBatches } from './listings.ts';

/**
 * Users as agents, active and inactive (deleted users vanish and are marked deleted).
 * Two passes because `state` takes one value; pageSize 500 is the largest the API takes for users.
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-users
 */
export const agents: StreamDefinition = {
  name: 'agents',
  entities: ['agent'],
  kind: 'snapshot',
  requires: {},
  description: 'Users (active and inactive) as agents',
  async *read(ctx) {
    for (const state of ['active', 'inactive']) {
      yield* listingBatches(ctx, '/api/v2/users', {
        query: { state },
        pageSize: 500,
        map: (u) => ({ entity: 'agent', record: mapUser(u) }),
      });
    }
  },
};
