import type { TaggedRecord } from '../../../model.ts';
import type { StreamDefinition } from '../../connector.ts';
import { acdPath } from '../api.ts';
import { mapUnavailableCode } from '../map.ts';
import { ACD_VIEW } from '../permissions.ts';
import { guardPermissions } from './guard.ts';
import { listingBatches } from './listings.ts';

const requires = { all: [ACD_VIEW] };

/**
 * Unavailable codes ("outstates") as not-ready reason codes, active and inactive.
 * https://developer.niceincontact.com/API/AdminAPI (getUnavailableCodes)
 */
export const reasonCodes: StreamDefinition = {
  name: 'reason-codes',
  entities: ['reasonCode'],
  kind: 'snapshot',
  requires,
  description: 'Unavailable codes as not-ready reason codes',
  read: guardPermissions(requires, (ctx) =>
    listingBatches(ctx, acdPath('unavailable-codes'), {
      itemsKey: 'unavailableCodes',
      bothActiveStates: true,
      idOf: (u) => String(u.id ?? u.outstateId ?? u.outStateId),
      map: (u): TaggedRecord[] => {
        const record = mapUnavailableCode(u);
        return record ? [{ entity: 'reasonCode', record }] : [];
      },
    }),
  ),
};
