// Contracts between the engine and the connectors. The engine implements them (http-client.ts,
// token-cache.ts, rate-budget.ts); connectors only ever see these interfaces.

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL, or a path (with or without query string) resolved against the client's base URL. */
  url: string;
  /** Arrays are sent comma-joined (the way the platforms read list parameters). */
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
  /** With responseType 'json': also return the body's text, e.g. to keep payloads exactly as received. */
  keepText?: boolean;
  /**
   * A 2xx body (json or text) larger than this fails with ResponseTooLargeError instead of being held in
   * memory; never retried. For platforms whose lists have no paging (a hostile or broken server must not
   * exhaust memory).
   */
  maxBodyBytes?: number;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, text, or a Node Readable when responseType is 'stream'. */
  body: T;
  /** The JSON body's text, when the request asked for it (keepText). */
  text?: string;
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
  /**
   * Called when the platform answered a request sent with `headerValue` with anything but 401, 429 or
   * 5xx: the credential is known good. Lets Basic credentials hold parallel requests until one proved the
   * password (parallel wrong passwords count as several strikes towards a lockout).
   */
  accepted?(headerValue: string): void;
}

/** What a platform's rate-limit headers say about the current window. */
export interface RateObservation {
  /** Requests allowed in the window. */
  limit?: number;
  /** Requests used so far in the window. */
  used?: number;
  /** Seconds until the window resets. */
  resetSeconds?: number;
  /** Length of the window `limit` applies to; 60 when the platform does not say. */
  windowSeconds?: number;
}

/** A per-token request budget shared by every client using that token (engine/rate-budget.ts). */
export interface RateBudget {
  /** Resolves when the next request may be sent; rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** What the platform's rate headers said on a response. */
  observe(obs: RateObservation): void;
  /** The platform answered 429: every holder of the budget waits `retryAfterMs`. */
  penalize(retryAfterMs: number): void;
}

/** One per HTTP attempt and one per wait before a retry, for metrics and progress. */
export type HttpEvent =
  | {
      type: 'request';
      method: string;
      /** Path without the query string. */
      path: string;
      /** 0 when no response came back (network error, timeout). */
      status: number;
      ms: number;
      attempt: number;
      /** How long the request waited for its rate budget(s) before it was sent: how hard the budget is in use. */
      budgetWaitMs?: number;
      bytes?: number;
      /** Network error code or message, when the exchange failed (no response, or a body cut short). */
      error?: string;
    }
  | { type: 'retry'; method: string; path: string; attempt: number; reason: string; waitMs: number };

/** Connector-supplied reading of a platform's error bodies, so the engine stays platform-free. */
export interface ErrorReading {
  /**
   * For a 403 that names the missing permissions. On a 401 it means the platform identified the caller
   * and refused its role (some platforms answer a caller lacking a role with 401): the credential is
   * proven good, and the call fails with MissingPermissionError instead of blocking the connection.
   */
  missingPermissions?: { mode: 'any' | 'all'; permissions: string[] };
  /** Short platform message, already free of secrets. */
  message?: string;
  code?: string;
}

/** Options for one platform's outbound traffic; each connector declares them. */
export interface PlatformHttpOptions {
  /** Default per-token budget when the platform does not say otherwise. */
  requestsPerMinute: number;
  /**
   * A connection setting (a credential field's name) that, when given as a number >= 0, replaces
   * requestsPerMinute for that connection; 0 = unpaced.
   */
  requestsPerMinuteSetting?: string;
  readRateHeaders?(headers: Record<string, string>): RateObservation | undefined;
  readError?(status: number, body: unknown): ErrorReading | undefined;
  /** API families with a stricter throttle of their own (e.g. a media API), paced on top of the token's budget. */
  familyBudgets?: readonly { name: string; match: RegExp; requestsPerMinute: number; setting?: string }[];
}
