// Users, routing queues and their members, wrap-up codes, presence definitions and divisions
// (reference §6.1–6.3). List endpoints of division-aware objects filter silently to the divisions the
// caller holds the view permission in; a direct GET of an object outside them answers 404 (the reference
// leaves 403-vs-404 UNCONFIRMED; 404 reveals less).
import type { Router } from '../http-kit.ts';
import { divisionRef, ok, type ApiContext, type ApiHandler } from './context.ts';
import { badRequest, invalidValue, notFound } from './errors.ts';
import { entityListing } from './paging.ts';
import { inDivisions, permittedDivisions, permittedDivisionsAny, ENDPOINT_PERMISSIONS } from './permissions.ts';
import type { GcPresenceDefinition, GcQueue, GcUser, GcWrapupCode } from './seed.ts';
import type { GenesysState } from './state.ts';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name) || 0;

/** Genesys name filters accept leading/trailing `*` wildcards; matching is case-insensitive. */
function nameMatcher(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  const escaped = pattern
    .toLowerCase()
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  const re = new RegExp(`^${escaped}$`);
  return (name) => re.test(name.toLowerCase());
}

function sortDirection(value: string | undefined, allowed: readonly string[], descending: string): 1 | -1 {
  if (value === undefined) return 1;
  const v = value.toLowerCase();
  if (!allowed.includes(v)) throw invalidValue(value, 'sortOrder', allowed.join(', '));
  return v === descending ? -1 : 1;
}

function userJson(state: GenesysState, u: GcUser): Record<string, unknown> {
  return {
    id: u.id,
    name: u.name,
    division: divisionRef(state, u.divisionId),
    chat: { jabberId: `${u.id}@switchboard-sim.orgspan.com` },
    email: u.email,
    primaryContactInfo: [{ address: u.email, mediaType: 'EMAIL', type: 'PRIMARY' }],
    addresses: [],
    state: u.state,
    title: u.title,
    department: u.department,
    username: u.email,
    version: 1,
    acdAutoAnswer: false,
    dateCreated: u.dateCreated,
    selfUri: `/api/v2/users/${u.id}`,
  };
}

function queueJson(state: GenesysState, q: GcQueue): Record<string, unknown> {
  const joined = q.members.filter((m) => m.joined).length;
  return {
    id: q.id,
    name: q.name,
    division: divisionRef(state, q.divisionId),
    description: q.description,
    dateCreated: q.dateCreated,
    dateModified: q.dateCreated,
    memberCount: q.members.length,
    userMemberCount: q.members.length,
    joinedMemberCount: joined,
    mediaSettings: { call: { alertingTimeoutSeconds: 8, serviceLevel: { percentage: 0.8, durationMs: 20000 } } },
    acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 },
    skillEvaluationMethod: 'BEST',
    selfUri: `/api/v2/routing/queues/${q.id}`,
  };
}

function wrapupJson(state: GenesysState, w: GcWrapupCode): Record<string, unknown> {
  return {
    id: w.id,
    name: w.name,
    division: divisionRef(state, w.divisionId),
    dateCreated: w.dateCreated,
    createdBy: 'system',
    selfUri: `/api/v2/routing/wrapupcodes/${w.id}`,
  };
}

function presenceJson(p: GcPresenceDefinition): Record<string, unknown> {
  return {
    id: p.id,
    name: p.label,
    type: p.type,
    languageLabels: { en_US: p.label },
    systemPresence: p.systemPresence,
    ...(p.divisionId ? { divisionId: p.divisionId } : {}),
    deactivated: p.deactivated,
    selfUri: `/api/v2/presence/definitions/${p.id}`,
  };
}

const users: ApiHandler = ({ req, state }) => {
  const wanted = (req.query.get('state') ?? 'active').toLowerCase();
  if (!['active', 'inactive', 'deleted', 'any'].includes(wanted))
    throw invalidValue(req.query.get('state'), 'state', 'active, inactive, deleted, any');
  const ids = new Set(req.query.all('id'));
  const direction = sortDirection(req.query.get('sortOrder'), ['ascending', 'descending', 'asc', 'desc'], 'descending');
  const list = [...state.users.values()]
    .filter((u) => (wanted === 'any' || u.state === wanted) && (ids.size === 0 || ids.has(u.id)))
    .sort((a, b) => direction * byName(a, b))
    .map((u) => userJson(state, u));
  return ok(entityListing(req, list, { maxPageSize: 500 }));
};

