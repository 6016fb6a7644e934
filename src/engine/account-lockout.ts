// Platforms that lock an account after a few failed logins (five wrong passwords can lock a user out for
// minutes, and that user may be the one administrator every human shares; see the connectors that set
// auth.accountLockout) need more than the Basic latch of one session. Here a connection's credentials are
// used by one session at a time across every process sharing the store, leased through the connection's
// row; inside the session requests go one at a time; and the first rejection blocks the connection in the
// store, so no scheduled sync, other worker or later run sends them again until an operator changes them
// or explicitly tests them. Together: at most one failed authentication per credential change.
import { randomUUID } from 'node:crypto';
import { abortReason, sleep } from './backoff.ts';
import { CredentialRejectedError } from './errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from './types.ts';

export type AuthLeaseOutcome =
  | { acquired: true }
  /** busy: another session holds it; blocked: the credentials were rejected; changed: they were replaced. */
  | { acquired: false; why: 'busy' | 'blocked' | 'changed' | 'missing'; reason?: string | null };

/** What the guard needs of the store (store/connections.ts implements it on the connection's row). */
export interface AuthLeaseStore {
  acquireAuthLease(input: {
    connectionId: string;
    holder: string;
    credentialVersion: number;
    now: Date;
    until: Date;
    /** An operator's explicit test may try blocked credentials once more. */
    ignoreBlock: boolean;
  }): Promise<AuthLeaseOutcome>;
  releaseAuthLease(connectionId: string, holder: string): Promise<void>;
  setStatus(id: string, status: 'auth_failed', reason: string, expectedCredentialVersion: number): Promise<void>;
}

export interface LockoutGuardOptions {
  store: AuthLeaseStore;
  connectionId: string;
  /** The version of the credentials this session sends; a change in the meantime ends the session. */
  credentialVersion: number;
  ignoreBlock?: boolean;
  /** How long a lease lasts unless renewed (a crashed holder frees it after this). Default 60 s. */
  leaseMs?: number;
  /** How long to wait for another session's lease before giving up. Default 2 minutes. */
  maxWaitMs?: number;
  pollMs?: number;
}

export interface LockoutGuard {
  /** Resolves once this session holds the connection; throws when the connection is blocked or changed. */
  hold(signal?: AbortSignal): Promise<void>;
  /** The platform rejected the credentials: block the connection so that nothing sends them again. */
  block(reason: string): Promise<void>;
  release(): Promise<void>;
}

export class ConnectionBusyError extends Error {
  override readonly name = 'ConnectionBusyError';
}

export function createLockoutGuard(opts: LockoutGuardOptions): LockoutGuard {
  const holder = randomUUID();
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxWaitMs = opts.maxWaitMs ?? 120_000;
  const pollMs = opts.pollMs ?? 250;
  let held = false;
  let blocked = false;
  let renewal: NodeJS.Timeout | undefined;

  const acquire = () => {
    const now = new Date();
    return opts.store.acquireAuthLease({
      connectionId: opts.connectionId,
      holder,
      credentialVersion: opts.credentialVersion,
      now,
      until: new Date(now.getTime() + leaseMs),
      ignoreBlock: opts.ignoreBlock ?? false,
    });
  };

  return {
    async hold(signal) {
      if (held) return;
      const deadline = Date.now() + maxWaitMs;
      for (;;) {
        if (signal?.aborted) throw abortReason(signal);
        const outcome = await acquire();
        if (outcome.acquired) break;
        // Another session's rejection, in the platform's words as it stored them (so restating it changes nothing).
        if (outcome.why === 'blocked') throw new CredentialRejectedError(outcome.reason ?? 'rejected by an earlier request');
        if (outcome.why !== 'busy')
          throw new Error(
            `the connection's credentials ${outcome.why === 'changed' ? 'changed' : 'were removed'} while this session ran; start again`,
          );
        if (Date.now() >= deadline) {
          throw new ConnectionBusyError(
            'another Switchboard session is using this connection; this platform locks accounts after failed logins, so one session at a time sends its credentials. Try again when that one ends.',
          );
        }
        await sleep(pollMs, signal);
      }
      held = true;
      // Renewed in the background: one request may retry for longer than the lease lasts.
      renewal = setInterval(() => void acquire().catch(() => undefined), leaseMs / 3);
      renewal.unref();
    },

    async block(reason) {
      // Only the platform's first answer is worth keeping; later ones are this session's own latch.
      if (blocked) return;
      blocked = true;
      await opts.store.setStatus(opts.connectionId, 'auth_failed', reason, opts.credentialVersion);
    },

    async release() {
      clearInterval(renewal);
      if (!held) return;
      held = false;
      await opts.store.releaseAuthLease(opts.connectionId, holder);
    },
  };
}

/**
 * One request at a time, each under the guard's lease (a request without credentials needs none), and a
 * rejected credential blocks the connection before the error reaches the caller.
 */
export function serialUnderGuard<C extends HttpClient & { close(): Promise<void> }>(
  client: C,
  guard: LockoutGuard | undefined,
  signal?: AbortSignal,
): C {
  let tail: Promise<unknown> = Promise.resolve();
  const request = <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    const run = tail.then(async () => {
      if (req.auth !== 'none') await guard?.hold(signal);
      try {
        return await client.request<T>(req);
      } catch (err) {
        if (err instanceof CredentialRejectedError && err.status === 401) await guard?.block(err.reason);
        throw err;
      }
    });
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    ...client,
    request,
    getJson: async <T>(url: string, query?: HttpRequest['query']) => (await request<T>({ method: 'GET', url, query })).body,
    close: async () => {
      try {
        await client.close();
      } finally {
        await guard?.release();
      }
    },
  };
}
