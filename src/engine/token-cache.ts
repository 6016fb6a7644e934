// Bearer tokens for one credential: fetched once, shared by every request, refreshed before expiry with a
// single refresh in flight. A refused credential latches, so the token endpoint is never asked again with
// a secret it has already refused (no retry storm, no lockout).
import { CredentialRejectedError } from './errors.ts';
import type { AuthProvider } from './types.ts';

export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface TokenCacheOptions {
  /** Asks the platform for a token; throws CredentialRejectedError when the credential is refused. */
  fetchToken: () => Promise<FetchedToken>;
  /** Refresh this long before expiry (default 60), but never earlier than 10% of the lifetime before it. */
  refreshBeforeSeconds?: number;
  now?: () => number;
}

export interface TokenCache extends AuthProvider {
  /** Forgets the current token so the next request fetches a new one. A latched refusal stays. */
  invalidate(): void;
}

const BACKGROUND_RETRY_MS = 5_000;

interface HeldToken {
  header: string;
  refreshAt: number;
  expiresAt: number;
  /** The platform accepted it at least once. */
  proven: boolean;
}

export function createTokenCache(opts: TokenCacheOptions): TokenCache {
  const now = opts.now ?? Date.now;
  let held: HeldToken | undefined;
  let inflight: Promise<HeldToken> | undefined;
  let latched: CredentialRejectedError | undefined;
  // A token the platform never accepted was already thrown away once since the last accepted one; a
  // second such refusal means fresh tokens do not help, so requests stop instead of minting one each.
  let unprovenDropped = false;
  /** When a refresh last failed; a background refresh waits a little after it, not one per request. */
  let failedAt = -Infinity;

  async function fetchAndHold(): Promise<HeldToken> {
    // Lifetime counts from the moment we asked, so network time never makes us hold an expired token.
    const askedAt = now();
    try {
      const token = await opts.fetchToken();
      if (typeof token.accessToken !== 'string' || token.accessToken === '' || !(token.expiresInSeconds > 0)) {
        throw new Error('the token endpoint answered without a usable access token');
      }
      const lifetimeMs = token.expiresInSeconds * 1000;
      const marginMs = Math.min((opts.refreshBeforeSeconds ?? 60) * 1000, lifetimeMs * 0.1);
      held = {
        header: `Bearer ${token.accessToken}`,
        refreshAt: askedAt + lifetimeMs - marginMs,
        expiresAt: askedAt + lifetimeMs,
        proven: false,
      };
      return held;
    } catch (err) {
      failedAt = now();
      // Only a refusal latches: a 5xx or network failure may pass, and the next caller tries again.
      if (err instanceof CredentialRejectedError) latched = err;
      throw err;
    }
  }

  function refresh(): Promise<HeldToken> {
    inflight ??= fetchAndHold().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  return {
    async authorize() {
      if (latched) throw latched;
      const t = now();
      if (held && t < held.expiresAt) {
        if (t >= held.refreshAt && !inflight && t - failedAt >= BACKGROUND_RETRY_MS) {
          // Refresh in the background while the current token is still good; a refusal latches inside
          // refresh(), anything else is tried again shortly, so the failure is deliberately not awaited.
          refresh().catch(() => undefined);
        }
        return held.header;
      }
      return (await refresh()).header;
    },

    rejected(headerValue) {
      if (latched) return false;
      // Already replaced (another request saw the 401 first): retrying with the newer token is the one try.
      if (!held || held.header !== headerValue) return true;
      if (!held.proven) {
        if (unprovenDropped) return false;
        unprovenDropped = true;
      }
      held = undefined;
      return true;
    },

    accepted(headerValue) {
      if (held?.header === headerValue && !held.proven) {
        held.proven = true;
        unprovenDropped = false;
      }
    },

    invalidate() {
      held = undefined;
    },
  };
}
