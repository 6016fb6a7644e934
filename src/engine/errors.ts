// Errors the engine raises; the sync runner, CLI and API turn them into verdicts a user can act on.

/** The platform refused the credential itself. Never retried: a shared admin account must not lock out. */
export class CredentialRejectedError extends Error {
  override readonly name = 'CredentialRejectedError';
  constructor(
    /** Platform's own reason, e.g. `invalid_client: authentication failed`. Never contains a secret. */
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`credentials rejected by the platform: ${reason}`);
  }
}

/** A 403 that names the permissions the caller lacks. */
export class MissingPermissionError extends Error {
  override readonly name = 'MissingPermissionError';
  constructor(
    readonly mode: 'any' | 'all',
    readonly permissions: string[],
    readonly url: string,
    /** The platform's own words, when it gave any (e.g. "this account is not an administrator"). */
    readonly platformMessage?: string,
  ) {
    super(
      `missing ${mode === 'any' ? 'one of the permissions' : 'permissions'} ${permissions.join(', ')}${platformMessage ? `: ${platformMessage}` : ''}`,
    );
  }
}

/** Any other non-2xx answer that was not retried away. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly method: string,
    /** URL with the query string stripped, so no token or id list leaks into messages. */
    readonly path: string,
    readonly code?: string,
    readonly platformMessage?: string,
    readonly body?: unknown,
  ) {
    super(`${method} ${path} answered ${status}${code ? ` ${code}` : ''}${platformMessage ? `: ${platformMessage}` : ''}`);
  }
}

/** Retries exhausted on 5xx, 429 or network errors. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`gave up after ${attempts} attempts: ${lastError}`);
  }
}

/** A listing served the same page or the same next link twice; paging on would never end. */
export class PaginationLoopError extends Error {
  override readonly name = 'PaginationLoopError';
  constructor(
    /** URL with the query string stripped. */
    readonly path: string,
    readonly detail: string,
  ) {
    super(`pagination of ${path} loops: ${detail}`);
  }
}

/** A response body larger than the request allowed (HttpRequest.maxBodyBytes); the transfer was cut off. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(
    /** URL with the query string stripped. */
    readonly path: string,
    readonly limitBytes: number,
  ) {
    super(`${path}: the response body is larger than ${limitBytes} bytes; refusing to read more`);
  }
}
