import type { StreamDefinition } from '../../connector.ts';
import { mapDivision } from '../map.ts';
import { listingBatches } from './listings.ts';

/** https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-authorization-divisions */
export const divisions: StreamDefinition = {
  name: 'divisions',
  entities: ['division'],
  kind: 'snapshot',
  requires: {},
  description: 'Authorization divisions',
  read: (ctx) =>
    listingBatches(ctx, '/api/v2/authorization/divisions', {
      pageSize: 100,
      map: (d) => ({ entity: 'division', record: mapDivision(d) }),
    }),
};
