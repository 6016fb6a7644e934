// Platform sessions for the passthrough, one per connection and credential version, opened exactly as a
// sync opens its session (engine/session.ts, with the connection's lockout guard), and kept between
// requests: a session holds the token cache and the rate budget, so a fresh one per request would log in
// every time and pace nothing. A session that has sat idle closes; one whose platform locks accounts
// closes soon after its last request, because it holds the connection's lease and a sync or an operator's
// test waits for that lease.
import type { ConnectorDefinition } from '../../connectors/connector.ts';
import type { AuthLeaseStore } from '../../engine/account-lockout.ts';
import { openSession, type Session } from '../../engine/session.ts';
import type { HttpClient, HttpEvent } from '../../engine/types.ts';
import type { ConnectionRow } from '../../store/index.ts';
import { PassthroughFailure } from './proxy.ts';

export interface PassthroughSessionsOptions {
  /** The connections' lease and status store (store.connections). */
  leases: AuthLeaseStore;
  /** Decrypts a connection's secrets, only when a session has to be opened. */
  secretsOf(row: ConnectionRow): Record<string, string>;
  /** Where a session's platform requests are counted (the API's metrics: requests, 429s, budget waits). */
  eventsOf?(row: ConnectionRow): (event: HttpEvent) => void;
  /** Idle time before a session closes. Default 60 s. */
  idleMs?: number;
  /** The same for platforms that lock accounts (the lease is held meanwhile). Default 2 s. */
  lockoutIdleMs?: number;
  /** Requests a connection may have in flight through the passthrough; more are refused. Default 16. */
  maxInFlight?: number;
  /** How long a request waits for another session's lease (a sync) before giving up. Default 10 s. */
  leaseWaitMs?: number;
}

export interface SessionLease {
  http: HttpClient;
  /** Call once the response has been passed on in full (or abandoned). */
  release(): void;
}

export interface PassthroughSessions {
  /** The connection's session, opened if need be; throws PassthroughFailure when too many requests are in flight. */
  acquire(row: ConnectionRow, connector: ConnectorDefinition): SessionLease;
  /** Closes the connection's sessions at once (its credentials were rejected); requests in flight finish on their own. */
  discard(connectionId: string): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  key: string;
  connectionId: string;
  session: Session;
  controller: AbortController;
  inFlight: number;
  idleMs: number;
  timer?: NodeJS.Timeout;
}

export function createPassthroughSessions(opts: PassthroughSessionsOptions): PassthroughSessions {
  const entries = new Map<string, Entry>();
  const maxInFlight = opts.maxInFlight ?? 16;

  const closeEntry = async (entry: Entry): Promise<void> => {
    clearTimeout(entry.timer);
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    await entry.session.close();
  };

  function open(row: ConnectionRow, connector: ConnectorDefinition, key: string): Entry {
    const controller = new AbortController();
    const session = openSession(
      connector,
      { settings: row.settings, secrets: opts.secretsOf(row) },
      {
        signal: controller.signal,
        onEvent: opts.eventsOf?.(row),
        lockout: {
          store: opts.leases,
          connectionId: row.id,
          credentialVersion: row.credentialVersion,
          // An app's request should not hang for a sync's two minutes; it is told to come back.
          maxWaitMs: opts.leaseWaitMs ?? 10_000,
        },
      },
    );
    const lockout = connector.auth.accountLockout === true;
    const entry: Entry = {
      key,
      connectionId: row.id,
      session,
      controller,
      inFlight: 0,
      idleMs: lockout ? (opts.lockoutIdleMs ?? 2_000) : (opts.idleMs ?? 60_000),
    };
    entries.set(key, entry);
    return entry;
  }

  return {
    acquire(row, connector) {
      const key = `${row.id}:${row.credentialVersion}`;
      // Sessions of older credentials are never reused; they close once idle.
      const entry = entries.get(key) ?? open(row, connector, key);
      if (entry.inFlight >= maxInFlight) {
        throw new PassthroughFailure(
          503,
          'passthrough_busy',
          `${maxInFlight} passthrough requests are already in flight for this connection`,
          1,
        );
      }
      entry.inFlight++;
      clearTimeout(entry.timer);
      let released = false;
      return {
        http: entry.session.http,
        release() {
          if (released) return;
          released = true;
          entry.inFlight--;
          if (entry.inFlight > 0 || entries.get(key) !== entry) return;
          entry.timer = setTimeout(() => void closeEntry(entry), entry.idleMs);
          entry.timer.unref();
        },
      };
    },

    async discard(connectionId) {
      await Promise.all([...entries.values()].filter((e) => e.connectionId === connectionId).map(closeEntry));
    },

    async close() {
      const all = [...entries.values()];
      for (const entry of all) entry.controller.abort(new Error('the API server is shutting down'));
      await Promise.all(all.map(closeEntry));
    },
  };
}
