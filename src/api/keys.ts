// API keys and admin tokens, shared by `switchboard keys` and the /admin/keys routes so both accept and
// refuse the same input. A key is `sbk_<id>_<secret>` (an admin token `sba_…`): the prefix makes a
// leaked key recognisable to secret scanners, the id finds its row without comparing secrets in SQL,
// and 256 random bits make the sha256 stored in place of the key as good as the key itself.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ApiKeyKind, ApiKeyRow, Store } from '../store/index.ts';
import { isScope, SCOPES, type Scope } from './scopes.ts';
import { parseWhen } from './when.ts';

export class KeyInputError extends Error {
  override readonly name = 'KeyInputError';
}

const PREFIX: Record<ApiKeyKind, string> = { data: 'sbk', admin: 'sba' };
const KEY_FORMAT = /^(sbk|sba)_([0-9a-f]{16})_[0-9a-f]{64}$/;
/** Key names; key ids (16 hex digits) match it too. */
export const KEY_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

export interface NewKeyInput {
  name: string;
  /** Comma-separated or a list; none for an admin token. */
  scopes?: string | readonly string[];
  /** Names or ids; none: every connection, present and future. */
  connections?: readonly string[];
  /** `90d`, `12h`, `30m`, or a date/time; none: never. */
  expires?: string;
  admin?: boolean;
  rateLimitPerMinute?: number;
}

/** What may be shown of a key: never its hash. */
export const keyViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['data', 'admin']),
    scopes: z.array(z.string()),
    connections: z
      .array(z.object({ id: z.string(), name: z.string().nullable().describe('null once the connection is removed') }).strict())
      .nullable()
      .describe('null: every connection, present and future'),
    rateLimitPerMinute: z.number().int(),
    status: z.enum(['active', 'expired', 'revoked']),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime().nullable(),
    revokedAt: z.string().datetime().nullable(),
    lastUsedAt: z.string().datetime().nullable().describe('from the audit trail'),
  })
  .strict();

export type KeyView = z.infer<typeof keyViewSchema>;

const KEY_SHAPED = /sb[ka]_[0-9a-f]{16}_[0-9a-f]{64}/gi;

/**
 * The text with every key-shaped string cut to its public part (`sbk_<id>…`). A key sent where it does
 * not belong (in a URL) must not reach a log line or the audit trail in clear.
 */
export const redactKeys = (text: string) => text.replace(KEY_SHAPED, (key) => `${key.slice(0, 20)}…[redacted]`);

const hashOf = (key: string) => createHash('sha256').update(key).digest();

export function parseScopes(value: string | readonly string[] | undefined): Scope[] {
  const items = (typeof value === 'string' ? value.split(',') : (value ?? [])).map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((s) => !isScope(s));
  if (unknown.length) throw new KeyInputError(`unknown scope ${unknown.join(', ')}; scopes: ${Object.keys(SCOPES).join(', ')}`);
  return [...new Set(items as Scope[])];
}

/** `90d`, `12h`, `30m` from now, or a date or date-time; always in the future. */
export function parseExpiry(value: string, now: Date): Date {
  const at = parseWhen(value, now, 'ahead');
  if (!at) throw new KeyInputError(`expiry "${value}" is not like 90d, 12h, 30m or 2026-01-31`);
  if (at.getTime() <= now.getTime()) throw new KeyInputError(`expiry "${value}" is not in the future`);
  return at;
}