const queueView = (ctx: ApiContext) => permittedDivisions(ctx.grants, 'routing:queue:view');

function visibleQueue(ctx: ApiContext, held = queueView(ctx)): GcQueue {
  const queue = ctx.state.queues.get(ctx.req.params.queueId as string);
  if (!queue || !inDivisions(held, queue.divisionId)) throw notFound();
  return queue;
}

const queues: ApiHandler = (ctx) => {
  const { req, state } = ctx;
  const held = queueView(ctx);
  const ids = new Set(req.query.all('id'));
  const divisions = new Set(req.query.all('divisionId'));
  const name = nameMatcher(req.query.get('name'));
  const direction = sortDirection(req.query.get('sortOrder'), ['asc', 'desc', 'ascending', 'descending'], 'desc');
  const list = [...state.queues.values()]
    .filter(
      (q) =>
        inDivisions(held, q.divisionId) &&
        (ids.size === 0 || ids.has(q.id)) &&
        (divisions.size === 0 || divisions.has(q.divisionId)) &&
        name(q.name),
    )
    .sort((a, b) => direction * byName(a, b))
    .map((q) => queueJson(state, q));
  return ok(entityListing(req, list, { maxPageSize: 500 }));
};

const queueMembers: ApiHandler = (ctx) => {
  const { req, state } = ctx;
  const requirement = ENDPOINT_PERMISSIONS['GET /api/v2/routing/queues/{queueId}/members'];
  const permissions = requirement && requirement.mode !== 'NONE' ? requirement.permissions : [];
  const queue = visibleQueue(ctx, permittedDivisionsAny(ctx.grants, permissions));
  const memberBy = req.query.get('memberBy')?.toLowerCase();
  if (memberBy !== undefined && memberBy !== 'user' && memberBy !== 'group') throw invalidValue(memberBy, 'memberBy', 'user, group');
  const joinedParam = req.query.get('joined');
  const joined = req.query.bool('joined');
  if (joinedParam !== undefined && joined === undefined) throw invalidValue(joinedParam, 'joined', 'true, false');
  const name = nameMatcher(req.query.get('name'));
  const direction = sortDirection(req.query.get('sortOrder'), ['asc', 'desc', 'ascending', 'descending'], 'desc');
  // The simulated org routes to users only; group membership yields no members.
  const members = memberBy === 'group' ? [] : queue.members;
  const list = members
    .map((m) => ({ m, user: state.users.get(m.userId) as GcUser }))
    .filter(({ m, user }) => user && (joined === undefined || m.joined === joined) && name(user.name))
    .sort((a, b) => direction * byName(a.user, b.user))
    .map(({ m, user }) => ({
      id: user.id,
      name: user.name,
      user: { id: user.id, name: user.name, selfUri: `/api/v2/users/${user.id}` },
      ringNumber: 1,
      joined: m.joined,
      memberBy: 'user',
      selfUri: `/api/v2/users/${user.id}`,
    }));
  return ok(entityListing(req, list, { maxPageSize: 100, withTotals: false }));
};

const wrapupView = (ctx: ApiContext) => permittedDivisions(ctx.grants, 'routing:wrapupCode:view');

const wrapupCodes: ApiHandler = (ctx) => {
  const { req, state } = ctx;
  const held = wrapupView(ctx);
  const ids = new Set(req.query.all('id'));
  const divisions = new Set(req.query.all('divisionId'));
  const name = nameMatcher(req.query.get('name'));
  const sortBy = (req.query.get('sortBy') ?? 'name').toLowerCase();
  if (sortBy !== 'name' && sortBy !== 'id') throw invalidValue(req.query.get('sortBy'), 'sortBy', 'name, id');
  const direction = sortDirection(req.query.get('sortOrder'), ['ascending', 'descending'], 'descending');
  const list = [...state.wrapupCodes.values()]
    .filter(
      (w) =>
        inDivisions(held, w.divisionId) &&
        (ids.size === 0 || ids.has(w.id)) &&
        (divisions.size === 0 || divisions.has(w.divisionId)) &&
        name(w.name),
    )
    .sort((a, b) => direction * (sortBy === 'id' ? a.id.localeCompare(b.id) : byName(a, b)))
    .map((w) => wrapupJson(state, w));
  return ok(entityListing(req, list, { maxPageSize: 100 }));
};

const wrapupCode: ApiHandler = (ctx) => {
  const code = ctx.state.wrapupCodes.get(ctx.req.params.codeId as string);
  if (!code || !inDivisions(wrapupView(ctx), code.divisionId)) throw notFound();
  return ok(wrapupJson(ctx.state, code));
};

