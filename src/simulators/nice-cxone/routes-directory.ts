// ACD directory endpoints of v34 (reference §4.1–4.5, §4.7): agents, teams, skills and assignments,
// unavailable codes in both shapes, dispositions and the business unit. Single-object GETs wrap their
// object in an array where the reference says so; skills/{id} and unavailable-codes/{id} do not.
import type { Router } from '../http-kit.ts';
import { iso7 } from './contacts.ts';
import { ok, type ApiContext, type ApiHandler } from './context.ts';
import {
  agentJson,
  assignmentJson,
  dispositionJson,
  skillDispositions,
  skillJson,
  teamAgents,
  teamCodes,
  teamJson,
  unavailableCodeJson,
} from './directory-json.ts';
import { badRequest, notFound } from './errors.ts';
import { boolQuery, dateQuery, listResponse, projection, searchMatcher, sortItems, type Json } from './listing.ts';
import { ACD_PREFIX, PERMISSION_CATALOGUE } from './permissions.ts';
import type { CxAssignment, CxEmployee, CxSkill, CxTeam } from './seed.ts';
import { TENANT } from './state.ts';

/** Both spellings are accepted everywhere (reference §4.0: agents and teams use updateSince, the rest updatedSince). */
const since = (ctx: ApiContext) => dateQuery(ctx.req, 'updatedSince', 'updateSince');

function intParam(ctx: ApiContext, name: string): number {
  const raw = ctx.req.params[name] as string;
  if (!/^\d+$/.test(raw)) throw badRequest(`Invalid ${name}: ${raw}`);
  return Number(raw);
}

const agents: ApiHandler = (ctx) => {
  const updated = since(ctx);
  const isActive = boolQuery(ctx.req, 'isActive');
  const isLocked = boolQuery(ctx.req, 'isLocked');
  const search = searchMatcher(ctx.req, 'firstName', 'lastName', 'userName', 'emailAddress');
  const items = [...ctx.state.employees.values()]
    .filter(
      (e) =>
        (updated === undefined || e.lastUpdated >= updated) &&
        (isActive === undefined || e.isActive === isActive) &&
        (isLocked === undefined || (e.locked ?? false) === isLocked),
    )
    .map((e) => agentJson(ctx.state, e))
    .filter(search);
  return listResponse(ctx, 'agents', sortItems(ctx.req, items, 'agentId'));
};

const agent: ApiHandler = (ctx) => {
  const employee = ctx.state.employeeByAnyId(ctx.req.params.agentId as string);
  if (!employee) throw notFound(`Agent ${ctx.req.params.agentId} was not found.`);
  const item = agentJson(ctx.state, employee);
  return ok({ agents: [projection(ctx.req)?.(item) ?? item] });
};

function assignmentList(ctx: ApiContext, wanted: (a: CxAssignment) => boolean): Json[] {
  const updated = since(ctx);
  const isActive = boolQuery(ctx.req, 'isActive');
  return ctx.state.assignments
    .filter((a) => wanted(a) && (isActive === undefined || a.isActive === isActive))
    .filter((a) => updated === undefined || (ctx.state.skills.get(a.skillId)?.lastUpdateTime ?? 0) >= updated)
    .map((a) => assignmentJson(ctx.state, a));
}

const agentSkills: ApiHandler = (ctx) => {
  const employee = ctx.state.employeeByAnyId(ctx.req.params.agentId as string);
  if (!employee) throw notFound(`Agent ${ctx.req.params.agentId} was not found.`);
  const items = assignmentList(ctx, (a) => a.agentId === employee.agentId);
  return listResponse(ctx, 'agentSkillAssignments', sortItems(ctx.req, items, 'skillId'));
};

const allAssignments: ApiHandler = (ctx) => {
  const skills = new Set(ctx.req.query.all('skills').map(Number));
  const items = assignmentList(ctx, (a) => skills.size === 0 || skills.has(a.skillId));
  return listResponse(ctx, 'agentSkillAssignments', sortItems(ctx.req, items, 'skillId'));
};

function team(ctx: ApiContext): CxTeam {
  const found = ctx.state.teams.get(intParam(ctx, 'teamId'));
  if (!found) throw notFound(`Team ${ctx.req.params.teamId} was not found.`);
  return found;
}

