// The issuer on the simulator's own listener (reference §1.2, §1.3, §2): OIDC discovery, tenant discovery
// whose api_endpoint is this same listener, the JWKS, and POST /auth/token with the access-key password
// grant and the refresh_token grant, client authentication by HTTP Basic only (client_secret_basic,
// the only method the discovery document advertises).
import { randomUUID } from 'node:crypto';
import { json, type SimRequest, type SimResponse } from '../http-kit.ts';
import type { NiceSim } from './context.ts';
import { oauthError } from './errors.ts';
import type { CxEmployee } from './seed.ts';
import type { CxApp } from './registration.ts';
import { TENANT, type CxAccessKey, type TokenGrant } from './state.ts';

const ACCESS_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_SECONDS = 7200;
/** Where a client that derives hosts from the domain fields, instead of using api_endpoint, ends up: nowhere. */
const SIM_DOMAIN = 'switchboard-sim.invalid';

export function openidConfiguration(sim: NiceSim): SimResponse {
  const base = sim.baseUrl;
  return json(200, {
    issuer: base,
    authorization_endpoint: `${base}/auth/authorize`,
    token_endpoint: `${base}/auth/token`,
    userinfo_endpoint: `${base}/auth/userinfo`,
    jwks_uri: `${base}/auth/jwks`,
    end_session_endpoint: `${base}/auth/authorize/logout`,
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    request_object_signing_alg_values_supported: ['none'],
    display_values_supported: ['page', 'popup'],
    claim_types_supported: ['normal'],
    code_challenge_methods_supported: ['S256'],
  });
}

export function cxoneConfiguration(sim: NiceSim, req: SimRequest): SimResponse {
  const tenantId = req.query.get('tenantId');
  if (!tenantId) return oauthError(400, 'invalid_request', 'tenantId is required.');
  if (tenantId.toLowerCase() !== TENANT.tenantId) return oauthError(404, 'not_found', `Tenant ${tenantId} was not found.`);
  return json(200, {
    private: false,
    area: TENANT.area,
    cluster: TENANT.clusterId,
    domain: SIM_DOMAIN,
    acdDomain: SIM_DOMAIN,
    uhDomain: SIM_DOMAIN,
    ui_endpoint: sim.baseUrl,
    auth_endpoint: sim.baseUrl,
    api_endpoint: sim.baseUrl,
    tenantId: TENANT.tenantId,
  });
}

export const jwks = (sim: NiceSim): SimResponse => json(200, { keys: [sim.signer.jwk] });

/**
 * application/x-www-form-urlencoded, strictly: a raw `=` inside a value is refused. Access keys end in
 * `====`, and reference §2.1 stresses that the padding must be sent as %3D.
 */
function parseForm(body: string): Map<string, string> | string {
  const form = new Map<string, string>();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    try {
      const name = decode(eq < 0 ? pair : pair.slice(0, eq));
      const raw = eq < 0 ? '' : pair.slice(eq + 1);
      if (raw.includes('=')) return `the value of ${name} contains an unencoded "="`;
      form.set(name, decode(raw));
    } catch {
      return 'the form body is not correctly URL-encoded';
    }
  }
  return form;
}

