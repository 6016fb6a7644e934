// API-key authentication and authorisation, from what each route declares in `config.access`: public
// routes are open; v1 routes need a data key holding the route's scope; admin routes an admin token.
// Which connections a key may see is enforced by the routes through access.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../keys.ts';
import { ApiError } from '../errors.ts';
import type { Principal } from '../context.ts';

const BEARER = /^Bearer ([^\s]+)$/i;
const challenge = { 'www-authenticate': 'Bearer realm="switchboard"' };

async function identify(app: FastifyInstance, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) throw new ApiError(401, 'missing_api_key', 'send your key as "Authorization: Bearer <key>"', challenge);
  const presented = BEARER.exec(header)?.[1];
  if (!presented) throw new ApiError(401, 'invalid_api_key', 'the Authorization header must be "Bearer <key>"', challenge);
  const result = await authenticate((id) => app.api.recent.keys.get(id), presented);
  if (!result.ok) throw new ApiError(401, result.code, result.message, challenge);
  const { key } = result;
  return {
    keyId: key.id,
    keyName: key.name,
    kind: key.kind,
    scopes: new Set(key.scopes),
    connectionIds: key.connectionIds,
    rateLimitPerMinute: key.rateLimitPerMinute,
  };
}

/** On the instance holding the routes of routes/index.ts, before the rate limiter (which counts per key). */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access.family === 'public') return;
    const principal = await identify(app, request);
    request.principal = principal;
    if (access.family === 'admin' && principal.kind !== 'admin') {
      throw new ApiError(403, 'admin_token_required', 'this route needs an admin token (switchboard keys create --admin)');
    }
    if (access.family === 'v1' && principal.kind !== 'data') {
      throw new ApiError(403, 'data_key_required', 'an admin token reads no data; use an API key with the scope this route needs');
    }
    if (access.family === 'v1' && access.scope && !principal.scopes.has(access.scope)) {
      throw new ApiError(403, 'missing_scope', `this route needs the ${access.scope} scope`);
    }
  });
}
