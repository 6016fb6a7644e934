// The configuration APIs an administrator reads (reference §3.3, §3.5-§3.7, §3.10): the full lists of
// users, teams, reason codes and wrap-up reasons, and each team's assignments. The endpoint table lets
// only the administrator in, except ReasonCode/{id}, which agents may read too.
import type { Router } from '../http-kit.ts';
import type { ApiContext, ApiHandler } from './context.ts';
import { badRequest, FinesseError, notFound, wrongRole } from './errors.ts';
import type { FinReasonCode, FinTeam } from './seed.ts';
import { API, reasonCodesXml, reasonCodeXml, teamsXml, userXml, wrapUpReasonsXml, wrapUpReasonXml, xmlResponse } from './xml.ts';

export type CategoryParam = 'NOT_READY' | 'LOGOUT' | 'ALL';
/** The per-team and per-user lists document only the two categories; ALL is refused there (UNCONFIRMED). */
export const SINGLE_CATEGORIES: readonly CategoryParam[] = ['NOT_READY', 'LOGOUT'];
export const ANY_CATEGORY: readonly CategoryParam[] = ['NOT_READY', 'LOGOUT', 'ALL'];

/** `category` is required (reference §3); its case matters (UNCONFIRMED; the stricter reading). */
export function readCategory(ctx: ApiContext, allowed: readonly CategoryParam[]): CategoryParam {
  const value = ctx.req.query.get('category');
  if (value === undefined || value === '') throw badRequest('Missing required parameter: category', 'category');
  if (!allowed.includes(value as CategoryParam)) throw badRequest(`Invalid category: must be one of ${allowed.join(', ')}`, value);
  return value as CategoryParam;
}

export const inCategory = (codes: FinReasonCode[], category: CategoryParam) =>
  category === 'ALL' ? codes : codes.filter((c) => c.category === category);

/** A bad team on the team-assignment APIs: the machine key sits in ErrorType (reference §3.7). */
function assignmentTeam(ctx: ApiContext): FinTeam {
  const id = ctx.req.params.id as string;
  const team = ctx.state.teams.get(id);
  if (!team) throw new FinesseError(404, 'finesse.api.team.team_assignment_invalid_team', 'This is not a valid team', id);
  return team;
}

const usersList: ApiHandler = ({ state }) => xmlResponse(200, { Users: { User: [...state.users.values()].map((u) => userXml(state, u)) } });

const teamsList: ApiHandler = ({ state }) => xmlResponse(200, teamsXml([...state.teams.values()]));

const reasonCodes: ApiHandler = (ctx) => {
  const category = readCategory(ctx, ANY_CATEGORY);
  return xmlResponse(200, reasonCodesXml(category, inCategory([...ctx.state.reasonCodes.values()], category)));
};

const teamReasonCodes: ApiHandler = (ctx) => {
  const team = assignmentTeam(ctx);
  const category = readCategory(ctx, SINGLE_CATEGORIES);
  const assigned = team.reasonCodeIds.flatMap((id) => ctx.state.reasonCodes.get(id) ?? []);
  return xmlResponse(200, reasonCodesXml(category, inCategory(assigned, category)));
};

const teamWrapUpReasons: ApiHandler = (ctx) => {
  const team = assignmentTeam(ctx);
  return xmlResponse(200, wrapUpReasonsXml(team.wrapUpReasonIds.flatMap((id) => ctx.state.wrapUpReasons.get(id) ?? [])));
};

/**
 * Agents may read a reason code (reference §3.6); UNCONFIRMED whether only those offered to them, so
 * agents and supervisors get the wrong-role refusal for any other.
 */
const reasonCode: ApiHandler = ({ req, state, caller }) => {
  const id = req.params.id as string;
  const code = state.reasonCodes.get(id);
  if (caller?.kind === 'user' && !(code && state.reasonCodesFor(state.teamsOf(caller.user)).includes(code)))
    throw wrongRole(caller.username);
  if (!code) throw notFound('Reason Code not found', id);
  return xmlResponse(200, { ReasonCode: reasonCodeXml(code) });
};

const wrapUpReasons: ApiHandler = ({ state }) => xmlResponse(200, wrapUpReasonsXml([...state.wrapUpReasons.values()]));

const wrapUpReason: ApiHandler = ({ req, state }) => {
  const id = req.params.id as string;
  const reason = state.wrapUpReasons.get(id);
  if (!reason) throw notFound('Wrap-Up Reason not found', id);
  return xmlResponse(200, { WrapUpReason: wrapUpReasonXml(reason) });
};

export function registerConfigRoutes(api: Router<ApiHandler>): void {
  api.get(`${API}/Users`, usersList);
  api.get(`${API}/Teams`, teamsList);
  api.get(`${API}/Team/{id}/ReasonCodes`, teamReasonCodes);
  api.get(`${API}/Team/{id}/WrapUpReasons`, teamWrapUpReasons);
  api.get(`${API}/ReasonCodes`, reasonCodes);
  api.get(`${API}/ReasonCode/{id}`, reasonCode);
  api.get(`${API}/WrapUpReasons`, wrapUpReasons);
  api.get(`${API}/WrapUpReason/{id}`, wrapUpReason);
}