function teamList(ctx: ApiContext): CxTeam[] {
  const updated = since(ctx);
  const isActive = boolQuery(ctx.req, 'isActive');
  const search = searchMatcher(ctx.req, 'teamName');
  return [...ctx.state.teams.values()].filter(
    (t) =>
      (updated === undefined || t.lastUpdateTime >= updated) && (isActive === undefined || t.isActive === isActive) && search({ ...t }),
  );
}

const teams: ApiHandler = (ctx) =>
  listResponse(
    ctx,
    'teams',
    sortItems(
      ctx.req,
      teamList(ctx).map((t) => teamJson(ctx.state, t)),
      'teamId',
    ),
  );

const teamsWithAgents: ApiHandler = (ctx) => {
  const items = teamList(ctx).map((t) => ({ teamId: t.teamId, teamName: t.teamName, agents: teamAgents(ctx.state, t) }));
  return listResponse(ctx, 'teams', sortItems(ctx.req, items, 'teamId'));
};

const teamById: ApiHandler = (ctx) => {
  const t = team(ctx);
  const { unavailableCodes, ...rest } = teamJson(ctx.state, t);
  return ok({
    businessUnitId: TENANT.businessUnitId,
    lastPollTime: iso7(ctx.now),
    teams: [{ ...rest, agents: teamAgents(ctx.state, t), UnavailableCodes: unavailableCodes }],
  });
};

const teamAgentsById: ApiHandler = (ctx) => {
  const t = team(ctx);
  return ok({
    businessUnitId: TENANT.businessUnitId,
    lastPollTime: iso7(ctx.now),
    teams: [{ teamId: t.teamId, teamName: t.teamName, agents: teamAgents(ctx.state, t) }],
  });
};

// The SDK sends `activityOnly` where the docs say `activeOnly` (reference §4.4); both are honoured.
const teamUnavailableCodes: ApiHandler = (ctx) => {
  const t = team(ctx);
  const activeOnly = boolQuery(ctx.req, 'activeOnly', 'activityOnly') ?? false;
  return ok({
    teamId: t.teamId,
    teamName: t.teamName,
    teamUuid: t.teamUuid,
    divisionNo: 0,
    unavailableCodes: teamCodes(ctx.state, t, activeOnly),
  });
};

function skill(ctx: ApiContext): CxSkill {
  const found = ctx.state.skills.get(intParam(ctx, 'skillId'));
  if (!found) throw notFound(`Skill ${ctx.req.params.skillId} was not found.`);
  return found;
}

const skills: ApiHandler = (ctx) => {
  const updated = since(ctx);
  const isActive = boolQuery(ctx.req, 'isActive');
  const mediaTypeId = ctx.req.query.int('mediaTypeId');
  if (Number.isNaN(mediaTypeId)) throw badRequest(`Invalid mediaTypeId: ${ctx.req.query.get('mediaTypeId')}`);
  const search = searchMatcher(ctx.req, 'skillName');
  const items = [...ctx.state.skills.values()]
    .filter(
      (s) =>
        (updated === undefined || s.lastUpdateTime >= updated) &&
        (isActive === undefined || s.isActive === isActive) &&
        (mediaTypeId === undefined || s.mediaTypeId === mediaTypeId),
    )
    .map(skillJson)
    .filter(search);
  return listResponse(ctx, 'skills', sortItems(ctx.req, items, 'skillId'));
};

const skillById: ApiHandler = (ctx) => {
  const s = skill(ctx);
  return ok({ ...skillJson(s), dispositions: skillDispositions(ctx.state, s) });
};

const skillDispositionList: ApiHandler = (ctx) => {
  const s = skill(ctx);
  return listResponse(ctx, 'dispositions', skillDispositions(ctx.state, s), {
    lastPollTime: false,
    extra: { skillId: s.skillId, skillName: s.skillName },
  });
};

const unavailableCodes: ApiHandler = (ctx) => {
  const isActive = boolQuery(ctx.req, 'isActive');
  const search = searchMatcher(ctx.req, 'name');
  const items = [...ctx.state.unavailableCodes.values()]
    .filter((c) => isActive === undefined || c.isActive === isActive)
    .map((c) => unavailableCodeJson(c))
    .filter(search);
  return listResponse(ctx, 'unavailableCodes', sortItems(ctx.req, items, 'id'), { lastPollTime: false });
};

