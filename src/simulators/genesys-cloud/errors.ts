// Genesys Cloud error bodies (reference §2, §3). Platform errors share one shape and carry the
// correlation id twice: `contextId` in the body and the `inin-correlation-id` header. The OAuth endpoint
// answers in OAuth style instead, with both `description` and `error_description`.
import { json, type SimResponse } from '../http-kit.ts';

/** Thrown by route handlers; the server turns it into the standard error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorResponse(err: ApiError, correlationId: string): SimResponse {
  return json(
    err.status,
    { message: err.message, code: err.code, status: err.status, contextId: correlationId, details: [], errors: [] },
    { 'inin-correlation-id': correlationId, 'cache-control': 'no-cache, no-store, must-revalidate', ...err.headers },
  );
}

export const badRequest = (message = 'The request could not be understood by the server due to malformed syntax.') =>
  new ApiError(400, 'bad.request', message);

export const invalidValue = (value: unknown, field: string, allowed: string) =>
  new ApiError(400, 'invalid.value', `Value [${String(value)}] is not valid for field type [${field}]. Allowable values are: ${allowed}`);

export const invalidDate = () =>
  new ApiError(400, 'invalid.date', 'Dates must be specified as ISO-8601 strings. For example: yyyy-MM-ddTHH:mm:ss.SSSZ');

export const authenticationRequired = () =>
  new ApiError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');

export const badCredentials = () => new ApiError(401, 'bad.credentials', 'Invalid login credentials.');

export const missingAnyPermissions = (permissions: readonly string[]) =>
  new ApiError(
    403,
    'missing.any.permissions',
    `Unable to perform the requested action. You must have at least one of the following permissions assigned: [${permissions.join(', ')}]`,
  );

export const missingPermissions = (permissions: readonly string[]) =>
  new ApiError(
    403,
    'missing.permissions',
    `Unable to perform the requested action. You are missing the following permission(s): [${permissions.join(', ')}]`,
  );

export const notAuthorized = () => new ApiError(403, 'not.authorized', 'You are not authorized to perform the requested action.');

export const notFound = () => new ApiError(404, 'not.found', 'The requested resource was not found.');

export const tooLarge = (length: number, max: number) =>
  new ApiError(413, 'request.entity.too.large', `The request is over the size limit. Content-Length: ${length}, Maximum bytes: ${max}`);

export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    'too.many.requests.retry.after',
    `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
    {
      'retry-after': String(retryAfterSeconds),
    },
  );

export const serviceUnavailable = () =>
  new ApiError(503, 'service.unavailable', 'Service is currently unavailable. Please try again later.');

export function oauthError(status: number, error: string, description: string): SimResponse {
  return json(status, { error, description, error_description: description }, { 'cache-control': 'no-store' });
}