const presenceView = (ctx: ApiContext) => permittedDivisions(ctx.grants, 'presence:presenceDefinition:view');

// Not paged: `{total, entities, selfUri}` (reference §5).
const presenceDefinitions: ApiHandler = (ctx) => {
  const { req, state } = ctx;
  const raw = req.query.get('deactivated');
  const deactivated = req.query.bool('deactivated');
  if (raw !== undefined && deactivated === undefined) throw invalidValue(raw, 'deactivated', 'TRUE, FALSE');
  const held = presenceView(ctx);
  const divisions = new Set(req.query.all('divisionId'));
  const entities = [...state.presenceDefinitions.values()]
    .filter((p) => inDivisions(held, p.divisionId) && (deactivated === undefined || p.deactivated === deactivated))
    .filter((p) => divisions.size === 0 || (p.divisionId !== undefined && divisions.has(p.divisionId)))
    .map(presenceJson);
  return ok({ total: entities.length, entities, selfUri: '/api/v2/presence/definitions' });
};

const presenceDefinition: ApiHandler = (ctx) => {
  const p = ctx.state.presenceDefinitions.get(ctx.req.params.definitionId as string);
  if (!p || !inDivisions(presenceView(ctx), p.divisionId)) throw notFound();
  return ok(presenceJson(p));
};

function divisionJson(state: GenesysState, id: string, withCounts: boolean): Record<string, unknown> {
  const d = state.divisions.get(id);
  if (!d) throw notFound();
  const count = (items: Iterable<{ divisionId?: string }>) => [...items].filter((o) => o.divisionId === id).length;
  const objectCounts = {
    USER: [...state.users.values()].filter((u) => u.divisionId === id && u.state !== 'deleted').length,
    QUEUE: count(state.queues.values()),
    WRAPUPCODE: count(state.wrapupCodes.values()),
  };
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    homeDivision: d.homeDivision,
    ...(withCounts ? { objectCounts } : {}),
    selfUri: `/api/v2/authorization/divisions/${d.id}`,
  };
}

const divisions: ApiHandler = ({ req, state }) => {
  const ids = new Set(req.query.all('id'));
  const name = nameMatcher(req.query.get('name'));
  const withCounts = req.query.bool('objectCount') === true;
  const list = [...state.divisions.values()]
    .filter((d) => (ids.size === 0 || ids.has(d.id)) && name(d.name))
    .sort(byName)
    .map((d) => divisionJson(state, d.id, withCounts));
  return ok(entityListing(req, list, { maxPageSize: 100 }));
};

export function registerDirectoryRoutes(api: Router<ApiHandler>): void {
  api.get('/api/v2/users', users);
  api.get('/api/v2/users/me', () => {
    throw badRequest('This request requires a user context. Client credentials cannot be used for requests to this resource.');
  });
  api.get('/api/v2/users/{userId}', ({ req, state }) => {
    const user = state.users.get(req.params.userId as string);
    const wanted = (req.query.get('state') ?? 'active').toLowerCase();
    if (wanted !== 'active' && wanted !== 'deleted') throw invalidValue(req.query.get('state'), 'state', 'active, deleted');
    // Deleted users are only found when asked for with state=deleted.
    if (!user || (user.state === 'deleted') !== (wanted === 'deleted')) throw notFound();
    return ok(userJson(state, user));
  });
  api.get('/api/v2/routing/queues', queues);
  api.get('/api/v2/routing/queues/{queueId}', (ctx) => ok(queueJson(ctx.state, visibleQueue(ctx))));
  api.get('/api/v2/routing/queues/{queueId}/members', queueMembers);
  api.get('/api/v2/routing/wrapupcodes', wrapupCodes);
  api.get('/api/v2/routing/wrapupcodes/{codeId}', wrapupCode);
  api.get('/api/v2/presence/definitions', presenceDefinitions);
  api.get('/api/v2/presence/definitions/{definitionId}', presenceDefinition);
  api.get('/api/v2/authorization/divisions', divisions);
  api.get('/api/v2/authorization/divisions/home', ({ req, state }) =>
    ok(divisionJson(state, state.homeDivision.id, req.query.bool('objectCount') === true)),
  );
  api.get('/api/v2/authorization/divisions/{divisionId}', ({ req, state }) =>
    ok(divisionJson(state, req.params.divisionId as string, req.query.bool('objectCount') === true)),
  );
}
