// The read API's Fastify app: error bodies, metrics, audit, key auth and per-key rate limits on the root
// instance (so they cover every route, the passthrough's included), the OpenAPI document, then the
// routes of routes/index.ts. `switchboard serve` and `switchboard start` listen with it; tests inject.
import { readFileSync } from 'node:fs';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchema,
} from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodTypeAny } from 'zod';
import { loadConfig } from '../config.ts';
import { connectionSecrets, type Services } from '../connections/service.ts';
import { createBlobStore } from '../engine/blob-store.ts';
import { createLogger, registerSecret, type Logger } from '../log.ts';
import type { ApiContext } from './context.ts';
import { createCursorCodec } from './cursor.ts';
import { recentReads } from './recent.ts';
import { redactKeys } from './keys.ts';
import { ApiError, errorBodySchema } from './errors.ts';
import { createAuditWriter, registerAudit } from './plugins/audit.ts';
import { registerAuth } from './plugins/auth.ts';
import { frameworkErrors, registerErrors } from './plugins/errors.ts';
import { createApiMetrics, registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { routes } from './routes/index.ts';
import { createSyncJobs } from './sync-jobs.ts';

export interface ApiOptions {
  svc: Services & { blobsRoot: string };
  /** Default: pino on stderr at SWITCHBOARD_LOG_LEVEL, with secret redaction. */
  logger?: Logger;
  /** Tests: every JSON response must match its route's declared schema, or the request fails. */
  checkResponses?: boolean;
}

const CLOSE_GRACE_MS = 5000;
/** How long a key row or the connection list read for one request serves the next ones (recent.ts). */
const RECENT_MS = 1000;
/** Requests per minute of a caller without a key (health checks, metrics, docs), per address. */
const KEYLESS_PER_MINUTE = 600;
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** v1 and admin routes, and paths no route serves; not health checks, metrics or the docs. */
function isAudited(request: FastifyRequest): boolean {
  const access = request.routeOptions.config.access;
  if (access) return access.family !== 'public';
  return request.routeOptions.url === undefined;
}

const loggedRequest = (req: FastifyRequest) => ({
  method: req.method,
  url: redactKeys(req.url),
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

/**
 * One line per request, written when it is answered (the access line below), where Fastify's own
 * logging writes two; Fastify still logs errors.
 */
class AccessLineLogController extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
  }
}

const plainSerializer = () => (data: unknown) => JSON.stringify(data);

/**
 * Tests: every JSON answer must match the schema its route declares for the status, or the request
 * fails. Checked as sent, so that answers written as JSON text (the record routes) are checked too.
 */
async function checkResponse(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).includes('json')) return payload;
  if (request.routeOptions.config.forwardsAnswers) return payload;
  const schemas = (request.routeOptions.schema?.response ?? {}) as Record<string, ZodTypeAny>;
  const status = String(reply.statusCode);
  const schema = schemas[status] ?? schemas[`${status[0]}xx`];
  const result = schema?.safeParse(JSON.parse(payload));
  if (result && !result.success) {
    throw new Error(`${request.method} ${request.url}: the response does not match its schema: ${result.error.message}`);
  }
  return payload;
}

export async function buildApi(opts: ApiOptions): Promise<FastifyInstance> {
  const { svc } = opts;
  const logger = opts.logger ?? createLogger({ name: 'api', level: loadConfig().logLevel });
  const app = Fastify({
    // Request lines show the URL with any key-shaped text cut (a client may send its key in a URL by
    // mistake). pino's own type is wider than Fastify's, which only uses the base logger's methods.
    loggerInstance: logger.child({}, { serializers: { req: loggedRequest } }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // Record ids are `<connection uuid>:<platform id>`, and platform ids can be long.
    routerOptions: { maxParamLength: 700 },
    frameworkErrors,
    logController: new AccessLineLogController(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(plainSerializer);
  if (opts.checkResponses) app.addHook('onSend', checkResponse);
  registerErrors(app);

  const metrics = createApiMetrics(svc.store);
  const audit = createAuditWriter(svc.store.audit, logger);
  const context: ApiContext = {
    svc,
    blobs: createBlobStore(svc.blobsRoot),
    cursors: createCursorCodec(svc.masterKey),
    audit,
    metrics,
    syncJobs: createSyncJobs(svc, metrics, app.log),
    recent: {
      keys: recentReads((id: string) => svc.store.apiKeys.get(id), { ttlMs: RECENT_MS, maxEntries: 10_000 }),
      connections: recentReads(async () => (await svc.store.connections.list()).map(({ id, name }) => ({ id, name })), {
        ttlMs: RECENT_MS,
        maxEntries: 1,
      }),
    },
  };
  app.decorate('api', context);
  app.addHook('onClose', () => context.syncJobs.close());
  // Stopping waits for requests in flight, but not for long: Node would also wait for connections a
  // client opened and never used (until its headers timeout, a minute or more).
  app.addHook('preClose', async () => {
    setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS).unref();
  });
  // Access lines hold no field a secret could be in (loggedRequest cuts key-shaped text from the URL, and
  // the stream hook of log.ts still scrubs every registered secret), so they skip the field redaction,
  // which costs more than the rest of the line.
  const accessLog = app.log.child({}, { redact: { paths: [] } });
  app.addHook('onResponse', async (request, reply) => {
    accessLog.info(
      {
        reqId: request.id,
        req: request,
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
        key: request.principal?.keyName,
      },
      'request completed',
    );
  });
  registerMetrics(app, metrics);
  registerAudit(app, audit, isAudited);
  registerAuth(app);
  await app.register(rateLimit, {
    timeWindow: 60_000,
    keyGenerator: (request) => request.principal?.keyId ?? request.ip,
    max: (request) => request.principal?.rateLimitPerMinute ?? KEYLESS_PER_MINUTE,
    errorResponseBuilder: (_request, ctx) =>
      new ApiError(429, 'rate_limited', `more than ${ctx.max} requests a minute; try again in ${ctx.after}`, {
        'retry-after': String(Math.ceil(ctx.ttl / 1000)),
      }),
  });
  await registerOpenApi(app, VERSION);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // Data and admin answers are personal or privileged: no proxy or browser keeps them.
    if (isAudited(request)) reply.header('cache-control', 'no-store');
  });

  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      if (!route.config?.access) throw new Error(`${route.method} ${route.url} declares no config.access (see src/api/README.md)`);
      const schema: FastifySchema = route.schema ?? {};
      // Every route answers errors in the one shape; saying so documents it in the OpenAPI document too.
      if (route.config.access.family !== 'public' || schema.response) {
        schema.response = { '4xx': errorBodySchema, '5xx': errorBodySchema, ...(schema.response as object) };
      }
      route.schema = schema;
    });
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    for (const route of routes) route(typed);
  });

  await registerSecretsOfConnections(svc, logger);
  return app;
}

/**
 * Every stored credential is scrubbed from this process's log lines, whatever carries it there (a
 * platform echoing it in an error, a passthrough response).
 */
async function registerSecretsOfConnections(svc: Services, logger: Logger): Promise<void> {
  for (const row of await svc.store.connections.list()) {
    try {
      Object.values(connectionSecrets(svc, row)).forEach(registerSecret);
    } catch (err) {
      logger.warn({ err, connection: row.name }, 'cannot decrypt the secrets of this connection (another master key?)');
    }
  }
}
