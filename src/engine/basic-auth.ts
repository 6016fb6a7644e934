// HTTP Basic credentials. A 401 on Basic auth is a wrong password (or an account already locked), and
// every repetition counts towards the platform's lockout of a possibly shared admin account: the first
// 401 latches, and nothing is sent with the same credentials again.
import { CredentialRejectedError } from './errors.ts';
import type { AuthProvider } from './types.ts';

export interface BasicAuthOptions {
  /**
   * Until one request has proved the password, other requests wait for its answer (several wrong
   * passwords in parallel would be several strikes at once). If no answer comes within this time (the
   * first request is stuck retrying a network error), the next waiter becomes the one request.
   */
  probeTimeoutMs?: number;
}

const LATCHED_REASON =
  'an earlier request with these credentials was answered 401; nothing more is sent with them, so the account is not locked out';

export function createBasicAuth(username: string, password: string, opts: BasicAuthOptions = {}): AuthProvider {
  // RFC 7617: the server splits at the first colon, so such a name can only ever fail (and count a strike).
  if (username.includes(':')) throw new Error('a Basic auth username cannot contain ":"');
  const header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  const probeTimeoutMs = opts.probeTimeoutMs ?? 10_000;
  let latched: CredentialRejectedError | undefined;
  let proven = false;
  let probe: { answered: Promise<void>; end(): void } | undefined;

  function startProbe(): void {
    let resolve!: () => void;
    const answered = new Promise<void>((r) => (resolve = r));
    const end = () => {
      clearTimeout(timer);
      if (probe?.answered === answered) probe = undefined;
      resolve();
    };
    const timer = setTimeout(end, probeTimeoutMs);
    timer.unref();
    probe = { answered, end };
  }

  return {
    async authorize() {
      for (;;) {
        if (latched) throw latched;
        if (proven) return header;
        if (!probe) {
          startProbe();
          return header;
        }
        await probe.answered;
      }
    },

    rejected() {
      latched ??= new CredentialRejectedError(LATCHED_REASON, 401);
      probe?.end();
      return false;
    },

    accepted(headerValue) {
      if (headerValue !== header) return;
      proven = true;
      probe?.end();
    },
  };
}
