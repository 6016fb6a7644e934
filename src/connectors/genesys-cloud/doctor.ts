// The least-privilege doctor for Genesys Cloud, from the platform's own introspection (reference §6.7,
// §7): tokens/me names the OAuth client, authorization/subjects/me lists its role grants with their
// policies inline, the permission catalogue tells which permissions this org has at all (a missing
// licence removes them) and which are division-aware, and divisionspermitted/paged/me gives the
// divisions each needed permission really covers. None of these calls needs a permission.
import { HttpStatusError } from '../../engine/errors.ts';
import { pageNumber } from '../../engine/paginate.ts';
import type { Coverage, ConnectorContext, GrantedPermission, Inspection, PermissionFinding } from '../connector.ts';
import type { ClientCredentialsAuth } from './auth.ts';
import { permissions as declared } from './permissions.ts';

type Json = Record<string, unknown>;

interface Policy {
  domain: string;
  entityName: string;
  actions: string[];
}
interface SubjectGrant {
  division?: { id?: string; name?: string };
  role?: { name?: string; policies?: Policy[] };
}
interface CatalogueAction {
  domain: string;
  entityType: string;
  action: string;
  label?: string;
  divisionAware?: boolean;
}
interface Division {
  id: string;
  name: string;
  objectCounts?: Record<string, number>;
}

const ALL_DIVISIONS = '*';

/**
 * The division objects whose presence makes a division matter to a permission, and the synced entity
 * that names them. Object-count keys (QUEUE, USER, WRAPUPCODE) are UNCONFIRMED: they are read without
 * regard to case, and a division that reports no counts is assumed to hold data (the defensive side).
 */
const DIVISION_OBJECTS: Record<string, { types: string[]; records?: Coverage['records'] }> = {
  'routing:queue:view': { types: ['queue'], records: { entity: 'queue', field: 'divisionId' } },
  'routing:wrapupCode:view': { types: ['wrapupcode'], records: { entity: 'wrapUpCode', field: 'divisionId' } },
};
/** Conversations and recordings belong to the divisions of the queues and users that handled them (§7). */
const DEFAULT_OBJECTS = ['queue', 'user', 'wrapupcode'];
const TYPE_WORDS: Record<string, string> = { queue: 'queue', user: 'user', wrapupcode: 'wrap-up code' };

/** Reading actions; anything else changes the org. The authorization and OAuth domains administer access. */
const READ_ACTION = /^(view|read|search)/i;
const ADMIN_DOMAINS = new Set(['authorization', 'oauth']);

function levelOf(domain: string, action: string): GrantedPermission['level'] {
  if (action === '*') return 'admin';
  if (READ_ACTION.test(action)) return 'read';
  return ADMIN_DOMAINS.has(domain) || domain === '*' ? 'admin' : 'write';
}

export async function inspectGenesys(ctx: ConnectorContext, needed: readonly string[]): Promise<Inspection> {
  // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-tokens-me
  const me = await ctx.http.getJson<Json>('/api/v2/tokens/me');
  const subject = await readSubject(ctx);
  const policies = subject.grants?.flatMap((g) => g.role?.policies ?? []) ?? [];
  const domains = [
    ...new Set([...needed.map((p) => p.split(':')[0] as string), ...policies.map((p) => p.domain).filter((d) => d !== '*')]),
  ];
  const catalogue = await readCatalogue(ctx, domains);
  let divisions: Division[] | undefined;
  const allDivisions = async () => (divisions ??= await readDivisions(ctx));

  const findings: Record<string, PermissionFinding> = {};
  for (const permission of needed) {
    const entry = catalogue.get(permission);
    if (!entry) {
      findings[permission] = {
        state: 'unavailable',
        evidence: `not in this org's permission catalogue (GET /api/v2/authorization/permissions): the product that carries it is not licensed or not enabled`,
      };
      continue;
    }
    findings[permission] = await permitted(ctx, permission, entry, subject.grants, allDivisions);
  }
  return {
    permissions: findings,
    ...(subject.grants ? { granted: grantedPermissions(subject.grants, catalogue) } : { grantsNote: subject.note }),
    credential: health(me, ctx),
  };
}

/**
 * GET /api/v2/authorization/subjects/me: whether it answers for client credentials is UNCONFIRMED
 * (§6.7), so a refusal only means the grants cannot be listed, not that anything is missing.
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-authorization-subjects-me
 */
