// CXone error bodies, which differ by API family (reference §6.3). Handlers throw a NiceError with a
// status, a code and a message; the server renders it in the shape of the family the path belongs to.
// The code strings themselves are not documented anywhere; they are descriptive guesses.
import { json, type SimResponse } from '../http-kit.ts';

export type Family = 'issuer' | 'acd' | 'acd-ms' | 'media' | 'userhub' | 'data-extraction';

export class NiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Which family answers for a path; case-insensitive, as the ACD routes are. */
export function familyOfPath(path: string): Family | undefined {
  const p = path.toLowerCase();
  if (p.startsWith('/incontactapi/services/')) {
    // The newer ACD microservices (unavailable codes, dispositions) answer in their own shape.
    const resource = p.split('/')[4];
    return resource === 'unavailable-codes' || resource === 'dispositions' ? 'acd-ms' : 'acd';
  }
  if (p.startsWith('/media-playback/')) return 'media';
  if (p.startsWith('/user-management/')) return 'userhub';
  if (p.startsWith('/data-extraction/')) return 'data-extraction';
  if (p.startsWith('/auth/') || p.startsWith('/.well-known/')) return 'issuer';
  return undefined;
}

export function renderError(family: Family, err: NiceError, path: string, now: number): SimResponse {
  const timestamp = new Date(now).toISOString();
  switch (family) {
    case 'issuer':
      return json(
        err.status,
        { error: err.code, error_description: err.message },
        { 'cache-control': 'no-store', pragma: 'no-cache', ...err.headers },
      );
    case 'acd': {
      // Some ACD 401s come with an empty body (reference §6.3); the message then only travels in the
      // icStatusDescription header. The simulator always does that for 401, the harder case for a client.
      // Messages may quote query values, which a header cannot carry beyond printable ASCII.
      const headers = { icStatusDescription: err.message.replace(/[^\x20-\x7e]/g, '?'), ...err.headers };
      if (err.status === 401) return { status: 401, headers, body: '' };
      return json(err.status, { error: err.code, error_description: err.message }, headers);
    }
    case 'acd-ms':
      return json(err.status, { errorCode: err.code, errorMessage: err.message, path, timestamp }, err.headers);
    case 'media':
      if (err.status === 429) return json(429, { message: err.message, route: path }, err.headers);
      return json(err.status, { internalCode: err.code, message: err.message }, err.headers);
    case 'userhub':
    case 'data-extraction':
      // Data Extraction's error shape is undocumented; it is assumed to share UserHub's (Spring) shape.
      return json(
        err.status,
        { error: REASONS[err.status] ?? 'Error', message: err.message, path, status: err.status, timestamp },
        err.headers,
      );
  }
}

export const badRequest = (message: string, code = 'InvalidParameter') => new NiceError(400, code, message);

export const unauthorized = (message = 'Invalid or expired token.') => new NiceError(401, 'Unauthorized', message);

const forbidden = (message: string) => new NiceError(403, 'Forbidden', message);

export const missingPermissionError = (permission: string) =>
  forbidden(`The security profile of this user does not grant the required permission: ${permission}.`);

export const notFound = (message = 'The requested resource was not found.') => new NiceError(404, 'NotFound', message);

export const tooManyRequests = (message: string, retryAfterSeconds?: number) =>
  new NiceError(429, 'TooManyRequests', message, retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) });

export function serverError(status: number): NiceError {
  return new NiceError(status, (REASONS[status] ?? 'Error').replace(/ /g, ''), 'The service is temporarily unable to process the request.');
}

/** OAuth 2.0 token-endpoint errors (RFC 6749 §5.2), with the no-store headers of reference §2.2. */
export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): SimResponse {
  return renderError('issuer', new NiceError(status, error, description, headers), '/auth/token', 0);
}
