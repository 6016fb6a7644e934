import type { StreamDefinition } from '../../connector.ts';
import { acdPath } from '../api.ts';
import { mapAgent } from '../map.ts';
import { EMPLOYEES_VIEW } from '../permissions.ts';
import { guardPermissions } from './guard.ts';
import { listingBatches } from './listings.ts';

const requires = { all: [EMPLOYEES_VIEW] };

/**
 * Employees with an ACD agent profile, active and inactive, as agents.
 * https://developer.niceincontact.com/API/AdminAPI (getAgents)
 */
export const agents: StreamDefinition = {
  name: 'agents',
  entities: ['agent'],
  kind: 'snapshot',
  requires,
  description: 'Employees (ACD agents), active and inactive',
  read: guardPermissions(requires, (ctx) =>
    listingBatches(ctx, acdPath('agents'), {
      itemsKey: 'agents',
      bothActiveStates: true,
      idOf: (a) => String(a.agentId),
      map: (a) => [{ entity: 'agent', record: mapAgent(a) }],
    }),
  ),
};