export async function createApiKey(store: Store, input: NewKeyInput, now = new Date()): Promise<{ key: string; view: KeyView }> {
  if (!KEY_NAME.test(input.name))
    throw new KeyInputError(`key name "${input.name}" must be 1–63 letters, digits, dots, dashes or underscores`);
  const kind: ApiKeyKind = input.admin ? 'admin' : 'data';
  const scopes = parseScopes(input.scopes);
  if (kind === 'admin' && (scopes.length || input.connections?.length)) {
    throw new KeyInputError('an admin token has no scopes or connections: it manages Switchboard and reads no data');
  }
  if (kind === 'data' && !scopes.length) throw new KeyInputError(`choose at least one scope: ${Object.keys(SCOPES).join(', ')}`);
  const limit = input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RATE_LIMIT_PER_MINUTE) {
    throw new KeyInputError(`rate limit must be a whole number of requests per minute, 1–${MAX_RATE_LIMIT_PER_MINUTE}`);
  }
  let connectionIds: string[] | null = null;
  if (input.connections?.length) {
    connectionIds = [];
    for (const name of input.connections) {
      const row = await store.connections.get(name);
      if (!row) throw new KeyInputError(`no connection "${name}"`);
      connectionIds.push(row.id);
    }
  }
  const id = randomBytes(8).toString('hex');
  const key = `${PREFIX[kind]}_${id}_${randomBytes(32).toString('hex')}`;
  const row = await store.apiKeys.create({
    id,
    name: input.name,
    kind,
    scopes,
    connectionIds: connectionIds && [...new Set(connectionIds)],
    secretHash: hashOf(key).toString('hex'),
    rateLimitPerMinute: limit,
    expiresAt: input.expires === undefined ? null : parseExpiry(input.expires, now),
  });
  return { key, view: (await viewsOf(store, [row], now))[0] as KeyView };
}

export async function listApiKeys(store: Store, opts: { includeRevoked?: boolean } = {}, now = new Date()): Promise<KeyView[]> {
  return viewsOf(store, await store.apiKeys.list(opts), now);
}

/** By id, or by name when exactly one active key has it. */
export async function revokeApiKey(store: Store, idOrName: string, now = new Date()): Promise<KeyView> {
  const matches = await store.apiKeys.find(idOrName);
  const byId = matches.find((k) => k.id === idOrName);
  const active = matches.filter((k) => !k.revokedAt);
  const target = byId ?? (active.length === 1 ? active[0] : undefined);
  if (!target) {
    throw new KeyInputError(
      active.length > 1
        ? `${active.length} active keys are named "${idOrName}"; revoke one by id (${active.map((k) => k.id).join(', ')})`
        : `no active key "${idOrName}"`,
    );
  }
  await store.apiKeys.revoke(target.id, now);
  return (await viewsOf(store, [{ ...target, revokedAt: target.revokedAt ?? now }], now))[0] as KeyView;
}

export type Authentication =
  { ok: true; key: ApiKeyRow } | { ok: false; code: 'invalid_api_key' | 'api_key_revoked' | 'api_key_expired'; message: string };

/** The key's row (read by `keyRow`, from its id) if the presented key is genuine, active and unexpired. */
export async function authenticate(
  keyRow: (id: string) => Promise<ApiKeyRow | undefined>,
  presented: string,
  now = new Date(),
): Promise<Authentication> {
  const invalid = { ok: false, code: 'invalid_api_key', message: 'the API key is not valid' } as const;
  const match = KEY_FORMAT.exec(presented);
  if (!match) return invalid;
  const row = await keyRow(match[2] as string);
  // Compared in constant time, though the stored value is a hash, so that no timing tells how much matched.
  if (!row || !timingSafeEqual(hashOf(presented), Buffer.from(row.secretHash, 'hex'))) return invalid;
  if (row.revokedAt) return { ok: false, code: 'api_key_revoked', message: `the API key "${row.name}" was revoked` };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
    return { ok: false, code: 'api_key_expired', message: `the API key "${row.name}" expired at ${row.expiresAt.toISOString()}` };
  }
  return { ok: true, key: row };
}

async function viewsOf(store: Store, rows: ApiKeyRow[], now: Date): Promise<KeyView[]> {
  const names = new Map((await store.connections.list()).map((c) => [c.id, c.name]));
  const lastSeen = await store.audit.lastSeen(rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    scopes: r.scopes,
    connections: r.connectionIds && r.connectionIds.map((id) => ({ id, name: names.get(id) ?? null })),
    rateLimitPerMinute: r.rateLimitPerMinute,
    status: r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt <= now ? 'expired' : 'active',
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: lastSeen.get(r.id)?.toISOString() ?? null,
  }));
}
