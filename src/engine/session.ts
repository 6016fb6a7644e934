// A platform session: endpoints, the token client and the authenticated API client of one connection,
// wired so that every request shares one auth provider and one rate budget.
import type { ConnectionSettings, ConnectorContext, ConnectorDefinition } from '../connectors/connector.ts';
import { createLockoutGuard, serialUnderGuard, type LockoutGuardOptions } from './account-lockout.ts';
import { createHttpClient, type HttpEvent } from './http-client.ts';
import { createRateBudget } from './rate-budget.ts';

export interface SessionOptions {
  signal: AbortSignal;
  onEvent?: (event: HttpEvent) => void;
  /**
   * The store lease behind connectors with auth.accountLockout. Without it (tests of a connector alone)
   * requests are still sent one at a time and a rejection still latches, but only within this session.
   */
  lockout?: LockoutGuardOptions;
}

export interface Session extends ConnectorContext {
  /** Closes the connection pools. */
  close(): Promise<void>;
}

export function openSession(connector: ConnectorDefinition, conn: ConnectionSettings, opts: SessionOptions): Session {
  const endpoints = connector.endpoints(conn.settings);
  const tls = { ca: endpoints.tls?.ca, allowInsecureTls: endpoints.tls?.insecure };
  const tokenHttp = createHttpClient({
    baseUrl: endpoints.loginUrl,
    platform: connector.http,
    signal: opts.signal,
    onEvent: opts.onEvent,
    ...tls,
  });
  const auth = connector.auth.provider({ ...conn, endpoints, tokenHttp });
  const discover = connector.auth.discoverApiBaseUrl;
  const baseUrl = endpoints.apiBaseUrl ?? (discover && (() => discover({ ...conn, endpoints, tokenHttp, auth })));
  if (!baseUrl) throw new Error(`${connector.title}: no API base URL and no way to discover one`);
  /** A connection's own figure (a tenant whose limit the platform raised), else the connector's default. */
  const perMinute = (fallback: number, setting: string | undefined): number => {
    const raw = setting ? conn.settings[setting] : undefined;
    const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  const client = createHttpClient({
    baseUrl,
    ...tls,
    auth,
    budget: createRateBudget({ requestsPerMinute: perMinute(connector.http.requestsPerMinute, connector.http.requestsPerMinuteSetting) }),
    familyBudgets: connector.http.familyBudgets?.map((f) => ({
      match: f.match,
      budget: createRateBudget({ requestsPerMinute: perMinute(f.requestsPerMinute, f.setting) }),
    })),
    platform: connector.http,
    signal: opts.signal,
    onEvent: opts.onEvent,
  });
  const http = connector.auth.accountLockout
    ? serialUnderGuard(client, opts.lockout && createLockoutGuard(opts.lockout), opts.signal)
    : client;
  return {
    ...conn,
    endpoints,
    auth,
    http,
    signal: opts.signal,
    close: async () => {
      await Promise.all([http.close(), tokenHttp.close()]);
    },
  };
}
