// Client-credentials OAuth and the platform's error bodies (reference/genesys-cloud-api.md §2–§4).
import { CredentialRejectedError } from '../../engine/errors.ts';
import { createTokenCache } from '../../engine/token-cache.ts';
import type { AuthProvider, ErrorReading, HttpClient, RateObservation } from '../../engine/types.ts';
import type { ConnectorContext, VerifyReport } from '../connector.ts';

interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
  description?: string;
}

/**
 * POST {login}/oauth/token with Basic client credentials. A 400/401 answer is the credential itself
 * being refused (invalid_client, unauthorized_client): it is raised as CredentialRejectedError, which
 * the token cache latches so the token endpoint is never asked again with the same secret.
 * https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials
 */
export async function fetchClientCredentialsToken(
  tokenHttp: HttpClient,
  loginUrl: string,
  clientId: string,
  clientSecret: string,
): Promise<{ accessToken: string; expiresInSeconds: number }> {
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  const res = await tokenHttp.request<TokenResponse>({
    method: 'POST',
    url: `${loginUrl.replace(/\/$/, '')}/oauth/token`,
    form: { grant_type: 'client_credentials' },
    headers: { authorization: `Basic ${basic}` },
    auth: 'none',
    // The token request changes nothing server-side, so a 5xx or a reset may be retried.
    idempotent: true,
    acceptStatuses: [400, 401, 403],
  });
  const body = res.body ?? {};
  if (res.status >= 400 || !body.access_token) {
    const reason = body.error
      ? `${body.error}: ${body.error_description ?? body.description ?? 'no description'}`
      : `token endpoint answered ${res.status} without a token`;
    throw new CredentialRejectedError(reason, res.status);
  }
  return { accessToken: body.access_token, expiresInSeconds: body.expires_in ?? 3600 };
}

/** The session's auth provider, with the token lifetime the platform gave (seconds), for the doctor. */
export type ClientCredentialsAuth = AuthProvider & { tokenLifetime?: number };

export function clientCredentialsProvider(
  tokenHttp: HttpClient,
  loginUrl: string,
  secrets: Record<string, string>,
  settings: Record<string, string>,
): ClientCredentialsAuth {
  const clientId = settings.clientId ?? '';
  const clientSecret = secrets.clientSecret ?? '';
  const provider: ClientCredentialsAuth = createTokenCache({
    fetchToken: async () => {
      const token = await fetchClientCredentialsToken(tokenHttp, loginUrl, clientId, clientSecret);
      provider.tokenLifetime = token.expiresInSeconds;
      return token;
    },
  });
  return provider;
}

/** `inin-ratelimit-*` headers (§4): the bucket size, the count used, and seconds to reset. */
export function readRateHeaders(headers: Record<string, string>): RateObservation | undefined {
  const limit = Number(headers['inin-ratelimit-allowed']);
  if (!Number.isFinite(limit) || limit <= 0) return undefined;
  const used = Number(headers['inin-ratelimit-count']);
  const reset = Number(headers['inin-ratelimit-reset']);
  return {
    limit,
    used: Number.isFinite(used) ? used : undefined,
    resetSeconds: Number.isFinite(reset) ? reset : undefined,
  };
}

/**
 * The standard error body `{message, code, status}` (§3). A 403 names the missing permissions in square
 * brackets inside `message`; `missing.any.permissions` means any one would do.
 */
export function readError(status: number, body: unknown): ErrorReading | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { message, code } = body as { message?: unknown; code?: unknown };
  const reading: ErrorReading = {
    message: typeof message === 'string' ? message : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
  if (status === 403 && reading.message && /^missing\.(any\.)?permissions$/.test(reading.code ?? '')) {
    const list = /\[([^\]]*)\]/.exec(reading.message)?.[1] ?? '';
    const names = list
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (names.length) {
      reading.missingPermissions = { mode: reading.code === 'missing.any.permissions' ? 'any' : 'all', permissions: names };
    }
  }
  return reading;
}

interface TokenMe {
  organization?: { id?: string; name?: string };
  OAuthClient?: { id?: string; name?: string; authorizedGrantType?: string; roleDivisions?: unknown[] };
}

/**
 * A real token plus a real API call: GET /api/v2/organizations/me proves the token is accepted, and
 * GET /api/v2/tokens/me names the OAuth client and its role grants (both need no permission).
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-tokens-me
 */
export async function verifyClientCredentials(ctx: ConnectorContext): Promise<VerifyReport> {
  const org = await ctx.http.getJson<{ id?: string; name?: string }>('/api/v2/organizations/me');
  const me = await ctx.http.getJson<TokenMe>('/api/v2/tokens/me');
  const client = me.OAuthClient ?? {};
  return {
    ok: true,
    summary: `token accepted by organization "${org.name ?? org.id ?? 'unknown'}"`,
    details: {
      organization: org.name ?? null,
      organizationId: org.id ?? null,
      oauthClient: client.name ?? client.id ?? null,
      grantType: client.authorizedGrantType ?? null,
      roleGrants: Array.isArray(client.roleDivisions) ? client.roleDivisions.length : null,
    },
  };
}