async function readSubject(ctx: ConnectorContext): Promise<{ grants?: SubjectGrant[]; note?: string }> {
  const res = await ctx.http.request<{ grants?: SubjectGrant[] }>({
    method: 'GET',
    url: '/api/v2/authorization/subjects/me',
    acceptStatuses: [400, 403, 404],
  });
  if (res.status >= 400 || !Array.isArray(res.body?.grants)) {
    return {
      note: `GET /api/v2/authorization/subjects/me answered ${res.status}: the client's grants cannot be listed, so excess is not assessed`,
    };
  }
  return { grants: res.body.grants };
}

/**
 * The org's catalogue for the domains at hand: `queryType=domain` keeps it to a page or two.
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-authorization-permissions
 */
async function readCatalogue(ctx: ConnectorContext, domains: string[]): Promise<Map<string, CatalogueAction>> {
  const out = new Map<string, CatalogueAction>();
  if (!domains.length) return out;
  const listing = pageNumber<{ permissionMap?: Record<string, CatalogueAction[]> }>({
    http: ctx.http,
    url: '/api/v2/authorization/permissions',
    query: { queryType: 'domain', query: domains },
    pageSize: 100,
  });
  for await (const page of listing) {
    for (const domain of page.items) {
      for (const actions of Object.values(domain.permissionMap ?? {})) {
        for (const a of actions) out.set(`${a.domain}:${a.entityType}:${a.action}`, a);
      }
    }
  }
  return out;
}

/** https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-authorization-divisions */
async function readDivisions(ctx: ConnectorContext): Promise<Division[]> {
  const out: Division[] = [];
  const listing = pageNumber<Division>({
    http: ctx.http,
    url: '/api/v2/authorization/divisions',
    query: { objectCount: true },
    pageSize: 100,
  });
  for await (const page of listing) out.push(...page.items);
  return out;
}

/**
 * GET /api/v2/authorization/divisionspermitted/paged/me?permission=: the divisions the permission is
 * really held in. If it does not answer (client-credentials behaviour UNCONFIRMED), the subject's grants
 * say the same; without either the finding is unknown, not guessed.
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-authorization-divisionspermitted-paged-me
 */
async function permitted(
  ctx: ConnectorContext,
  permission: string,
  entry: CatalogueAction,
  grants: SubjectGrant[] | undefined,
  allDivisions: () => Promise<Division[]>,
): Promise<PermissionFinding> {
  let held: { all: boolean; ids: Set<string> } | undefined;
  let source = 'GET /api/v2/authorization/divisionspermitted/paged/me';
  try {
    held = { all: false, ids: new Set() };
    const listing = pageNumber<Division>({
      http: ctx.http,
      url: '/api/v2/authorization/divisionspermitted/paged/me',
      query: { permission },
      pageSize: 100,
    });
    for await (const page of listing) {
      if ((page.raw as { allDivsPermitted?: unknown }).allDivsPermitted === true) held.all = true;
      for (const d of page.items) held.ids.add(d.id);
    }
  } catch (err) {
    if (!(err instanceof HttpStatusError) || err.status >= 500) throw err;
    held = grants && heldBySubject(grants, permission);
    source = 'GET /api/v2/authorization/subjects/me';
  }
  if (!held) return { state: 'unknown', evidence: 'neither divisionspermitted nor subjects/me answered for this client' };
  if (!held.all && held.ids.size === 0) return { state: 'missing', evidence: `held in no division (${source})` };
  if (held.all || entry.divisionAware === false) {
    return { state: 'granted', evidence: held.all ? 'granted in all divisions' : 'granted (not division-aware)' };
  }
  const divisions = await allDivisions();
  const names = divisions.filter((d) => held.ids.has(d.id)).map((d) => d.name);
  const rule = DIVISION_OBJECTS[permission];
  const types = rule?.types ?? DEFAULT_OBJECTS;
  const outOfReach = divisions
    .filter((d) => !held.ids.has(d.id))
    .flatMap((d) => {
      const holds = holdings(d, types);
      return holds === '' ? [] : [{ id: d.id, name: d.name, ...(holds ? { holds } : {}) }];
    });
  return {
    state: 'granted',
    evidence: `granted in divisions ${names.join(', ')}`,
    coverage: { unit: 'division', outOfReach, ...(rule?.records ? { records: rule.records } : {}) },
  };
}

/** "3 queues, 1 user"; '' when it holds none of them; undefined when the division does not say. */
function holdings(d: Division, types: string[]): string | undefined {
  if (!d.objectCounts) return undefined;
  const counts = Object.entries(d.objectCounts)
    .map(([k, n]) => [k.toLowerCase(), Number(n)] as const)
    .filter(([k, n]) => types.includes(k) && n > 0);
  return counts.map(([k, n]) => `${n} ${TYPE_WORDS[k] ?? k}${n === 1 ? '' : 's'}`).join(', ');
}

