// Every route of the API, one module per route, in folders that mirror the URLs. app.ts registers them
// in this order; each declares who may call it (config.access), and one that does not fails at start-up.
import type { RouteModule } from '../context.ts';
import adminAudit from './admin/audit/list.ts';
import adminCreateConnection from './admin/connections/create.ts';
import adminConnections from './admin/connections/list.ts';
import adminSyncStatus from './admin/connections/sync-status.ts';
import adminSync from './admin/connections/sync.ts';
import adminCreateKey from './admin/keys/create.ts';
import adminKeys from './admin/keys/list.ts';
import adminRevokeKey from './admin/keys/revoke.ts';
import healthz from './healthz.ts';
import metrics from './metrics.ts';
import openapiJson from './openapi-json.ts';
import readyz from './readyz.ts';
import agent from './v1/agents/get.ts';
import agents from './v1/agents/list.ts';
import doctor from './v1/connections/doctor.ts';
import connection from './v1/connections/get.ts';
import connections from './v1/connections/list.ts';
import passthrough from './v1/connections/passthrough.ts';
import division from './v1/divisions/get.ts';
import divisions from './v1/divisions/list.ts';
import interaction from './v1/interactions/get.ts';
import interactions from './v1/interactions/list.ts';
import queue from './v1/queues/get.ts';
import queues from './v1/queues/list.ts';
import reasonCode from './v1/reason-codes/get.ts';
import reasonCodes from './v1/reason-codes/list.ts';
import recording from './v1/recordings/get.ts';
import recordings from './v1/recordings/list.ts';
import recordingMedia from './v1/recordings/media.ts';
import syncRuns from './v1/sync-runs/list.ts';
import team from './v1/teams/get.ts';
import teams from './v1/teams/list.ts';
import wrapUpCode from './v1/wrapup-codes/get.ts';
import wrapUpCodes from './v1/wrapup-codes/list.ts';

export const routes: RouteModule[] = [
  healthz,
  readyz,
  metrics,
  openapiJson,
  connections,
  connection,
  doctor,
  passthrough,
  agents,
  agent,
  teams,
  team,
  queues,
  queue,
  divisions,
  division,
  reasonCodes,
  reasonCode,
  wrapUpCodes,
  wrapUpCode,
  interactions,
  interaction,
  recordings,
  recording,
  recordingMedia,
  syncRuns,
  adminConnections,
  adminCreateConnection,
  adminSync,
  adminSyncStatus,
  adminCreateKey,
  adminKeys,
  adminRevokeKey,
  adminAudit,
];