const unavailableCode: ApiHandler = (ctx) => {
  const found = ctx.state.unavailableCodes.get(intParam(ctx, 'codeId'));
  if (!found) throw notFound(`Unavailable code ${ctx.req.params.codeId} was not found.`);
  return ok({ unavailableCode: unavailableCodeJson(found, true) });
};

const dispositions: ApiHandler = (ctx) => {
  const updated = since(ctx);
  const isActive = boolQuery(ctx.req, 'isActive');
  const preview = boolQuery(ctx.req, 'isPreviewDispositions');
  const search = searchMatcher(ctx.req, 'dispositionName');
  const items = [...ctx.state.dispositions.values()]
    .filter(
      (d) =>
        (updated === undefined || d.lastUpdated >= updated) &&
        (isActive === undefined || d.isActive === isActive) &&
        (preview === undefined || d.isPreviewDisposition === preview),
    )
    .map(dispositionJson)
    .filter(search);
  return listResponse(ctx, 'dispositions', sortItems(ctx.req, items, 'dispositionId'), { lastPollTime: false });
};

// The single-disposition body is undocumented (reference §4.5); it follows the ACD's array convention.
const disposition: ApiHandler = (ctx) => {
  const found = ctx.state.dispositions.get(intParam(ctx, 'dispositionId'));
  if (!found) throw notFound(`Disposition ${ctx.req.params.dispositionId} was not found.`);
  return ok({ dispositions: [dispositionJson(found)] });
};

const businessUnit: ApiHandler = () =>
  ok({
    businessUnits: [
      {
        businessUnitId: TENANT.businessUnitId,
        businessUnitName: TENANT.businessUnitName,
        tenantId: TENANT.tenantId,
        isActive: true,
        defaultTimeZone: '(UTC) Coordinated Universal Time',
        timeZones: [{ displayName: '(UTC) Coordinated Universal Time', standardName: 'UTC' }],
        features: [],
        parentBusinessUnitID: 0,
        parentTenantId: '',
        userLimit: 0,
        concurrentAgentLimit: 0,
      },
    ],
  });

/**
 * `{permissions:[{BusinessUnitId, Key, Value}]}` (reference §4.7). The key vocabulary is UNCONFIRMED;
 * the simulator uses its permission names, every one listed with whether the role grants it.
 */
function permissionList(ctx: ApiContext, employee: CxEmployee) {
  const held = ctx.state.permissionsOf(employee);
  return ok({
    permissions: PERMISSION_CATALOGUE.map((p) => ({ BusinessUnitId: TENANT.businessUnitId, Key: p.name, Value: String(held.has(p.name)) })),
  });
}

export function registerDirectoryRoutes(api: Router<ApiHandler>): void {
  const acd = (path: string, handler: ApiHandler) => api.get(`${ACD_PREFIX}${path}`, handler);
  acd('/agents', agents);
  acd('/agents/{agentId}', agent);
  acd('/agents/{agentId}/skills', agentSkills);
  acd('/agents/skills', allAssignments);
  acd('/skills/agents', allAssignments);
  acd('/teams', teams);
  acd('/teams/agents', teamsWithAgents);
  acd('/teams/{teamId}', teamById);
  acd('/teams/{teamId}/agents', teamAgentsById);
  acd('/teams/{teamId}/unavailable-codes', teamUnavailableCodes);
  acd('/skills', skills);
  acd('/skills/{skillId}', skillById);
  acd('/skills/{skillId}/dispositions', skillDispositionList);
  acd('/unavailable-codes', unavailableCodes);
  acd('/unavailable-codes/{codeId}', unavailableCode);
  acd('/dispositions', dispositions);
  acd('/dispositions/{dispositionId}', disposition);
  acd('/business-unit', businessUnit);
  acd('/permissions', (ctx) => permissionList(ctx, ctx.employee));
  acd('/permissions/{agentId}', (ctx) => {
    const employee = ctx.state.employeeByAnyId(ctx.req.params.agentId as string);
    if (!employee) throw notFound(`Agent ${ctx.req.params.agentId} was not found.`);
    return permissionList(ctx, employee);
  });
}
