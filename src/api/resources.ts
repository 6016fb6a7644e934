// The synced entities the API serves, each with the scope that reads it.
import type { Resource } from './record-routes.ts';

export const agents: Resource<'agent'> = { entity: 'agent', path: 'agents', title: 'agent', scope: 'agents:read' };
export const teams: Resource<'team'> = { entity: 'team', path: 'teams', title: 'team', scope: 'directory:read' };
export const queues: Resource<'queue'> = { entity: 'queue', path: 'queues', title: 'queue', scope: 'directory:read' };
export const divisions: Resource<'division'> = { entity: 'division', path: 'divisions', title: 'division', scope: 'directory:read' };
export const reasonCodes: Resource<'reasonCode'> = {
  entity: 'reasonCode',
  path: 'reason-codes',
  title: 'reason code',
  scope: 'directory:read',
};
export const wrapUpCodes: Resource<'wrapUpCode'> = {
  entity: 'wrapUpCode',
  path: 'wrapup-codes',
  title: 'wrap-up code',
  scope: 'directory:read',
};
export const interactions: Resource<'interaction'> = {
  entity: 'interaction',
  path: 'interactions',
  title: 'interaction',
  scope: 'interactions:read',
};
export const recordings: Resource<'recording'> = { entity: 'recording', path: 'recordings', title: 'recording', scope: 'recordings:read' };
