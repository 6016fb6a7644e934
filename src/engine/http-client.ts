// The one way out to a platform. Every request gets the rate budget, timeouts, retries with jittered
// backoff, one re-authentication on 401, and errors a user can act on, with no secret in any message.
// Platform knowledge (error bodies, rate headers, default limits) comes in through PlatformHttpOptions.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Agent, type Dispatcher } from 'undici';
import { abortReason, backoffDelay, parseRetryAfter, sleep, type BackoffOptions } from './backoff.ts';
import {
  CredentialRejectedError,
  HttpStatusError,
  MissingPermissionError,
  ResponseTooLargeError,
  RetriesExhaustedError,
} from './errors.ts';
import type {
  AuthProvider,
  ErrorReading,
  HttpClient,
  HttpEvent,
  HttpRequest,
  HttpResponse,
  PlatformHttpOptions,
  QueryValue,
  RateBudget,
} from './types.ts';

export type { HttpEvent } from './types.ts';

export interface HttpClientOptions {
  /**
   * Relative URLs resolve against it, keeping its path prefix. A function is called once, at the first
   * request, for platforms whose API host is only known after authentication (tenant discovery); a
   * failed resolution is tried again by the next request.
   */
  baseUrl: string | (() => Promise<string>);
  auth?: AuthProvider;
  platform: PlatformHttpOptions;
  /** The token's budget, shared by every client using the token. None: no pacing (a 429 still waits). */
  budget?: RateBudget;
  /** Stricter budgets of API families (by path), spent in addition to the token's. */
  familyBudgets?: readonly { match: RegExp; budget: RateBudget }[];
  /** Time to response headers, and the longest silence while reading a body. */
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  userAgent?: string;
  signal?: AbortSignal;
  onEvent?: (e: HttpEvent) => void;
  /** Bring your own pool (tests, proxies); it is then yours to close. */
  dispatcher?: Dispatcher;
  /** Self-signed platform certificates; prefer `ca`. */
  allowInsecureTls?: boolean;
  /** PEM bundle to trust for the platform's certificate. */
  ca?: string;
}

export interface ClosableHttpClient extends HttpClient {
  /** Closes the connection pool this client created (a no-op for a dispatcher passed in). */
  close(): Promise<void>;
}

/** Failures where the request may simply not have reached, or not come back from, the platform. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** Error bodies are read for their message only; a huge HTML error page is not worth holding. */
const ERROR_BODY_LIMIT = 64 * 1024;

class InvalidBodyError extends Error {}

