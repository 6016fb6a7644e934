import type { StreamDefinition } from '../../connector.ts';
import { mapWrapUpCode } from '../map.ts';
import { listingBatches } from './listings.ts';

/** https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-routing-wrapupcodes */
export const wrapUpCodes: StreamDefinition = {
  name: 'wrapup-codes',
  entities: ['wrapUpCode'],
  kind: 'snapshot',
  requires: { all: ['routing:wrapupCode:view'] },
  description: 'Wrap-up codes',
  read: (ctx) =>
    listingBatches(ctx, '/api/v2/routing/wrapupcodes', {
      pageSize: 100,
      map: (w) => ({ entity: 'wrapUpCode', record: mapWrapUpCode(w) }),
    }),
};
