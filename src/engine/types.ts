// Contracts between the engine and the connectors. The engine implements them (http-client.ts,
// token-cache.ts, rate-budget.ts); connectors only ever see these interfaces.

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL, or a path (with or without query string) resolved against the client's base URL. */
  url: string;
  /** Arrays are sent comma-joined (Genesys and CXone both read them that way). */
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** 'none' for token endpoints and pre-signed media URLs. Default: the client's auth provider. */
  auth?: 'default' | 'none';
  /** How to read a 2xx body. Default 'json' (an empty body reads as undefined). */
  responseType?: 'json' | 'text' | 'stream';
  /** Non-2xx statuses the caller handles itself (returned instead of thrown, never retried). */
  acceptStatuses?: readonly number[];
  /** Idempotent requests are retried on 5xx/network errors; POSTs only when the caller says so. */
  idempotent?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, text, or a Node Readable when responseType is 'stream'. */
  body: T;
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  /** Shorthand for a GET returning parsed JSON. */
  getJson<T = unknown>(url: string, query?: Record<string, QueryValue>): Promise<T>;
}

/** Supplies the Authorization header; implemented by the engine's token cache or by Basic credentials. */
export interface AuthProvider {
  /** Returns the Authorization header value. Throws CredentialRejectedError once credentials are known bad. */
  authorize(): Promise<string>;
  /**
   * Called when the platform answered 401 to a request sent with `headerValue`. Returns true if a fresh
   * credential may be tried once (a bearer token that may have expired or been revoked); false when the
   * 401 means the credential itself is wrong (Basic auth), which must stop every further call.
   */
  rejected(headerValue: string): boolean;
}

/** What a platform's rate-limit headers say about the current window. */
export interface RateObservation {
  /** Requests allowed in the window. */
  limit?: number;
  /** Requests used so far in the window. */
  used?: number;
  /** Seconds until the window resets. */
  resetSeconds?: number;
}

/** Connector-supplied reading of a platform's error bodies, so the engine stays platform-free. */
export interface ErrorReading {
  /** For a 403 that names the missing permissions. */
  missingPermissions?: { mode: 'any' | 'all'; permissions: string[] };
  /** Short platform message, already free of secrets. */
  message?: string;
  code?: string;
}

/** Options for one platform's outbound traffic; each connector declares them. */
export interface PlatformHttpOptions {
  /** Default per-token budget when the platform does not say otherwise. */
  requestsPerMinute: number;
  readRateHeaders?(headers: Record<string, string>): RateObservation | undefined;
  readError?(status: number, body: unknown): ErrorReading | undefined;
}
