// The client-credentials token endpoint (reference §2) and the self-introspection endpoints a
// permission doctor uses (§6.7): tokens/me, subjects/me, divisionspermitted, the permission catalogue
// and organizations/me. None of the introspection endpoints needs a permission.
import { readForm, type Router, type SimRequest, type SimResponse } from '../http-kit.ts';
import { ok, type ApiHandler, type GenesysSim } from './context.ts';
import { badRequest, invalidValue, oauthError } from './errors.ts';
import { entityListing } from './paging.ts';
import { parsePermission, permittedDivisions, PERMISSION_CATALOGUE, type CatalogueEntry } from './permissions.ts';
import type { GcClient, GenesysState } from './state.ts';

function clientCredentials(req: SimRequest, form: URLSearchParams): { id?: string; secret?: string } {
  const header = req.headers.authorization;
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? { id: decoded } : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  // client_secret_post (Airbyte's way) is UNCONFIRMED upstream; accepted so such clients can be tested.
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

/** POST /oauth/token with grant_type=client_credentials. */
export function tokenEndpoint(sim: GenesysSim, req: SimRequest): SimResponse {
  const form = readForm(req);
  const { id, secret } = clientCredentials(req, form);
  const client = id ? sim.state.clients.get(id) : undefined;
  const answer = (res: SimResponse) => {
    sim.stats.tokenRequest(res.status === 200);
    return res;
  };
  // 401 is RFC 6749's status for failed client authentication; Genesys' own status is UNCONFIRMED (§2).
  if (!client || secret === undefined || client.secret !== secret)
    return answer(oauthError(401, 'invalid_client', 'authentication failed'));
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return answer(oauthError(400, 'unsupported_grant_type', `grant type ${grantType ?? '(none)'} is not supported`));
  }
  if (client.grantType !== 'CLIENT-CREDENTIALS') {
    return answer(oauthError(400, 'unauthorized_client', 'client is not authorized to use the client_credential grant type'));
  }
  const token = sim.state.issueToken(client, sim.clock.now());
  return answer({
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ access_token: token.value, token_type: 'bearer', expires_in: token.expiresIn }),
  });
}

function divisionRefOrAll(state: GenesysState, divisionId: string): Record<string, string> {
  if (divisionId === '*') return { id: '*', name: 'All Divisions' };
  const d = state.divisions.get(divisionId);
  return { id: divisionId, name: d?.name ?? '', selfUri: `/api/v2/authorization/divisions/${divisionId}` };
}

function organizationRef(state: GenesysState): Record<string, string> {
  const { id, name } = state.history.organization;
  return { id, name, selfUri: `/api/v2/organizations/${id}` };
}

function oauthClientJson(state: GenesysState, client: GcClient): Record<string, unknown> {
  return {
    id: client.id,
    name: client.name,
    dateCreated: client.dateCreated,
    authorizedGrantType: client.grantType,
    scope: [],
    roleDivisions: client.roleDivisions.map(({ roleId, divisionId }) => ({ roleId, divisionId })),
    state: 'active',
    organization: organizationRef(state),
  };
}

const tokensMe: ApiHandler = ({ state, client }) =>
  ok({
    organization: organizationRef(state),
    homeOrganization: organizationRef(state),
    authorizedScope: [],
    OAuthClient: oauthClientJson(state, client),
  });

const subjectsMe: ApiHandler = ({ state, client }) =>
  ok({
    id: client.id,
    name: client.name,
    grants: client.roleDivisions.flatMap(({ roleId, divisionId }) => {
      const role = state.roles.get(roleId);
      if (!role) return [];
      return [
        {
          subjectId: client.id,
          division: divisionRefOrAll(state, divisionId),
          role: {
            id: role.id,
            name: role.name,
            description: role.description,
            default: false,
            policies: role.permissionPolicies.map((p) => ({ domain: p.domain, entityName: p.entityName, actions: p.actionSet })),
          },
          grantMadeAt: client.dateCreated,
        },
      ];
    }),
    version: 1,
    selfUri: `/api/v2/authorization/subjects/${client.id}`,
  });

const divisionsPermitted: ApiHandler = ({ req, state, grants }) => {
  const permission = req.query.get('permission');
  if (!permission) throw badRequest('permission is required.');
  if (!parsePermission(permission)) throw invalidValue(permission, 'permission', 'domain:entity:action');
  const held = permittedDivisions(grants, permission);
  const divisions = [...state.divisions.values()]
    .filter((d) => held === '*' || held.has(d.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => ({
      id: d.id,
      name: d.name,
      description: d.description,
      homeDivision: d.homeDivision,
      selfUri: `/api/v2/authorization/divisions/${d.id}`,
    }));
  return ok({ ...entityListing(req, divisions, { maxPageSize: 100 }), allDivsPermitted: held === '*' });
};

const catalogue: ApiHandler = ({ req, state }) => {
  const queryType = req.query.get('queryType')?.toLowerCase();
  if (queryType !== undefined && queryType !== 'domain' && queryType !== 'permission')
    throw invalidValue(queryType, 'queryType', 'domain, permission');
  const terms = req.query.all('query').map((t) => t.toLowerCase());
  const wanted = (e: CatalogueEntry) => {
    if (terms.length === 0) return true;
    if (queryType === 'permission') return terms.some((t) => `${e.domain}:${e.entityType}:${e.action}`.toLowerCase().includes(t));
    return terms.includes(e.domain.toLowerCase());
  };
  const domains = new Map<string, Record<string, CatalogueEntry[]>>();
  const inOrg = (e: CatalogueEntry) => !state.absentPermissions.has(`${e.domain}:${e.entityType}:${e.action}`);
  for (const entry of PERMISSION_CATALOGUE.filter((e) => inOrg(e) && wanted(e))) {
    const map = domains.get(entry.domain) ?? {};
    (map[entry.entityType] ??= []).push(entry);
    domains.set(entry.domain, map);
  }
  const entities = [...domains.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([domain, permissionMap]) => ({
      id: domain,
      name: domain,
      domain,
      permissionMap,
      selfUri: `/api/v2/authorization/permissions/${domain}`,
    }));
  return ok(entityListing(req, entities, { maxPageSize: 100 }));
};

export function registerAuthRoutes(api: Router<ApiHandler>): void {
  api.get('/api/v2/tokens/me', tokensMe);
  api.get('/api/v2/authorization/subjects/me', subjectsMe);
  api.get('/api/v2/authorization/divisionspermitted/paged/me', divisionsPermitted);
  api.get('/api/v2/authorization/permissions', catalogue);
  api.get('/api/v2/organizations/me', ({ state }) => {
    const { id, name, domain } = state.history.organization;
    return ok({
      id,
      name,
      domain,
      thirdPartyOrgName: domain,
      defaultLanguage: 'en-us',
      defaultCountryCode: 'US',
      version: 1,
      state: 'active',
      deletable: false,
      selfUri: `/api/v2/organizations/${id}`,
    });
  });
}
