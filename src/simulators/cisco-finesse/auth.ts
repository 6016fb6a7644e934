// Basic authentication and the lockout (reference §1.5): the 5th consecutive bad password blocks that
// user from one API family (configuration, serviceability, desktop) for 5 minutes of simulated time,
// during which even the right password gets the same 401 page. A success resets the consecutive count.
// Counters are per user and family and shared by both nodes (UNCONFIRMED whether real nodes share them;
// shared is the stricter case for a client). The answer during a lock is UNCONFIRMED too: here the same
// 401 page as a bad password, counted as a failed authentication, and further failures do not extend
// the lock (also UNCONFIRMED).
import type { SimRequest } from '../http-kit.ts';
import type { Caller, FinesseState } from './state.ts';

export type ApiFamily = 'configuration' | 'serviceability' | 'desktop';
export const API_FAMILIES: readonly ApiFamily[] = ['configuration', 'serviceability', 'desktop'];

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 5 * 60_000;

interface Counter {
  consecutiveFailures: number;
  /** Every authentication this user failed in the family, refusals during a lock included. */
  failedAuthentications: number;
  /** Of those, the ones refused only because the account was locked. */
  refusedWhileLocked: number;
  lockedUntil: number | undefined;
}

export interface CounterJson {
  consecutiveFailures: number;
  failedAuthentications: number;
  refusedWhileLocked: number;
  lockedUntil: string | null;
}

export class Lockout {
  private readonly counters = new Map<string, Map<ApiFamily, Counter>>();

  private counter(principal: string, family: ApiFamily): Counter {
    let families = this.counters.get(principal);
    if (!families) this.counters.set(principal, (families = new Map()));
    let counter = families.get(family);
    if (!counter)
      families.set(family, (counter = { consecutiveFailures: 0, failedAuthentications: 0, refusedWhileLocked: 0, lockedUntil: undefined }));
    return counter;
  }

  /** Records one authentication; false when it is refused (bad password, or locked whatever the password). */
  attempt(principal: string, family: ApiFamily, passwordOk: boolean, now: number): boolean {
    const c = this.counter(principal, family);
    if (c.lockedUntil !== undefined && now < c.lockedUntil) {
      c.failedAuthentications++;
      c.refusedWhileLocked++;
      return false;
    }
    if (c.lockedUntil !== undefined) {
      c.lockedUntil = undefined;
      c.consecutiveFailures = 0;
    }
    if (passwordOk) {
      c.consecutiveFailures = 0;
      return true;
    }
    c.consecutiveFailures++;
    c.failedAuthentications++;
    if (c.consecutiveFailures >= LOCKOUT_THRESHOLD) c.lockedUntil = now + LOCKOUT_MS;
    return false;
  }

  describe(principal: string, now: number): Record<ApiFamily, CounterJson> {
    const families = this.counters.get(principal);
    const out = {} as Record<ApiFamily, CounterJson>;
    for (const family of API_FAMILIES) {
      const c = families?.get(family);
      const locked = c?.lockedUntil !== undefined && now < c.lockedUntil;
      out[family] = {
        consecutiveFailures: c && (locked || c.lockedUntil === undefined) ? c.consecutiveFailures : 0,
        failedAuthentications: c?.failedAuthentications ?? 0,
        refusedWhileLocked: c?.refusedWhileLocked ?? 0,
        lockedUntil: locked ? new Date(c.lockedUntil as number).toISOString() : null,
      };
    }
    return out;
  }

  principals(): string[] {
    return [...this.counters.keys()];
  }

  totalFailed(): number {
    let total = 0;
    for (const families of this.counters.values()) for (const c of families.values()) total += c.failedAuthentications;
    return total;
  }

  clear(): void {
    this.counters.clear();
  }
}

/** The Basic credentials of a request; undefined when absent or not decodable. */
export function basicCredentials(req: SimRequest): { username: string; password: string } | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon <= 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The lockout key of a username: the user's login id whatever name they signed in with. */
export function lockoutKey(state: FinesseState, username: string): string {
  const principal = state.principal(username);
  return principal?.kind === 'user' ? principal.user.loginId : username;
}

/**
 * Checks the credentials in one family. undefined: refused (the caller answers with the 401 page). Unknown
 * users are counted too, under the name given, so that a client's failures are all visible.
 */
export function authenticate(
  state: FinesseState,
  lockout: Lockout,
  credentials: { username: string; password: string },
  family: ApiFamily,
  now: number,
): Caller | undefined {
  const principal = state.principal(credentials.username);
  const passwordOk = principal !== undefined && state.passwordOf(principal) === credentials.password;
  if (!lockout.attempt(lockoutKey(state, credentials.username), family, passwordOk, now) || !principal) return undefined;
  return principal.kind === 'admin'
    ? { kind: 'admin', username: credentials.username }
    : { kind: 'user', username: credentials.username, user: principal.user };
}
