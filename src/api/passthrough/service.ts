// The read-only passthrough, without HTTP framework: one request for one connection, decided against the
// connector's allowlist, refused before anything is sent when it is not a plain allowed read, and
// otherwise forwarded through the connection's platform session. A credential the platform rejects
// blocks the connection exactly as it does for a sync: its status becomes auth_failed, and nothing is
// sent with those credentials again until an operator updates or explicitly tests them.
import type { Readable } from 'node:stream';
import { requireConnector } from '../../connectors/catalog.ts';
import type { ConnectorDefinition } from '../../connectors/connector.ts';
import type { ConnectionRow, ConnectionsRepo } from '../../store/index.ts';
import { compileAllowlist, type Allowlist, type RefusalCode } from './allowlist.ts';
import { PassthroughFailure, forward } from './proxy.ts';
import { createPassthroughSessions, type PassthroughSessionsOptions } from './sessions.ts';

export interface PassthroughRequest {
  /** The connection, already found and checked against the key's connections. */
  connection: ConnectionRow;
  method: string;
  /** The platform path and query exactly as the client sent them (not decoded by a router). */
  rawTarget: string;
  accept?: string;
  /** The key holds the personal-data scope. */
  mayReadPersonalData: boolean;
}

export type PassthroughOutcome =
  | { kind: 'refused'; status: 403; code: RefusalCode | 'passthrough_personal_data'; message: string }
  | { kind: 'failed'; status: number; code: string; message: string; retryAfter?: number }
  | {
      kind: 'answer';
      status: number;
      headers: Record<string, string>;
      body: Readable | string;
      /** The path and query sent to the platform, as rebuilt from the request, for the audit trail. */
      sent: string;
      /** Call when the answer has been sent (or abandoned): frees the connection's session. */
      done(): void;
    };

export interface Passthrough {
  handle(req: PassthroughRequest): Promise<PassthroughOutcome>;
  close(): Promise<void>;
}

export interface PassthroughOptions extends Omit<PassthroughSessionsOptions, 'leases'> {
  connections: ConnectionsRepo;
}

export function createPassthrough(opts: PassthroughOptions): Passthrough {
  const sessions = createPassthroughSessions({ ...opts, leases: opts.connections });
  const allowlists = new Map<string, Allowlist | null>();
  const allowlistOf = (connector: ConnectorDefinition): Allowlist | null => {
    let list = allowlists.get(connector.id);
    if (list === undefined) {
      list = connector.passthrough ? compileAllowlist(connector.id, connector.passthrough) : null;
      allowlists.set(connector.id, list);
    }
    return list;
  };

  return {
    async handle(req) {
      const { connection } = req;
      const connector = requireConnector(connection.platform);
      const allowlist = allowlistOf(connector);
      if (!allowlist) {
        return { kind: 'refused', status: 403, code: 'passthrough_not_allowed', message: `${connector.title} offers no passthrough` };
      }
      const decision = allowlist.decide(req.method, req.rawTarget);
      if (!decision.ok) return { kind: 'refused', status: 403, ...decision.refusal };
      const { target } = decision;
      if (target.endpoint.personalData && !req.mayReadPersonalData) {
        return {
          kind: 'refused',
          status: 403,
          code: 'passthrough_personal_data',
          message: `${target.endpoint.path} returns customer phone numbers and e-mail addresses, which the passthrough cannot mask: the key needs pii:read`,
        };
      }
      if (connection.status === 'auth_failed') {
        return {
          kind: 'failed',
          status: 409,
          code: 'connection_blocked',
          message: `the platform rejected this connection's credentials (${connection.statusReason ?? 'no reason given'}); nothing is sent with them until an operator updates or tests the connection`,
        };
      }
      let lease: ReturnType<typeof sessions.acquire> | undefined;
      try {
        lease = sessions.acquire(connection, connector);
        const answer = await forward(lease.http, target, req.accept);
        const held = lease;
        return { kind: 'answer', ...answer, sent: target.url, done: () => held.release() };
      } catch (err) {
        lease?.release();
        if (!(err instanceof PassthroughFailure)) throw err;
        if (err.rejectedReason !== undefined) {
          // As runSync does: the connection is blocked until an operator acts (lockout connectors' guard already did).
          await opts.connections.setStatus(connection.id, 'auth_failed', err.rejectedReason, connection.credentialVersion);
          await sessions.discard(connection.id);
        }
        return {
          kind: 'failed',
          status: err.status,
          code: err.code,
          message: err.message,
          ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}),
        };
      }
    },
    close: () => sessions.close(),
  };
}
