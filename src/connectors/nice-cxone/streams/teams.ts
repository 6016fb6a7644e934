import type { StreamDefinition } from '../../connector.ts';
import { acdPath } from '../api.ts';
import { mapTeam } from '../map.ts';
import { ACD_VIEW } from '../permissions.ts';
import { guardPermissions } from './guard.ts';
import { listingBatches } from './listings.ts';

const requires = { all: [ACD_VIEW] };

/** https://developer.niceincontact.com/API/AdminAPI (getTeams) */
export const teams: StreamDefinition = {
  name: 'teams',
  entities: ['team'],
  kind: 'snapshot',
  requires,
  description: 'Teams, active and inactive',
  read: guardPermissions(requires, (ctx) =>
    listingBatches(ctx, acdPath('teams'), {
      itemsKey: 'teams',
      bothActiveStates: true,
      idOf: (t) => String(t.teamId),
      map: (t) => [{ entity: 'team', record: mapTeam(t) }],
    }),
  ),
};
