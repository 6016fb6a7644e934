// Which passthrough requests may reach a platform. The request's raw path and query (as the client sent
// them, before any router decoded them) are checked syntactically, matched against the connector's
// allowlist segment by segment after exactly one percent-decoding, and rebuilt from the decoded parts: the
// platform only ever receives a path and query this module wrote, never the client's bytes. Anything
// ambiguous is refused rather than repaired.
import type { PassthroughDefinition, PassthroughEndpoint } from '../../connectors/connector.ts';

/** Longest platform path plus query accepted; the connectors' longest real request is far shorter. */
export const MAX_TARGET_LENGTH = 2048;

export type RefusalCode =
  /** Not GET. */
  | 'passthrough_method_refused'
  /** Traversal, encoding tricks, characters a path has no business holding, or too long. */
  | 'passthrough_path_refused'
  /** A well-formed path that is not on the connector's allowlist. */
  | 'passthrough_not_allowed'
  /** A query parameter the endpoint does not read, or a value that smuggles a path or URL. */
  | 'passthrough_query_refused';

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export interface PassthroughTarget {
  /** Rebuilt path and query, relative to the platform's API host. */
  url: string;
  /** The allowlist entry it matched, e.g. `/api/v2/users/{userId}`. */
  endpoint: PassthroughEndpoint;
}

export type Decision = { ok: true; target: PassthroughTarget } | { ok: false; refusal: Refusal };

export interface Allowlist {
  decide(method: string, rawTarget: string): Decision;
}

interface CompiledEndpoint {
  endpoint: PassthroughEndpoint;
  /** A literal segment, or null for a placeholder. */
  segments: (string | null)[];
  query: ReadonlySet<string>;
}

