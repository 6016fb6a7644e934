// CXone's error bodies, one shape per API family (reference/nice-cxone-api.md §6.3, §6.4), read into
// what the engine needs: a message, a code, and for a refused read the permission that was missing.
import type { ErrorReading } from '../../engine/types.ts';
import { ACD_VIEW, PLAY_ANY, permissions } from './permissions.ts';

type Json = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * 403 means the token is good but the employee's role (or the registration's API families) does not
 * allow the call (§6.4). A message that names one of our declared permissions is taken at its word;
 * otherwise, where the body says which family answered, the family's permission is named. ACD's
 * `{error, error_description}` 403 is shared by reads with different permissions, so without a name the
 * stream that made the call names it instead (streams/guard.ts).
 *
 * 401 means a missing, expired or revoked token (§6.4). A 401 whose message speaks of permission or
 * authorisation for the user (the legacy "not authorized for user" wording, §3) is read as a missing
 * permission too, so that once the engine heeds missingPermissions on a 401 it stops blocking the
 * connection for it (UNCONFIRMED whether current CXone still answers that way; defensive).
 */
export function readError(status: number, body: unknown): ErrorReading | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Json;
  const reading = readShape(b);
  if (!reading) return undefined;
  const refusedRead = status === 403 || (status === 401 && /permission|not authori[sz]ed for/i.test(reading.message ?? ''));
  if (refusedRead && !isLicenceRefusal(reading.code, reading.message)) {
    const permission = namedPermission(reading.message) ?? familyPermission(b);
    if (permission) reading.missingPermissions = { mode: 'all', permissions: [permission] };
  }
  return reading;
}

/**
 * Media Playback is a licensed SKU (§5.3); how an unlicensed tenant is refused is UNCONFIRMED. A refusal
 * that speaks of a licence is no role permission: it is reported as the platform said it, not as a skip.
 */
export function isLicenceRefusal(code: string | undefined, message: string | undefined): boolean {
  return /licen[cs]/i.test(`${code ?? ''} ${message ?? ''}`);
}

function readShape(b: Json): ErrorReading | undefined {
  // Token endpoint and ACD Admin/Reporting: {error, error_description}; security profiles: {error, errorDescription}.
  if (text(b.error) && !('path' in b)) {
    return { code: text(b.error), message: text(b.error_description) ?? text(b.errorDescription) ?? text(b.error) };
  }
  // Newer ACD services (unavailable codes, dispositions): {errorCode, errorMessage, path, timestamp}.
  if (text(b.errorMessage) || ('errorCode' in b && 'path' in b)) {
    return { code: codeText(b.errorCode), message: text(b.errorMessage) ?? text(b.message) };
  }
  // Media Playback: {internalCode, message}; its 429: {message, route}.
  if ('internalCode' in b || 'route' in b) return { code: codeText(b.internalCode), message: text(b.message) };
  // User management 401: {error, message, path, status, timestamp}; recording management: {errorCode, message}.
  if (text(b.message) || text(b.error)) return { code: codeText(b.errorCode) ?? text(b.error), message: text(b.message) ?? text(b.error) };
  return undefined;
}

const codeText = (v: unknown): string | undefined => (typeof v === 'number' ? String(v) : text(v));

/** A declared permission the message names after the word "permission" (the wording is UNCONFIRMED). */
function namedPermission(message: string | undefined): string | undefined {
  const named = /permissions?\b[^:]*:\s*(.+?)\.?$/i.exec(message ?? '')?.[1];
  return named && Object.hasOwn(permissions, named) ? named : undefined;
}

/** The permission a refusal names, when the body's shape or `path` tells which family answered. */
function familyPermission(b: Json): string | undefined {
  if ('internalCode' in b) return PLAY_ANY;
  const path = text(b.path) ?? '';
  if (/\/media-playback\//i.test(path)) return PLAY_ANY;
  if (/\/(unavailable-codes|dispositions)\b/i.test(path)) return ACD_VIEW;
  return undefined;
}
