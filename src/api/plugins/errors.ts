// Turns every failure into the one error body (errors.ts), whatever raised it: a route's ApiError, the
// zod validation of a request, Fastify's own checks (bad JSON, body too large, a URL that does not
// decode), the rate limiter, or a bug. A 5xx never carries the cause's message: it could hold anything.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, errorBody } from '../errors.ts';
import { redactKeys } from '../keys.ts';
import { auditEntry } from './audit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The error code of the response, for the audit trail. */
    errorCode: string | null;
  }
}

/** Fastify's own 4xx errors, by their code, as ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

const PARTS: Record<string, string> = { querystring: 'query', params: 'path', body: 'body', headers: 'header' };

function describe(error: unknown): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (error instanceof ApiError) return { status: error.statusCode, code: error.code, message: error.message, headers: error.headers };
  const e = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(e)) {
    const part = PARTS[e.validationContext ?? ''] ?? 'request';
    const problems = e.validation.map((v) => {
      const at = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return at ? `${part}.${at}: ${v.message}` : `${part}: ${v.message}`;
    });
    return { status: 400, code: part === 'body' ? 'invalid_body' : 'invalid_parameter', message: problems.join('; '), headers: {} };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, code: FASTIFY_CODES[e.code] ?? 'bad_request', message: e.message, headers: {} };
  }
  return { status: 500, code: 'internal_error', message: 'internal error; the server log has the details', headers: {} };
}

/**
 * For Fastify's `frameworkErrors` option: what the router refuses before any route is chosen (a path
 * that is not valid percent-encoded UTF-8, a parameter longer than the router takes).
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  request.errorCode = tooLong ? 'path_too_long' : 'invalid_url';
  void reply
    .code(tooLong ? 414 : 400)
    .send(errorBody(request.errorCode, tooLong ? 'a path segment is too long' : 'the path is not valid percent-encoded UTF-8'));
  // No route, so no onResponse hook: the refusal is audited here (encoded tricks are refusals like any other).
  request.server.api.audit.push(auditEntry(request, reply));
}

/** Every part of a query string decodes as UTF-8; the parser would keep a bad one as literal text. */
function wellEncoded(query: string): boolean {
  try {
    for (const part of query.split('&')) decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

/** On the root instance, so that it answers for every route, the passthrough's included, and for unknown paths. */
export function registerErrors(app: FastifyInstance): void {
  app.decorateRequest('errorCode', null);
  app.addHook('onRequest', async (request) => {
    const at = request.url.indexOf('?');
    if (at >= 0 && !wellEncoded(request.url.slice(at + 1))) {
      throw new ApiError(400, 'invalid_url', 'the query string is not valid percent-encoded UTF-8');
    }
  });
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, code, message, headers } = describe(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    request.errorCode = code;
    return reply.code(status).headers(headers).send(errorBody(code, message));
  });
  app.setNotFoundHandler((request, reply) => {
    request.errorCode = 'route_not_found';
    const path = redactKeys(request.url.split('?')[0] ?? '').slice(0, 200);
    return reply.code(404).send(errorBody('route_not_found', `no route ${request.method} ${path}`));
  });
}