export function createHttpClient(opts: HttpClientOptions): ClosableHttpClient {
  let resolvedBase: Promise<URL> | undefined;
  const baseUrl = (): Promise<URL> => {
    const source = opts.baseUrl;
    resolvedBase ??= (typeof source === 'string' ? Promise.resolve(source) : source()).then((url) => new URL(url));
    resolvedBase.catch(() => (resolvedBase = undefined));
    return resolvedBase;
  };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 6);
  const userAgent = opts.userAgent ?? 'switchboard';
  const { signal, budget, platform, onEvent } = opts;
  const ownPool = opts.dispatcher
    ? undefined
    : new Agent({
        // Pipelining stays off: a slow response must never hold up the ones queued behind it.
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connect: { timeout: timeoutMs, rejectUnauthorized: !opts.allowInsecureTls, ca: opts.ca },
      });
  const dispatcher: Dispatcher = opts.dispatcher ?? (ownPool as Agent);

  function resolve(base: URL, url: string, query: Record<string, QueryValue> | undefined): URL {
    const prefix = base.pathname.replace(/\/+$/, '');
    let target: URL;
    if (/^https?:\/\//i.test(url)) {
      target = new URL(url);
    } else {
      // Leading slashes collapse so that "//host/x" can never be read as another host.
      const path = `/${url.replace(/^\/+/, '')}`;
      // A next link may already carry the base's prefix; do not add it twice.
      const prefixed = !prefix || path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
      target = new URL(prefixed ? path : prefix + path, base.origin);
    }
    if (query) {
      for (const [key, value] of Object.entries(query)) {
        if (value === undefined) continue;
        target.searchParams.set(key, typeof value === 'object' ? value.join(',') : String(value));
      }
    }
    return target;
  }

  async function request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const base = await baseUrl();
    const target = resolve(base, req.url, req.query);
    const { method } = req;
    const path = target.pathname;
    const responseType = req.responseType ?? 'json';
    const idempotent = method !== 'POST' || req.idempotent === true;
    const auth = req.auth === 'none' ? undefined : opts.auth;
    const familyBudget = opts.familyBudgets?.find((f) => f.match.test(path))?.budget;
    if (auth && target.origin !== base.origin) {
      throw new Error(`refusing to send credentials to ${target.origin} (not ${base.origin}); use auth: 'none' for pre-signed URLs`);
    }

    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: responseType === 'json' ? 'application/json' : '*/*',
    };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;

    // Asked once per request: a retry after a 5xx reuses it, only a 401 asks for a fresh one.
    let credential = auth ? await auth.authorize() : undefined;
    let reauthorized = false;

    const emit = (e: HttpEvent) => onEvent?.(e);
    const retryOrGiveUp = async (attempt: number, reason: string, waitMs?: number): Promise<void> => {
      if (attempt >= maxAttempts) throw new RetriesExhaustedError(attempt, reason);
      const wait = waitMs ?? backoffDelay(attempt, opts.backoff);
      emit({ type: 'retry', method, path, attempt, reason, waitMs: wait });
      await sleep(wait, signal);
    };

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      const queued = performance.now();
      await budget?.acquire(signal);
      await familyBudget?.acquire(signal);
      if (credential) headers.authorization = credential;
      const started = performance.now();
      const budgetWaitMs = started - queued;
      const done = (status: number, extra: { bytes?: number; error?: string } = {}) =>
        emit({ type: 'request', method, path, status, ms: performance.now() - started, attempt, budgetWaitMs, ...extra });

      let res: Dispatcher.ResponseData;
      try {
        res = await dispatcher.request({
          origin: target.origin,
          path: target.pathname + target.search,
          method,
          headers,
          body,
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        done(0, { error: describe(err) });
        if (!idempotent || !isTransient(err)) throw err;
        await retryOrGiveUp(attempt, describe(err));
        continue;
      }

      const status = res.statusCode;
      const resHeaders = flattenHeaders(res.headers);
      const observation = platform.readRateHeaders?.(resHeaders);
      if (observation) budget?.observe(observation);
      if (credential && status !== 401 && status !== 429 && status < 500) auth?.accepted?.(credential);

      if (status >= 200 && status < 300) {
        if (responseType === 'stream') {
          const length = Number(resHeaders['content-length']);
          done(status, Number.isFinite(length) ? { bytes: length } : {});
          return { status, headers: resHeaders, body: res.body as Readable as T };
        }
        try {
          const { text, bytes } = await readText(res.body, req.maxBodyBytes, path);
          done(status, { bytes });
          if (responseType === 'text') return { status, headers: resHeaders, body: text as T };
          return { status, headers: resHeaders, body: parseJson(text, status) as T, ...(req.keepText ? { text } : {}) };
        } catch (err) {
          if (signal?.aborted) throw abortReason(signal);
          // A body cut short shows up as a socket error or as JSON that stops mid-way: either way the
          // transfer failed, and only a retry (where allowed) can tell which.
          if (!(err instanceof InvalidBodyError)) done(status, { error: describe(err) });
          if (err instanceof ResponseTooLargeError) throw err;
          if (!idempotent || !(err instanceof InvalidBodyError || isTransient(err))) {
            throw err instanceof InvalidBodyError ? new Error(`${method} ${path}: ${err.message}`) : err;
          }
          await retryOrGiveUp(attempt, err instanceof InvalidBodyError ? err.message : describe(err));
          continue;
        }
      }

      const errorBody = await readErrorBody(res.body);
      done(status, { bytes: errorBody.bytes });
      if (signal?.aborted) throw abortReason(signal);
      const accepted = req.acceptStatuses?.includes(status) === true;
      const reply = (): HttpResponse<T> => ({
        status,
        headers: resHeaders,
        body: (responseType === 'text' ? errorBody.text : errorBody.value) as T,
      });

      if (status === 401) {
        const refusal = platform.readError?.(status, errorBody.value);
        if (credential && refusal?.missingPermissions && !accepted) {
          // The platform named the caller and refused its role: the password is right, nothing to latch.
          auth?.accepted?.(credential);
          throw new MissingPermissionError(refusal.missingPermissions.mode, refusal.missingPermissions.permissions, path, refusal.message);
        }
        // The provider always hears of a 401, even one the caller accepts: Basic credentials must latch.
        const mayRetry = credential !== undefined && auth !== undefined && auth.rejected(credential);
        if (accepted) return reply();
        if (mayRetry && !reauthorized) {
          reauthorized = true;
          credential = await auth.authorize();
          attempt--;
          continue;
        }
        throw new CredentialRejectedError(reasonOf(refusal, errorBody.value, status), status);
      }
      if (accepted) return reply();

      const reading = platform.readError?.(status, errorBody.value);
      if (status === 429) {
        // The platform did not process the request, so even a POST may go again once the wait is over.
        const wait = parseRetryAfter(resHeaders['retry-after']) ?? backoffDelay(attempt, opts.backoff);
        // A family's own throttle is the likelier cause of its 429; other families need not wait for it.
        (familyBudget ?? budget)?.penalize(wait);
        await retryOrGiveUp(attempt, statusReason(status, reading), wait);
        continue;
      }
      if (status >= 500 && idempotent) {
        await retryOrGiveUp(attempt, statusReason(status, reading));
        continue;
      }
      if (status === 403 && reading?.missingPermissions) {
        throw new MissingPermissionError(reading.missingPermissions.mode, reading.missingPermissions.permissions, path, reading.message);
      }
      throw new HttpStatusError(status, method, path, reading?.code, reading?.message, errorBody.value);
    }
  }

  return {
    request,
    async getJson<T = unknown>(url: string, query?: Record<string, QueryValue>): Promise<T> {
      return (await request<T>({ method: 'GET', url, query })).body;
    },
    async close() {
      await ownPool?.close();
    },
  };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

