// Logging with two layers of secret redaction:
// 1. fields whose names say "secret" (authorization, password, token, …) are censored by pino's redact,
//    up to three levels deep (e.g. req.headers.authorization);
// 2. every value handed to registerSecret is scrubbed from each finished log line, whatever field,
//    message or error stack it ended up in. This catches what no field list can: a platform echoing a
//    credential in an error body, a secret inside a URL, a message built by string concatenation.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'proxy-authorization',
  'password',
  'passwd',
  'secret',
  'secrets',
  'clientSecret',
  'client_secret',
  'accessKeySecret',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'id_token',
  'token',
  'apiKey',
  'api_key',
  'x-api-key',
  'cookie',
  'Cookie',
  'set-cookie',
];

const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const ref = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return [ref.startsWith('.') ? key : ref, `*${ref}`, `*.*${ref}`];
});

/**
 * Registered values shorter than this are ignored: scrubbing every "abc" or "1234" would garble ids and
 * counts in every line, and credentials that short are not worth protecting this way.
 */
const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();
let secretPattern: RegExp | undefined;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Scrubs `value` from every later log line and from redactSecrets() output, for the life of the process. */
export function registerSecret(value: string): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  // A log line is JSON and a request body may be form-encoded, so the escaped spellings count too.
  const spellings = [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];
  const before = secrets.size;
  for (const spelling of spellings) secrets.add(spelling);
  if (secrets.size === before) return;
  // Longest first, so a secret that contains another is removed whole.
  const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
  secretPattern = new RegExp(alternatives.join('|'), 'g');
}

/** The text with every registered secret replaced by [redacted]; for messages printed outside the logger. */
export function redactSecrets(text: string): string {
  return secretPattern ? text.replace(secretPattern, REDACTED) : text;
}

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** Component name, added to every line. */
  name?: string;
  /**
   * Where lines go. Default: stderr, written synchronously, because stdout carries command output
   * that users pipe into other tools, and a CLI that exits must not lose its last lines.
   */
  destination?: DestinationStream;
}

export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      ...(opts.name ? { name: opts.name } : {}),
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: redactSecrets },
    },
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}
