// Access-key authentication and tenant discovery (reference/nice-cxone-api.md §1.3, §2).
//
// A back-end application registration (client id/secret, `client_secret_basic`) asks for a token with an
// employee's access key through the OAuth password grant; the token's claims name the tenant, whose
// configuration names the API host. Every call then runs with that employee's role.
import { CredentialRejectedError } from '../../engine/errors.ts';
import { createTokenCache } from '../../engine/token-cache.ts';
import type { AuthProvider, HttpClient } from '../../engine/types.ts';
import type { ConnectionSettings, Endpoints } from '../connector.ts';
import { businessUnitOf, decodeJwtPayload, type CxoneClaims } from './jwt.ts';

interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/**
 * A session's access-key authentication (the password grant, re-run 5 minutes before expiry and once on a
 * 401 by the engine's token cache; §2.3: the refresh-token grant is not needed with a stored access key),
 * and what it learned on the way, for verify() to report. The session hands this provider to
 * discoverApiBaseUrl() and verify() as `auth`.
 */
export class CxoneAuth implements AuthProvider {
  claims?: CxoneClaims;
  apiBaseUrl?: string;
  /** Seconds, as the token endpoint gave them. */
  tokenLifetime?: number;
  private readonly tokens: AuthProvider;

  constructor(conn: ConnectionSettings & { tokenHttp: HttpClient }) {
    this.tokens = createTokenCache({
      refreshBeforeSeconds: 300,
      fetchToken: async () => {
        const token = await fetchAccessKeyToken(conn.tokenHttp, conn);
        this.claims = token.claims;
        this.tokenLifetime = token.expiresInSeconds;
        return token;
      },
    });
  }

  authorize(): Promise<string> {
    return this.tokens.authorize();
  }

  rejected(headerValue: string): boolean {
    return this.tokens.rejected(headerValue);
  }

  accepted(headerValue: string): void {
    this.tokens.accepted?.(headerValue);
  }
}

export function cxoneAuthOf(auth: AuthProvider): CxoneAuth {
  if (!(auth instanceof CxoneAuth)) throw new Error('NICE CXone: the session was not built with the access-key provider');
  return auth;
}

/**
 * The status NICE uses for a revoked key or an inactive employee is UNCONFIRMED (400 by the spec, 401 by
 * one guide; §2.4), so, defensively, every 4xx but 408 and 429 is the credential being refused and is
 * never asked again; those two and 5xx are retried.
 */
const REFUSALS = Array.from({ length: 100 }, (_, i) => 400 + i).filter((s) => s !== 408 && s !== 429);

/** Operator-facing meaning of the OAuth error codes the token endpoint uses (§2.4). */
const MEANING: Record<string, string> = {
  invalid_client: 'the application registration (client ID and secret) was refused, or NICE has not approved it yet',
  invalid_grant: "the access key was refused: wrong key ID or secret, a deactivated or deleted key, or the key's employee is inactive",
  unauthorized_client: 'the application registration may not use the password grant (register it as a back-end application)',
  unsupported_grant_type: 'the application registration may not use the password grant (register it as a back-end application)',
};

/**
 * POST {issuer}/auth/token, `grant_type=password` with the access key as username/password and the
 * registration in a Basic header; URLSearchParams encodes the key's `=` padding as %3D (§2.1).
 * https://developer.niceincontact.com/Documentation/CXoneAuthenticationGettingStarted
 *
 * The token endpoint is not read from /.well-known/openid-configuration: its path is the one NICE's
 * discovery document and worked examples give (§1.1), and asking only the token endpoint keeps a refused
 * credential at exactly one request. A refusal is CredentialRejectedError, which the token cache latches.
 */