/**
 * The body as text, decoded chunk by chunk as it arrives: no joined buffer to allocate and copy, and the
 * decoding overlaps the transfer. JSON.parse then reads this one string; nothing is copied again.
 */
async function readText(body: Readable, maxBytes: number | undefined, path: string): Promise<{ text: string; bytes: number }> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (maxBytes !== undefined && bytes > maxBytes) {
      body.destroy();
      throw new ResponseTooLargeError(path, maxBytes);
    }
    text += decoder.write(chunk);
  }
  return { text: text + decoder.end(), bytes };
}

function parseJson(text: string, status: number): unknown {
  if (status === 204 || text === '') return undefined;
  try {
    // A byte-order mark is legal in a UTF-8 payload but not in JSON.parse.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new InvalidBodyError(`response body is not valid JSON (${text.length} characters, possibly cut short)`);
  }
}

/** Up to ERROR_BODY_LIMIT bytes, as parsed JSON when it is JSON, else as text; never throws. */
async function readErrorBody(body: Readable): Promise<{ value: unknown; text: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch {
    // The status already says what happened; a broken error body only loses the platform's wording.
  }
  if (!body.destroyed && !body.readableEnded) body.destroy();
  const text = Buffer.concat(chunks, size).toString('utf8');
  if (text.trim() === '') return { value: undefined, text, bytes: size };
  try {
    return { value: JSON.parse(text), text, bytes: size };
  } catch {
    return { value: text, text, bytes: size };
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : errorCode(cause);
}

function isTransient(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

function describe(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function statusReason(status: number, reading: ErrorReading | undefined): string {
  const detail = reading?.message ?? reading?.code;
  return detail ? `${status} ${detail}` : `HTTP ${status}`;
}

/**
 * The platform's own words for a refusal: the connector's reading first, else the fields OAuth servers
 * use (RFC 6749 §5.2) or a plain `message`. Truncated; HTML error pages are left out.
 */
function reasonOf(reading: ErrorReading | undefined, body: unknown, status: number): string {
  let reason = reading?.message ?? reading?.code;
  if (!reason && body && typeof body === 'object') {
    const { error, error_description: description, message } = body as Record<string, unknown>;
    if (typeof error === 'string') reason = typeof description === 'string' ? `${error}: ${description}` : error;
    else if (typeof message === 'string') reason = message;
  }
  return reason ? reason.slice(0, 300) : `HTTP ${status}`;
}
