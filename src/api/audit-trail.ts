// Reading the audit trail, for `switchboard audit` and GET /admin/audit alike.
import type { AuditRow, Store } from '../store/index.ts';
import { parseWhen } from './when.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AuditQueryError extends Error {
  override readonly name = 'AuditQueryError';
}

export interface AuditFilter {
  /** A key's id or name (every key that had the name). */
  key?: string;
  /** `24h`, `7d`, `30m` ago, or a date or date-time. */
  since?: string;
  until?: string;
  /** A connection's id or name. */
  connection?: string;
  beforeSeq?: number;
  limit: number;
}

/** Newest first. */
export async function readAudit(store: Store, filter: AuditFilter, now = new Date()): Promise<AuditRow[]> {
  const when = (value: string | undefined, what: string) => {
    if (value === undefined) return undefined;
    const at = parseWhen(value, now, 'ago');
    if (!at) throw new AuditQueryError(`${what} "${value}" is not like 24h, 7d, 30m or 2026-01-31T08:00:00Z`);
    return at;
  };
  const keyIds = filter.key === undefined ? undefined : (await store.apiKeys.find(filter.key)).map((k) => k.id);
  if (keyIds?.length === 0) throw new AuditQueryError(`no key "${filter.key}"`);
  let connectionId: string | undefined;
  if (filter.connection !== undefined) {
    // A removed connection keeps its entries: its id still finds them.
    connectionId =
      (await store.connections.get(filter.connection))?.id ?? (UUID.test(filter.connection) ? filter.connection.toLowerCase() : undefined);
    if (!connectionId) throw new AuditQueryError(`no connection "${filter.connection}" (a removed connection is found by its id)`);
  }
  return store.audit.query({
    keyIds,
    since: when(filter.since, 'since'),
    until: when(filter.until, 'until'),
    connectionId,
    beforeSeq: filter.beforeSeq,
    limit: filter.limit,
  });
}
