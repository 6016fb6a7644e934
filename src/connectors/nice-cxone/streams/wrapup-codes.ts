import type { StreamDefinition } from '../../connector.ts';
import { acdPath } from '../api.ts';
import { mapDisposition } from '../map.ts';
import { ACD_VIEW } from '../permissions.ts';
import { guardPermissions } from './guard.ts';
import { listingBatches } from './listings.ts';

const requires = { all: [ACD_VIEW] };

/**
 * Dispositions as wrap-up codes, active and inactive.
 * https://developer.niceincontact.com/API/AdminAPI (getDispositions)
 */
export const wrapUpCodes: StreamDefinition = {
  name: 'wrapup-codes',
  entities: ['wrapUpCode'],
  kind: 'snapshot',
  requires,
  description: 'Dispositions as wrap-up codes',
  read: guardPermissions(requires, (ctx) =>
    listingBatches(ctx, acdPath('dispositions'), {
      itemsKey: 'dispositions',
      bothActiveStates: true,
      idOf: (d) => String(d.dispositionId),
      map: (d) => [{ entity: 'wrapUpCode', record: mapDisposition(d) }],
    }),
  ),
};