function basicClient(req: SimRequest): { id: string; secret: string } | undefined {
  const m = /^basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

function issue(sim: NiceSim, app: CxApp, employee: CxEmployee, key: CxAccessKey, now: number): SimResponse {
  const { state, signer } = sim;
  const iat = Math.floor(now / 1000);
  const role = state.roles.get(employee.roleId);
  const common = {
    iss: sim.baseUrl,
    aud: app.clientId,
    given_name: employee.firstName,
    family_name: employee.lastName,
    name: employee.userName,
    tenantId: TENANT.tenantId,
    tenant: TENANT.tenantName,
    icBUId: TENANT.businessUnitId,
    icClusterId: TENANT.clusterId,
    iat,
  };
  const accessToken = signer.sign({
    role: { legacyId: role?.name ?? '', id: role?.id ?? '', lastUpdateTime: role?.lastUpdateTime ?? 0, secondaryRoles: [] },
    sub: `user:${employee.userId}`,
    ...common,
    exp: iat + ACCESS_TOKEN_SECONDS,
  });
  const idToken = signer.sign({
    sub: `user:${employee.userId}`,
    userId: employee.userId,
    icDomain: SIM_DOMAIN,
    icAgentId: String(employee.agentId),
    teamId: String(employee.teamId),
    ...common,
    exp: iat + ACCESS_TOKEN_SECONDS,
  });
  const refreshToken = signer.sign({
    aud: app.clientId,
    iss: sim.baseUrl,
    id: employee.userId,
    sessionId: randomUUID(),
    iat,
    exp: iat + REFRESH_TOKEN_SECONDS,
  });
  const grant = { agentId: employee.agentId, clientId: app.clientId, accessKeyId: key.accessKeyId };
  state.remember(state.accessTokens, accessToken, { ...grant, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 }, now);
  state.remember(state.refreshTokens, refreshToken, { ...grant, expiresAt: now + REFRESH_TOKEN_SECONDS * 1000 }, now);
  return json(
    200,
    {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token: refreshToken,
      id_token: idToken,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    },
    noStore,
  );
}

/**
 * The access key and its employee must both still be good; each failure says which (reference §2.4
 * leaves the real wording UNCONFIRMED; these texts let a client tell the operator what to fix).
 */
function principal(sim: NiceSim, key: CxAccessKey | undefined): { employee: CxEmployee; key: CxAccessKey } | string {
  if (!key) return 'Invalid access key id or secret.';
  if (!key.isActive) return 'The access key is inactive.';
  const employee = sim.state.employees.get(key.agentId);
  if (!employee) return 'The user was not found.';
  if (!employee.isActive) return 'The user is deactivated.';
  return { employee, key };
}

function grantFor(sim: NiceSim, form: Map<string, string>, app: CxApp, now: number): SimResponse {
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required.');
  let found: ReturnType<typeof principal>;
  if (grantType === 'password') {
    const username = form.get('username');
    const password = form.get('password');
    if (!username || !password) return oauthError(400, 'invalid_request', 'username and password are required.');
    const key = sim.state.accessKeys.get(username);
    found = principal(sim, key && key.secret === password ? key : undefined);
  } else if (grantType === 'refresh_token') {
    const token = form.get('refresh_token');
    if (!token) return oauthError(400, 'invalid_request', 'refresh_token is required.');
    const grant: TokenGrant | undefined = sim.state.grantOf(sim.state.refreshTokens, token, now);
    if (!grant) return oauthError(400, 'invalid_grant', 'The refresh token is invalid or expired.');
    if (grant.clientId !== app.clientId) return oauthError(400, 'invalid_grant', 'The refresh token was issued to another client.');
    found = principal(sim, sim.state.accessKeys.get(grant.accessKeyId));
    // A refresh token is spent once used; the answer carries a new one.
    if (typeof found !== 'string') sim.state.refreshTokens.delete(token);
  } else {
    return oauthError(400, 'unsupported_grant_type', `The grant type ${grantType} is not supported.`);
  }
  return typeof found === 'string' ? oauthError(400, 'invalid_grant', found) : issue(sim, app, found.employee, found.key, now);
}

/** POST /auth/token. */
export function tokenEndpoint(sim: NiceSim, req: SimRequest): SimResponse {
  const answer = (res: SimResponse) => {
    sim.stats.tokenRequest(res.status === 200);
    return res;
  };
  const client = basicClient(req);
  const app = client && sim.state.apps.get(client.id);
  if (!client || !app || app.clientSecret !== client.secret) {
    return answer(
      oauthError(401, 'invalid_client', client ? 'Client authentication failed.' : 'Client authentication with HTTP Basic is required.', {
        'www-authenticate': 'Basic realm="cxone"',
      }),
    );
  }
  // A registration belongs to one issuer and one client authentication method (reference §1.1, §2.1);
  // this simulator is the production issuer and reads Basic only.
  if (app.fedramp) return answer(oauthError(401, 'invalid_client', 'The application is registered with the FedRAMP issuer.'));
  if (app.tokenEndpointAuthMethod !== 'client_secret_basic')
    return answer(oauthError(401, 'invalid_client', `The application is registered for ${app.tokenEndpointAuthMethod}.`));
  if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? ''))
    return answer(oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.'));
  const form = parseForm(req.body.toString('utf8'));
  if (typeof form === 'string') return answer(oauthError(400, 'invalid_request', `Malformed form body: ${form}.`));
  return answer(grantFor(sim, form, app, sim.clock.now()));
}