function policyAllows(p: Policy, permission: string): boolean {
  const [domain, entity, action] = permission.split(':');
  return (
    (p.domain === '*' || p.domain === domain) &&
    (p.entityName === '*' || p.entityName === entity) &&
    p.actions.some((a) => a === '*' || a === action)
  );
}

function heldBySubject(grants: SubjectGrant[], permission: string): { all: boolean; ids: Set<string> } {
  const ids = new Set<string>();
  let all = false;
  for (const g of grants) {
    if (!(g.role?.policies ?? []).some((p) => policyAllows(p, permission))) continue;
    if (g.division?.id === ALL_DIVISIONS) all = true;
    else if (g.division?.id) ids.add(g.division.id);
  }
  return { all, ids };
}

/** Every policy action of every role grant, one entry per permission and role, with its divisions. */
function grantedPermissions(grants: SubjectGrant[], catalogue: Map<string, CatalogueAction>): GrantedPermission[] {
  const merged = new Map<string, { domain: string; entity: string; action: string; role: string; divisions: string[] }>();
  for (const g of grants) {
    const role = g.role?.name ?? 'a role';
    const division = g.division?.id === ALL_DIVISIONS ? ALL_DIVISIONS : (g.division?.name ?? g.division?.id ?? '?');
    for (const p of g.role?.policies ?? []) {
      for (const action of p.actions) {
        const key = `${p.domain}:${p.entityName}:${action}|${role}`;
        const entry = merged.get(key) ?? { domain: p.domain, entity: p.entityName, action, role, divisions: [] };
        if (!entry.divisions.includes(division)) entry.divisions.push(division);
        merged.set(key, entry);
      }
    }
  }
  return [...merged.values()].map(({ domain, entity, action, role, divisions }) => {
    const name = `${domain}:${entity}:${action}`;
    const all = divisions.includes(ALL_DIVISIONS);
    const wildcard = [
      domain === '*' ? 'all domains' : undefined,
      entity === '*' && domain !== '*' ? `all entities of ${domain}` : undefined,
      action === '*' ? 'all actions' : undefined,
      all ? 'all divisions' : undefined,
    ].filter(Boolean);
    return {
      name,
      label: declared[name]?.label ?? labelOf(domain, entity, action, catalogue.get(name)),
      level: levelOf(domain, action),
      ...(wildcard.length ? { wildcard: wildcard.join(', ') } : {}),
      scope: `role "${role}" in ${all ? 'all divisions' : divisions.join(', ')}`,
    };
  });
}

/** The catalogue's action label; the UI spelling of domain and entity is not derivable for certain (§7). */
function labelOf(domain: string, entity: string, action: string, entry: CatalogueAction | undefined): string {
  const part = (v: string, all: string) => (v === '*' ? all : v);
  return `${part(domain, 'every domain')} > ${part(entity, 'every entity')} > ${entry?.label ?? part(action, 'every action')}`;
}

interface TokenMe {
  organization?: { name?: string };
  OAuthClient?: { name?: string; id?: string; authorizedGrantType?: string; state?: string };
}

/** Tokens living past the default 24 h stay usable that long if they leak (validity 300–172 800 s, §2). */
const LONG_TOKEN_SECONDS = 86_400;

function health(me: TokenMe, ctx: ConnectorContext): Inspection['credential'] {
  const client = me.OAuthClient ?? {};
  const lifetime = (ctx.auth as ClientCredentialsAuth).tokenLifetime ?? null;
  const warnings: string[] = [];
  if (client.authorizedGrantType && client.authorizedGrantType !== 'CLIENT-CREDENTIALS') {
    warnings.push(`the OAuth client's grant type is ${client.authorizedGrantType}, not Client Credentials`);
  }
  // expires_in is one second short of the configured Token Duration (§2).
  if (lifetime !== null && lifetime + 1 > LONG_TOKEN_SECONDS) {
    warnings.push(`tokens are valid for ${Math.round((lifetime + 1) / 3600)} h: set the client's Token Duration to 3600 s or less`);
  }
  return {
    summary: `OAuth client "${client.name ?? client.id ?? 'unknown'}" of organization "${me.organization?.name ?? 'unknown'}"${lifetime !== null ? `, tokens valid for ${lifetime + 1} s` : ''}`,
    facts: {
      organization: me.organization?.name ?? null,
      oauthClient: client.name ?? client.id ?? null,
      grantType: client.authorizedGrantType ?? null,
      clientState: client.state ?? null,
      tokenLifetimeSeconds: lifetime === null ? null : lifetime + 1,
    },
    warnings,
  };
}
