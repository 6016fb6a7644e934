// GET /v1/connections/{id}/passthrough/<platform path>: a platform read endpoint the connector allows,
// with the connection's credential injected by the engine (src/api/passthrough/). Every other method is
// refused with 403 before its body is read; so is a path or query that is not a plain allowed read. The
// key needs passthrough:read, and sees only its own connections (another answers 404, as everywhere).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { connectionSecrets } from '../../../../connections/service.ts';
import { connectionRefSchema, requireConnection } from '../../../access.ts';
import type { ApiApp } from '../../../context.ts';
import { ApiError } from '../../../errors.ts';
import { createPassthrough, type Passthrough, type PassthroughOutcome } from '../../../passthrough/service.ts';
import { noteAudit } from '../../../plugins/audit.ts';

/** With the platform path, and without (refused like any other path that is not an allowed read). */
const URLS = ['/v1/connections/:id/passthrough/*', '/v1/connections/:id/passthrough'];
/** The raw URL up to the platform path: the router's decoded copy must not decide what is forwarded. */
const PREFIX = /^\/v1\/connections\/[^/?#]*\/passthrough(?=[/?#]|$)/;

const paramsSchema = z.object({ id: connectionRefSchema, '*': z.string() });
const documented = {
  tags: ['connections'],
  summary: "A platform read endpoint, with the connection's credential",
  description:
    "GET only, and only the read endpoints the connection's connector allows (docs/api.md lists them); the platform's " +
    'status, content type and body are passed through. Endpoints that return customer addresses also need pii:read.',
  params: paramsSchema,
};

/** The platform path and query as the client sent them; empty (refused) when the URL does not have the expected shape. */
function rawTargetOf(request: FastifyRequest): string {
  const raw = request.raw.url ?? '';
  const prefix = PREFIX.exec(raw);
  return prefix ? raw.slice(prefix[0].length) : '';
}

async function pass(passthrough: Passthrough, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { id } = request.params as { id: string };
  const connection = await requireConnection(request, id);
  noteAudit(request, { connectionIds: [connection.id] });
  const outcome: PassthroughOutcome = await passthrough.handle({
    connection,
    method: request.method,
    rawTarget: rawTargetOf(request),
    accept: request.headers.accept,
    mayReadPersonalData: request.principal?.scopes.has('pii:read') === true,
  });
  if (outcome.kind !== 'answer') {
    const headers: Record<string, string> = {};
    if (outcome.kind === 'failed' && outcome.retryAfter !== undefined) headers['retry-after'] = String(outcome.retryAfter);
    throw new ApiError(outcome.status, outcome.code, outcome.message, headers);
  }
  noteAudit(request, { resourceIds: [outcome.sent] });
  // The session stays open while the body streams; it is freed however the response ends.
  reply.raw.once('close', outcome.done);
  return reply.code(outcome.status).headers(outcome.headers).send(outcome.body);
}

export default (app: ApiApp) => {
  const passthrough = createPassthrough({
    connections: app.api.svc.store.connections,
    secretsOf: (row) => connectionSecrets(app.api.svc, row),
    // /metrics counts the platform requests (429s and budget waits included) of the passthrough as of syncs.
    eventsOf: (row) => app.api.metrics.syncHooks(row.name).onHttp,
  });
  app.addHook('onClose', () => passthrough.close());

  for (const url of URLS) registerRoutes(app, url, passthrough);
};

function registerRoutes(app: ApiApp, url: string, passthrough: Passthrough): void {
  const config = { access: { family: 'v1' as const, scope: 'passthrough:read' as const }, forwardsAnswers: true };
  app.route({
    method: 'GET',
    url,
    // A HEAD would be a GET whose answer is thrown away: refused with the other methods instead.
    exposeHeadRoute: false,
    // Only the form with a platform path is documented; the other exists to be refused.
    schema: url.endsWith('*') ? documented : { hide: true, params: paramsSchema.omit({ '*': true }) },
    config,
    handler: (request, reply) => pass(passthrough, request, reply),
  });

  // Refused in onRequest, after the key is checked and before a body is read or parsed: a write is a
  // write whatever it carries.
  app.route({
    method: app.supportedMethods.filter((m) => m !== 'GET'),
    url,
    schema: { hide: true },
    config,
    onRequest: async (request, reply) => {
      await pass(passthrough, request, reply);
    },
    handler: () => {
      throw new Error('the passthrough refuses every method but GET in onRequest');
    },
  });
}
