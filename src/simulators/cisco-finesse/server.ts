// Request handling for the Finesse simulator: one handler per node over the shared deployment. Every API
// call goes through one gate, in this order: route (404), the node out of service (503, SystemInfo
// excepted), Basic authentication with the lockout of the endpoint's family (401 HTML page), the node's
// role (403 on the secondary), method (the simulator serves reads only), the endpoint's caller kind (401
// ApiErrors), the handler, and hostile payloads when armed. /_sim/* is the same on both nodes.
import { composeSimulator, createControlPlane } from '../control-plane.ts';
import type { FaultResponses } from '../faults.ts';
import { assertRoutesMatchTable, Router, type Handler, type SimRequest, type SimResponse } from '../http-kit.ts';
import { authenticate, basicCredentials } from './auth.ts';
import { NODE_NAMES, type ApiHandler, type FinesseSim, type NodeName } from './context.ts';
import {
  authenticationFailed,
  FinesseError,
  forbidden,
  internalError,
  methodNotAllowed,
  notFound,
  outOfService,
  renderApiError,
  tooManyRequests,
  wrongRole,
} from './errors.ts';
import type { FinesseNodes } from './nodes.ts';
import { ENDPOINTS, refusal } from './permissions.ts';
import { registerConfigRoutes } from './routes-config.ts';
import { registerDesktopRoutes } from './routes-desktop.ts';
import { registerFinesseControlRoutes } from './sim-routes.ts';
import { systemInfo } from './system-info.ts';
import { finesseTruth } from './truth.ts';
import { API } from './xml.ts';

function buildApiRouter(): Router<ApiHandler> {
  const api = new Router<ApiHandler>();
  api.get(`${API}/SystemInfo`, systemInfo);
  registerConfigRoutes(api);
  registerDesktopRoutes(api);
  assertRoutesMatchTable(api.declared(), ENDPOINTS);
  return api;
}

/** The secondary's refusals (reference §2): UCCE serves no configuration API there, UCCX no write. */
function secondaryRefusal(sim: FinesseSim, family: string, method: string): FinesseError | undefined {
  if (sim.deployment === 'UCCE' && family === 'configuration')
    return forbidden('Configuration APIs are available only on the primary Finesse server');
  if (sim.deployment === 'UCCX' && method !== 'GET') return forbidden('The secondary Finesse server is read-only for administration');
  return undefined;
}

export function createFinesseHandlers(sim: FinesseSim, nodes: FinesseNodes): Record<NodeName, Handler> {
  const api = buildApiRouter();

  function handleApi(req: SimRequest, node: NodeName): SimResponse {
    const now = sim.clock.now();
    sim.served[node]++;
    try {
      // Routes are GET-only; other methods on a known path are told apart from unknown paths below.
      const found = api.match('GET', req.path);
      if (!found) throw notFound(`No API at ${req.path}`);
      req.params = found.params;
      req.route = `${req.method} ${found.pattern}`;
      const endpoint = ENDPOINTS[`GET ${found.pattern}`] as (typeof ENDPOINTS)[string];
      // UNCONFIRMED whether 503 comes before authentication; here it does, so it never counts a strike.
      if (sim.status[node] !== 'IN_SERVICE' && found.value !== systemInfo) throw outOfService();
      const credentials = basicCredentials(req);
      if (!credentials && (req.headers.authorization !== undefined || !endpoint.anonymous)) return authenticationFailed();
      const caller = credentials && authenticate(sim.state, sim.lockout, credentials, endpoint.family, now);
      // Finesse has no tokens: each Basic authentication counts as one token request in the shared stats.
      if (credentials) sim.stats.tokenRequest(caller !== undefined);
      if (credentials && !caller) return authenticationFailed();
      // After authentication (UNCONFIRMED order): a bad password sent to the secondary still counts.
      const refused = node === 'secondary' ? secondaryRefusal(sim, endpoint.family, req.method) : undefined;
      if (refused) throw refused;
      if (req.method !== 'GET') throw methodNotAllowed(req.method);
      if (caller && endpoint.access === 'admin' && caller.kind !== 'admin') throw refusal(endpoint, caller.username);
      if (caller && endpoint.access === 'user' && caller.kind === 'admin') throw wrongRole(caller.username);
      return sim.hostile.apply(req, found.value({ req, sim, state: sim.state, caller, node, now }));
    } catch (err) {
      if (err instanceof FinesseError) return renderApiError(err);
      throw err;
    }
  }

  // Injected 5xx alternate between a server error and the documented out-of-service answer.
  const faultResponses: FaultResponses = {
    serverError: () => renderApiError(sim.faults.counts['5xx'] % 2 === 1 ? internalError() : outOfService()),
    tooManyRequests: () => renderApiError(tooManyRequests()),
  };

  const control = createControlPlane({
    clock: sim.clock,
    faults: sim.faults,
    stats: sim.stats,
    reset: async () => {
      sim.reset();
      for (const node of NODE_NAMES) nodes.setStatus(node, 'IN_SERVICE');
      await nodes.sync();
    },
    seed: ({ seed, sizes }) => sim.reseed(seed, sizes),
    truth: (query) => finesseTruth(sim.state, query),
  });
  registerFinesseControlRoutes(control, sim, nodes);

  const familyOf = (req: SimRequest) => {
    const found = api.match('GET', req.path);
    return found && `${req.method} ${found.pattern}`;
  };
  const handlerFor = (node: NodeName): Handler =>
    composeSimulator({ control, platform: (req) => handleApi(req, node), faults: sim.faults, faultResponses, stats: sim.stats, familyOf });
  return { primary: handlerFor('primary'), secondary: handlerFor('secondary') };
}