export async function fetchAccessKeyToken(
  tokenHttp: HttpClient,
  conn: ConnectionSettings,
): Promise<{ accessToken: string; expiresInSeconds: number; claims: CxoneClaims }> {
  const { clientId = '', businessUnit = '', accessKeyId = '' } = conn.settings;
  const { clientSecret = '', accessKeySecret = '' } = conn.secrets;
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  const res = await tokenHttp.request<TokenResponse | undefined>({
    method: 'POST',
    url: '/auth/token',
    form: { grant_type: 'password', username: accessKeyId, password: accessKeySecret },
    headers: { authorization: `Basic ${basic}` },
    auth: 'none',
    // Asking for a token changes nothing server-side: a 5xx or a reset may be retried.
    idempotent: true,
    acceptStatuses: REFUSALS,
  });
  const body = res.body && typeof res.body === 'object' ? res.body : {};
  if (res.status >= 400 || !body.access_token) {
    throw new CredentialRejectedError(scrub(refusalReason(res.status, body), [clientSecret, accessKeySecret]), res.status);
  }
  const claims = decodeJwtPayload(body.access_token);
  if (!claims) throw new CredentialRejectedError('the token endpoint answered with an access token that is not a JWT', res.status);
  checkBusinessUnit(claims, businessUnit);
  const lifetime = body.expires_in ?? (claims.exp && claims.iat ? claims.exp - claims.iat : undefined);
  return { accessToken: body.access_token, expiresInSeconds: lifetime ?? 3600, claims };
}

function refusalReason(status: number, body: TokenResponse): string {
  if (!body.error) return status === 404 ? 'no token endpoint at this issuer (check --environment or --issuer-url)' : `HTTP ${status}`;
  const meaning = MEANING[body.error];
  const description = body.error_description ? ` (${body.error_description})` : '';
  return `${body.error}${description}${meaning ? `: ${meaning}` : ''}`;
}

/** The platform's description could quote what it was sent; secrets never go further than this. */
function scrub(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('[redacted]'), text);
}

/**
 * The key must belong to the business unit the operator entered: a key of another BU would sync another
 * company's (or a test BU's) data under this connection's name. Refused, so the connection is blocked.
 */
export function checkBusinessUnit(claims: CxoneClaims, entered: string): void {
  const actual = businessUnitOf(claims);
  if (actual === undefined) {
    throw new CredentialRejectedError(`the token names no business unit (icBUId), so it cannot be checked against ${entered}`);
  }
  if (actual !== String(Number(entered))) {
    throw new CredentialRejectedError(
      `the access key belongs to business unit ${actual}, not ${entered} as entered; use a key of an employee of business unit ${entered}, or correct --business-unit`,
    );
  }
}

interface CxoneConfiguration {
  api_endpoint?: string;
  area?: string;
  cluster?: string;
}

/**
 * GET {issuer}/.well-known/cxone-configuration?tenantId= (no auth) → `api_endpoint`, the base of every
 * resource call (§1.3). The tenant comes from the token's `tenantId` claim.
 * https://developer.niceincontact.com/Documentation/CXoneAuthenticationGettingStarted
 */
export async function discoverApiBaseUrl(ctx: ConnectionSettings & { endpoints: Endpoints; tokenHttp: HttpClient; auth: AuthProvider }) {
  const header = await ctx.auth.authorize();
  const claims = decodeJwtPayload(header.replace(/^Bearer\s+/i, ''));
  if (!claims?.tenantId) throw new Error('NICE CXone: the access token names no tenantId, so the API host cannot be discovered');
  const res = await ctx.tokenHttp.request<CxoneConfiguration | undefined>({
    method: 'GET',
    url: '/.well-known/cxone-configuration',
    query: { tenantId: claims.tenantId },
    auth: 'none',
    acceptStatuses: [404],
  });
  if (res.status === 404) throw new Error(`NICE CXone: ${ctx.endpoints.loginUrl} does not know tenant ${claims.tenantId}`);
  const apiBaseUrl = checkApiEndpoint(res.body?.api_endpoint, ctx.endpoints.loginUrl);
  if (ctx.auth instanceof CxoneAuth) ctx.auth.apiBaseUrl = apiBaseUrl;
  return apiBaseUrl;
}

/**
 * The discovered host receives the bearer token, so it must be https; plain http only when the issuer
 * itself is a loopback http address (the simulator).
 */
export function checkApiEndpoint(value: unknown, issuer: string): string {
  if (typeof value !== 'string' || value === '') throw new Error('NICE CXone: the tenant configuration has no api_endpoint');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`NICE CXone: the tenant configuration's api_endpoint "${value}" is not a URL`);
  }
  const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
  const plainAllowed = new URL(issuer).protocol === 'http:' && loopback.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainAllowed)) {
    throw new Error(`NICE CXone: refusing the discovered api_endpoint ${url.origin}: not https`);
  }
  return url.toString().replace(/\/+$/, '');
}
