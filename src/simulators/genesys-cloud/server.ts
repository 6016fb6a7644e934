// Request handling for the Genesys Cloud simulator: one listener serves /oauth/token, /api/v2/*, the
// recording downloads and /_sim/*. Every /api/v2 call goes through the same gate, in this order: bearer
// token (401), per-token rate limit (429), route (404), the endpoint's permission entry (403), handler.
import { randomUUID } from 'node:crypto';
import { composeSimulator, ControlError, createControlPlane } from '../control-plane.ts';
import type { FaultResponses } from '../faults.ts';
import { assertRoutesMatchTable, dispatch, Router, type Handler, type SimRequest, type SimResponse } from '../http-kit.ts';
import type { ApiHandler, GenesysSim } from './context.ts';
import {
  ApiError,
  authenticationRequired,
  badCredentials,
  errorResponse,
  missingAnyPermissions,
  missingPermissions,
  notFound,
  tooLarge,
  tooManyRequests,
} from './errors.ts';
import { ENDPOINT_PERMISSIONS, missingFor } from './permissions.ts';
import { registerAnalyticsRoutes } from './routes-analytics.ts';
import { registerAuthRoutes, tokenEndpoint } from './routes-auth.ts';
import { registerDirectoryRoutes } from './routes-directory.ts';
import { downloadRecording, registerRecordingRoutes } from './routes-recordings.ts';
import { registerGenesysControlRoutes } from './sim-routes.ts';
import { genesysTruth } from './truth.ts';

/** `request.bytes.max` (reference §4). */
export const MAX_REQUEST_BYTES = 512_000;

const FAULT_5XX: readonly (readonly [number, string, string])[] = [
  [500, 'internal.server.error', 'The server encountered an unexpected condition which prevented it from fulfilling the request.'],
  [502, 'bad.gateway', 'The server received an invalid response from an upstream server.'],
  [503, 'service.unavailable', 'Service is currently unavailable. Please try again later.'],
  [504, 'request.timeout', 'The request timed out.'],
];

function withHeaders(out: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...out, headers: { ...out.headers, ...headers } };
}

function buildApiRouter(): Router<ApiHandler> {
  const api = new Router<ApiHandler>();
  registerDirectoryRoutes(api);
  registerAnalyticsRoutes(api);
  registerRecordingRoutes(api);
  registerAuthRoutes(api);
  assertRoutesMatchTable(api.declared(), ENDPOINT_PERMISSIONS);
  return api;
}

export function createGenesysHandler(sim: GenesysSim): { handler: Handler; tooLarge: (req: SimRequest) => SimResponse } {
  const api = buildApiRouter();
  const other = new Router();
  other.post('/oauth/token', (req) => tokenEndpoint(sim, req));
  other.get('/media/recordings/{file}', (req) =>
    downloadRecording(sim, req.params.file as string, req.query.get('expires'), req.query.get('signature')),
  );

  async function handleApi(req: SimRequest): Promise<SimResponse> {
    const correlationId = randomUUID();
    const headers: Record<string, string> = { 'inin-correlation-id': correlationId };
    try {
      const auth = req.headers.authorization ?? '';
      const match = /^bearer\s+(\S+)\s*$/i.exec(auth);
      if (!match) throw authenticationRequired();
      const token = match[1] as string;
      const now = sim.clock.now();
      const client = sim.state.clientForToken(token, now);
      if (!client) throw badCredentials();
      const rate = sim.limiter.take(token);
      Object.assign(headers, rate.headers);
      if (rate.retryAfter !== undefined) throw tooManyRequests(rate.retryAfter);
      const found = api.match(req.method, req.path);
      if (!found) throw notFound();
      req.params = found.params;
      req.route = `${req.method} ${found.pattern}`;
      const grants = sim.state.grantsOf(client);
      const missing = missingFor(ENDPOINT_PERMISSIONS[req.route] as (typeof ENDPOINT_PERMISSIONS)[string], grants);
      if (missing) throw (missing.mode === 'ANY' ? missingAnyPermissions : missingPermissions)(missing.permissions);
      const out = await found.value({ req, sim, state: sim.state, client, grants, now });
      return withHeaders(out, headers);
    } catch (err) {
      if (err instanceof ApiError) return withHeaders(errorResponse(err, correlationId), headers);
      throw err;
    }
  }

  const platform: Handler = (req) =>
    req.path.startsWith('/api/v2/') ? handleApi(req) : dispatch(other, req, () => errorResponse(notFound(), randomUUID()));

  const faultResponses: FaultResponses = {
    serverError: () => {
      const [status, code, message] = FAULT_5XX[sim.faults.counts['5xx'] % FAULT_5XX.length] as (typeof FAULT_5XX)[number];
      return errorResponse(new ApiError(status, code, message), randomUUID());
    },
    tooManyRequests: () => errorResponse(tooManyRequests(1), randomUUID()),
  };

  const control = createControlPlane({
    clock: sim.clock,
    faults: sim.faults,
    stats: sim.stats,
    reset: () => sim.reset(),
    seed: ({ seed, sizes }) => sim.reseed(seed, sizes),
    truth: () => genesysTruth(sim.state, sim.clock.now()),
    describeClock: () => ({
      dataAvailabilityDate: new Date(sim.availableAt()).toISOString(),
      availabilityLagSeconds: sim.lagMs / 1000,
    }),
    configureClock: (body) => {
      const lag = body.availabilityLagSeconds;
      if (lag === undefined) return;
      if (typeof lag !== 'number' || !Number.isFinite(lag) || lag < 0)
        throw new ControlError('availabilityLagSeconds must be a number >= 0');
      sim.lagMs = lag * 1000;
    },
  });
  registerGenesysControlRoutes(control, sim);

  const familyOf = (req: SimRequest) => {
    const found = req.path.startsWith('/api/v2/') ? api.match(req.method, req.path) : other.match(req.method, req.path);
    return found && `${req.method} ${found.pattern}`;
  };
  const handler = composeSimulator({ control, platform, faults: sim.faults, faultResponses, stats: sim.stats, familyOf });
  return {
    handler,
    tooLarge: (req) => errorResponse(tooLarge(Number(req.headers['content-length'] ?? 0), MAX_REQUEST_BYTES), randomUUID()),
  };
}
