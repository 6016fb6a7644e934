// Finesse's two error shapes (reference §1.4, §4): the `ApiErrors` XML of the REST layer, and the HTML
// page the container answers a failed Basic authentication with. Handlers throw a FinesseError; the
// server renders it.
import type { SimResponse } from '../http-kit.ts';
import { xmlResponse } from './xml.ts';

export class FinesseError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    /** Absent in some documented bodies (the /Users wrong-role variant). */
    readonly errorData?: string,
  ) {
    super(message);
  }
}

/**
 * ErrorData comes before ErrorMessage, as in real responses and unlike the documented structure
 * (reference §4): a client that depends on the documented order breaks here, as it would in production.
 */
export function renderApiError(err: FinesseError): SimResponse {
  const apiError: Record<string, string> = { ErrorType: err.errorType };
  if (err.errorData !== undefined) apiError.ErrorData = err.errorData;
  apiError.ErrorMessage = err.message;
  return xmlResponse(err.status, { ApiErrors: { ApiError: apiError } });
}

/** UNCONFIRMED realm; the reference only asks that a Basic challenge be sent. */
export const REALM = 'Cisco Finesse';

/**
 * A wrong password, an unknown user, missing credentials or a locked account: the VOS error page
 * (reference §1.4, observed). The same page in every case, so a lock cannot be told from a bad password.
 */
export function authenticationFailed(): SimResponse {
  const body =
    '<!-- custom Cisco error page --><html><head><title>Cisco System - Error report</title>' +
    '<style><!--H1 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;}--></style></head>' +
    '<body><h1>HTTP Status 401 - </h1><hr size="1" noshade="noshade"><p><b>type</b> Status report</p>' +
    '<p><b>message</b> <u></u></p><p><b>description</b> <u>This request requires HTTP authentication.</u></p>' +
    '<hr size="1" noshade="noshade"><h3>Cisco Systems</h3></body></html>';
  return {
    status: 401,
    headers: { 'content-type': 'text/html;charset=utf-8', 'www-authenticate': `Basic realm="${REALM}"` },
    body,
  };
}

/** Authenticated, but an agent or supervisor calling an administrator API (reference §1.4). */
export const wrongRole = (username: string) => new FinesseError(401, 'Authorization Failure', 'UNAUTHORIZED', username);

/** GET /Users documents its own wrong-role body, without ErrorData (reference §1.4). */
export const usersWrongRole = () => new FinesseError(401, 'Unauthorized', 'The user is not authorized to perform this operation');

/** Another user's object. */
export const otherUser = (id: string) =>
  new FinesseError(
    401,
    'Invalid Authorization User Specified',
    "The user specified in the authentication credentials and the uri don't match",
    id,
  );

export const badRequest = (message: string, data?: string) => new FinesseError(400, 'Bad Request', message, data);

export const notFound = (message: string, data?: string) => new FinesseError(404, 'Not Found', message, data);

/** Configuration APIs on the UCCE secondary node, any write on the UCCX secondary (reference §2). */
export const forbidden = (message: string) => new FinesseError(403, 'Forbidden', message);

export const methodNotAllowed = (method: string) =>
  new FinesseError(405, 'Method Not Allowed', `The simulator serves only the read APIs; ${method} is not supported here`);

export const outOfService = () => new FinesseError(503, 'Service Unavailable', 'SERVER_OUT_OF_SERVICE');

export const internalError = () => new FinesseError(500, 'Internal Server Error', 'An unexpected error occurred');

/** Not in the reference: Finesse documents no 429. Only ever served as an injected fault. */
export const tooManyRequests = () => new FinesseError(429, 'Too Many Requests', 'TOO_MANY_REQUESTS');
