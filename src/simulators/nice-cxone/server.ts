// Request handling for the CXone simulator: one listener is the issuer (/.well-known/*, /auth/*), the
// discovered API host (ACD under /inContactAPI/services/v34.0, /media-playback, /user-management,
// /data-extraction), the storage host of signed links (/media-files, /extracts) and /_sim/*. Every API
// call goes through one gate, in this order: Accept (ACD only, 406), bearer token (401), per-token
// rate limit (429, off by default), route (404), Media Playback's throttle and licence (429, 403), the
// endpoint's permission (403), handler. Errors are rendered in the shape of the path's API family.
import { composeSimulator, createControlPlane } from '../control-plane.ts';
import type { FaultResponses } from '../faults.ts';
import { assertRoutesMatchTable, dispatch, Router, text, type Handler, type SimRequest, type SimResponse } from '../http-kit.ts';
import type { ApiHandler, NiceSim } from './context.ts';
import {
  familyOfPath,
  missingPermissionError,
  NiceError,
  notFound,
  oauthError,
  renderError,
  serverError,
  tooManyRequests,
  unauthorized,
  type Family,
} from './errors.ts';
import { ENDPOINT_PERMISSIONS, missingPermission } from './permissions.ts';
import { cxoneConfiguration, jwks, openidConfiguration, tokenEndpoint } from './routes-auth.ts';
import { registerContactRoutes } from './routes-contacts.ts';
import { registerDirectoryRoutes } from './routes-directory.ts';
import { extractFile, registerExtractionRoutes } from './routes-extraction.ts';
import { mediaFile, mediaGate, registerMediaRoutes } from './routes-media.ts';
import { registerUserHubRoutes } from './routes-userhub.ts';
import { registerNiceControlRoutes } from './sim-routes.ts';
import { storageError } from './signed-links.ts';
import { niceTruth } from './truth.ts';

const FAULT_5XX = [500, 502, 503, 504];

function buildApiRouter(): Router<ApiHandler> {
  // Path case is not significant on the ACD (reference §4.0); the router folds literal segments.
  const api = new Router<ApiHandler>({ caseInsensitive: true });
  registerDirectoryRoutes(api);
  registerContactRoutes(api);
  registerMediaRoutes(api);
  registerUserHubRoutes(api);
  registerExtractionRoutes(api);
  assertRoutesMatchTable(api.declared(), ENDPOINT_PERMISSIONS);
  return api;
}

/** Two clients report that, without it, the ACD answers this literal text (reference §4.0); `*\/*` is not enough. */
function acceptsJson(req: SimRequest): boolean {
  return /application\/json/i.test(req.headers.accept ?? '');
}

export function createNiceHandler(sim: NiceSim): Handler {
  const api = buildApiRouter();
  const other = new Router();
  other.get('/.well-known/openid-configuration', () => openidConfiguration(sim));
  other.get('/.well-known/cxone-configuration', (req) => cxoneConfiguration(sim, req));
  other.get('/auth/jwks', () => jwks(sim));
  other.post('/auth/token', (req) => tokenEndpoint(sim, req));
  other.get('/media-files/{file}', (req) => mediaFile(sim, req));
  other.get('/extracts/{file}', (req) => extractFile(sim, req));

  async function handleApi(req: SimRequest, family: Family): Promise<SimResponse> {
    const now = sim.clock.now();
    try {
      if ((family === 'acd' || family === 'acd-ms') && !acceptsJson(req)) return text(406, 'No known way to render data');
      const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      if (!bearer) throw unauthorized('Authorization has been denied for this request.');
      const token = bearer[1] as string;
      const state = sim.state;
      const grant = state.grantOf(state.accessTokens, token, now);
      const employee = grant && state.employees.get(grant.agentId);
      if (!grant || !employee) throw unauthorized();
      const retryAfter = sim.limiter.take(token);
      if (retryAfter !== undefined) throw tooManyRequests('Too many requests.', sim.retryAfter ? retryAfter : undefined);
      const found = api.match(req.method, req.path);
      if (!found) throw notFound();
      req.params = found.params;
      req.route = `${req.method} ${found.pattern}`;
      if (family === 'media') mediaGate(sim, now);
      const permissions = state.permissionsOf(employee);
      const missing = missingPermission(ENDPOINT_PERMISSIONS[req.route] as (typeof ENDPOINT_PERMISSIONS)[string], permissions);
      if (missing) throw missingPermissionError(missing);
      return await found.value({ req, sim, state, employee, permissions, grant, now });
    } catch (err) {
      if (err instanceof NiceError) return renderError(family, err, req.path, now);
      throw err;
    }
  }

  const platform: Handler = (req) => {
    const family = familyOfPath(req.path);
    if (family && family !== 'issuer') return handleApi(req, family);
    return dispatch(other, req, () =>
      family === 'issuer' ? oauthError(404, 'not_found', `No endpoint ${req.method} ${req.path}.`) : text(404, 'Not Found'),
    );
  };

  const faultResponses: FaultResponses = {
    serverError: (req) => {
      const status = FAULT_5XX[sim.faults.counts['5xx'] % FAULT_5XX.length] as number;
      const family = familyOfPath(req.path);
      if (family === 'issuer') return oauthError(status, 'server_error', 'The authorization server is temporarily unavailable.');
      if (!family) return storageError(status, 'InternalError', 'We encountered an internal error. Please try again.');
      return renderError(family, serverError(status), req.path, sim.clock.now());
    },
    tooManyRequests: (req) => {
      const family = familyOfPath(req.path);
      const headers: Record<string, string> = sim.retryAfter ? { 'retry-after': '1' } : {};
      if (family === 'issuer') return oauthError(429, 'temporarily_unavailable', 'Too many requests.', headers);
      if (!family) {
        const slowDown = storageError(429, 'SlowDown', 'Please reduce your request rate.');
        return { ...slowDown, headers: { ...slowDown.headers, ...headers } };
      }
      return renderError(family, tooManyRequests('Too many requests.', sim.retryAfter ? 1 : undefined), req.path, sim.clock.now());
    },
  };

  const control = createControlPlane({
    clock: sim.clock,
    faults: sim.faults,
    stats: sim.stats,
    reset: () => sim.reset(),
    seed: ({ seed, sizes }) => sim.reseed(seed, sizes),
    truth: () => niceTruth(sim.state, sim.clock.now()),
  });
  registerNiceControlRoutes(control, sim);

  const familyOf = (req: SimRequest) => {
    const family = familyOfPath(req.path);
    const found = family && family !== 'issuer' ? api.match(req.method, req.path) : other.match(req.method, req.path);
    return found && `${req.method} ${found.pattern}`;
  };
  return composeSimulator({ control, platform, faults: sim.faults, faultResponses, stats: sim.stats, familyOf });
}