const LITERAL = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;
const PLACEHOLDER = /^\{[A-Za-z][A-Za-z0-9]*\}$/;
const QUERY_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** RFC 3986 pchar and `/`: anything else in a raw path (backslash, space, NUL, `#`, non-ASCII) is refused. */
const RAW_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
/** The same for a raw query, which may also hold `?` by the RFC: refused here, as a second query start. */
const RAW_QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
/** After decoding, a segment holding any of these is a trick: a slash, a backslash, a path parameter, a second query, another escape. */
const DECODED_SEGMENT_TRICK = /[/\\;?#%\p{Cc}]/u;
/** A decoded query value that names a path or URL, or escapes once more. */
const VALUE_TRICK = /(?:^[/\\])|(?:\.\.[/\\])|(?:[/\\]\.\.)|(?:^\.\.$)|(?::\/\/)|(?:%[0-9A-Fa-f]{2})|\p{Cc}/u;

const refuse = (code: RefusalCode, message: string): Decision => ({ ok: false, refusal: { code, message } });

/**
 * Checks and compiles a connector's declaration once; a malformed one is a programming error and throws,
 * so the catalog test catches it.
 */
export function compileAllowlist(platform: string, def: PassthroughDefinition): Allowlist {
  const compiled: CompiledEndpoint[] = def.allow.map((endpoint) => {
    const parts = endpoint.path.split('/');
    if (parts[0] !== '' || parts.length < 2) throw new Error(`${platform} passthrough: "${endpoint.path}" must start with /`);
    const segments = parts.slice(1).map((part) => {
      if (PLACEHOLDER.test(part)) return null;
      if (!LITERAL.test(part)) throw new Error(`${platform} passthrough: "${endpoint.path}" has a malformed segment "${part}"`);
      return part;
    });
    for (const key of endpoint.query ?? []) {
      if (!QUERY_KEY.test(key)) throw new Error(`${platform} passthrough: "${endpoint.path}" has a malformed query parameter "${key}"`);
    }
    return { endpoint, segments, query: new Set(endpoint.query ?? []) };
  });
  const shapes = compiled.map((c) => c.segments.map((s) => s ?? '{}').join('/'));
  const dup = shapes.find((s, i) => shapes.indexOf(s) !== i);
  if (dup) throw new Error(`${platform} passthrough: two entries have the shape /${dup}`);
  // A literal segment is a closer match than a placeholder: /divisions/home before /divisions/{id}.
  compiled.sort((a, b) => placeholders(a) - placeholders(b));

  return {
    decide(method, rawTarget) {
      if (method !== 'GET')
        return refuse('passthrough_method_refused', `the passthrough is read-only: GET only, not ${method.slice(0, 16)}`);
      if (rawTarget.length > MAX_TARGET_LENGTH) {
        return refuse('passthrough_path_refused', `the platform path and query are longer than ${MAX_TARGET_LENGTH} characters`);
      }
      const q = rawTarget.indexOf('?');
      const rawPath = q < 0 ? rawTarget : rawTarget.slice(0, q);
      const rawQuery = q < 0 ? '' : rawTarget.slice(q + 1);
      const path = decodePath(rawPath);
      if (typeof path === 'string') return refuse('passthrough_path_refused', path);
      const match = compiled.find((c) => matches(c, path, def.segment));
      if (!match)
        return refuse(
          'passthrough_not_allowed',
          `${platform}: ${rawPath.slice(0, 200)} is not one of the read endpoints the passthrough allows`,
        );
      const query = rebuildQuery(rawQuery, match);
      if (query.error !== undefined) return refuse('passthrough_query_refused', query.error);
      const url = `/${path.map(encodeURIComponent).join('/')}${query.text ? `?${query.text}` : ''}`;
      return { ok: true, target: { url, endpoint: match.endpoint } };
    },
  };
}

const placeholders = (c: CompiledEndpoint): number => c.segments.filter((s) => s === null).length;

/** The decoded segments, or why the raw path is refused. */
function decodePath(rawPath: string): string[] | string {
  if (!rawPath.startsWith('/') || rawPath === '/') return 'a platform path is required, e.g. /api/v2/users';
  if (!RAW_PATH.test(rawPath)) return 'the path holds characters a platform path never has (backslash, space, control or non-ASCII)';
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    // An empty segment is `//`: with a scheme-relative reading it names another host.
    if (raw === '') return 'empty path segment (//)';
    const decoded = decodeOnce(raw);
    if (decoded === undefined) return 'malformed percent-encoding in the path';
    if (decoded === '.' || decoded === '..') return 'dot segments (. and ..) are refused, encoded or not';
    if (DECODED_SEGMENT_TRICK.test(decoded)) {
      return 'a path segment decodes to a slash, backslash, semicolon, question mark, percent sign or control character';
    }
    segments.push(decoded);
  }
  return segments;
}

function matches(c: CompiledEndpoint, path: string[], segment: RegExp): boolean {
  if (c.segments.length !== path.length) return false;
  return c.segments.every((literal, i) => (literal === null ? segment.test(path[i] as string) : literal === path[i]));
}

/** Keys and values decoded once, checked, and re-encoded in the order given; repeated keys stay repeated. */
function rebuildQuery(rawQuery: string, match: CompiledEndpoint): { text: string; error?: undefined } | { error: string } {
  if (rawQuery === '') return { text: '' };
  if (!RAW_QUERY.test(rawQuery))
    return { error: 'the query holds characters a query never has (?, #, backslash, space, control or non-ASCII)' };
  const pairs: string[] = [];
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // Form encoding, as URLSearchParams reads it: `+` is a space.
    const key = decodeOnce((eq < 0 ? pair : pair.slice(0, eq)).replaceAll('+', ' '));
    const value = decodeOnce((eq < 0 ? '' : pair.slice(eq + 1)).replaceAll('+', ' '));
    if (key === undefined || value === undefined) return { error: 'malformed percent-encoding in the query' };
    if (!match.query.has(key)) {
      const known = [...match.query].join(', ') || 'none';
      return { error: `query parameter "${key.slice(0, 64)}" is not read by ${match.endpoint.path} (allowed: ${known})` };
    }
    if (VALUE_TRICK.test(value)) return { error: `the value of "${key}" holds a path, a URL, an escape or a control character` };
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return { text: pairs.join('&') };
}

/** Exactly one percent-decoding; undefined for a malformed escape or bytes that are not UTF-8. */
function decodeOnce(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
