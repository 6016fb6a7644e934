// Forwards one allowed read through a connection's session (the engine's client: rate budget, retries,
// one re-authentication, the lockout guard) and turns the platform's answer into the one the app gets:
// status, content type and body passed through, the body streamed; headers that belong to one hop or to
// the platform's own origin dropped. A failure that is not the platform's answer to this read (its
// credential refused, the platform unreachable) becomes an API error saying so.
import type { Readable } from 'node:stream';
import { ConnectionBusyError } from '../../engine/account-lockout.ts';
import { CredentialRejectedError, HttpStatusError, MissingPermissionError, RetriesExhaustedError } from '../../engine/errors.ts';
import type { HttpClient } from '../../engine/types.ts';
import type { PassthroughTarget } from './allowlist.ts';

/**
 * The platform's refusals of this read reach the app as they are: every 4xx but 401 (the credential: the
 * engine re-authenticates once, or latches and blocks, and never passes it on) and 429 (the engine waits
 * and retries under the rate budget, which must hear of it).
 */
const PASSED_STATUSES: readonly number[] = Array.from({ length: 100 }, (_, i) => 400 + i).filter((s) => s !== 401 && s !== 429);

/**
 * Not passed on: hop-by-hop headers (RFC 9110 §7.6.1), the platform's cookies and credential challenges,
 * headers the body's new framing replaces, and headers that would set policy for the API's own origin
 * (CORS, HSTS, alternative services, a content security policy).
 */
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'set-cookie',
  'set-cookie2',
  'www-authenticate',
  'content-length',
  'strict-transport-security',
  'alt-svc',
  'content-security-policy',
  'content-security-policy-report-only',
]);

/**
 * A platform body (Finesse's HTML error pages, XML) must never run as a page of the API's origin. (The
 * app adds nosniff and no-store to every keyed answer.)
 */
const SANDBOX = { 'content-security-policy': "default-src 'none'; sandbox" };

const ACCEPT = /^[\x20-\x7e]{1,256}$/;

export interface PlatformAnswer {
  status: number;
  headers: Record<string, string>;
  /** A 2xx body as it streams in; an error body (already read by the engine, at most 64 KiB) as text. */
  body: Readable | string;
}

/** A failure of the platform exchange itself, as the API reports it. */
export class PassthroughFailure extends Error {
  override readonly name = 'PassthroughFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, when trying again later can help. */
    readonly retryAfter?: number,
    /** The platform rejected the connection's credential, in its words: the caller blocks the connection, as a sync does. */
    readonly rejectedReason?: string,
  ) {
    super(message);
  }
}

/** One GET through the session's client; throws PassthroughFailure when there is no platform answer to pass on. */
export async function forward(http: HttpClient, target: PassthroughTarget, accept: string | undefined): Promise<PlatformAnswer> {
  try {
    const res = await http.request<Readable | unknown>({
      method: 'GET',
      url: target.url,
      // An app's Accept is a wish about the representation (Finesse XML, NICE's "No known way to render data").
      headers: { accept: accept && ACCEPT.test(accept) ? accept : '*/*', 'accept-encoding': 'identity' },
      responseType: 'stream',
      acceptStatuses: PASSED_STATUSES,
      ...(target.endpoint.anonymous ? { auth: 'none' as const } : {}),
    });
    const headers: Record<string, string> = {};
    const named = (res.headers.connection ?? '').split(',').map((h) => h.trim().toLowerCase());
    for (const [name, value] of Object.entries(res.headers)) {
      if (!DROPPED.has(name) && !named.includes(name) && !name.startsWith('access-control-')) headers[name] = value;
    }
    Object.assign(headers, SANDBOX);
    return { status: res.status, headers, body: bodyOf(res.body) };
  } catch (err) {
    throw failureOf(err);
  }
}

/** The engine hands an accepted error body back parsed when it is JSON; the app gets its text again. */
function bodyOf(body: unknown): Readable | string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (typeof (body as Readable).pipe === 'function') return body as Readable;
  return JSON.stringify(body);
}

function failureOf(err: unknown): PassthroughFailure {
  if (err instanceof PassthroughFailure) return err;
  if (err instanceof CredentialRejectedError) {
    return new PassthroughFailure(
      502,
      'platform_credentials_rejected',
      `the platform rejected this connection's credentials (${err.reason}); nothing more is sent with them until an operator updates or tests the connection`,
      undefined,
      err.reason,
    );
  }
  if (err instanceof MissingPermissionError) {
    return new PassthroughFailure(403, 'platform_permission_missing', `the connection's credentials may not read this: ${err.message}`);
  }
  if (err instanceof ConnectionBusyError) return new PassthroughFailure(503, 'connection_busy', err.message, 5);
  if (err instanceof RetriesExhaustedError) {
    return new PassthroughFailure(502, 'platform_unavailable', `the platform did not answer usefully: ${err.message}`, 30);
  }
  if (err instanceof HttpStatusError) {
    return new PassthroughFailure(502, 'platform_error', `the platform answered ${err.status}, which the passthrough does not forward`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PassthroughFailure(502, 'platform_unreachable', `could not read from the platform: ${message.slice(0, 300)}`);
}
