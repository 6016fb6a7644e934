// The APIs agents and supervisors read (reference §3.2, §3.4, §3.8, §3.9): their own User object and
// reason-code/wrap-up lists, the Team object of a supervised team, and the TeamResource copies of a
// team's reason codes and wrap-up reasons. What a non-administrator sees is the forAll entries plus those
// assigned to the team in question.
import type { Router } from '../http-kit.ts';
import type { ApiContext, ApiHandler } from './context.ts';
import { FinesseError, notFound, otherUser, wrongRole } from './errors.ts';
import { ANY_CATEGORY, inCategory, readCategory, SINGLE_CATEGORIES } from './routes-config.ts';
import type { FinTeam, FinUser } from './seed.ts';
import type { Caller } from './state.ts';
import { API, reasonCodesXml, teamXml, userXml, wrapUpReasonsXml, xmlResponse } from './xml.ts';

/**
 * The user a /User/{id} URI names: any for the administrator, only themselves for others (whether a
 * supervisor may read a member is UNCONFIRMED, so no). UCCE also takes the login name (reference §3.2).
 */
function targetUser(ctx: ApiContext): FinUser {
  const id = ctx.req.params.id as string;
  const caller = ctx.caller as Caller;
  if (caller.kind === 'user') {
    const self = caller.user;
    if (id !== self.loginId && !(ctx.state.deployment === 'UCCE' && id === self.loginName)) throw otherUser(id);
    return self;
  }
  const user = ctx.state.user(id);
  if (!user) throw new FinesseError(404, 'User Not Found', 'The user specified does not exist', id);
  return user;
}

const user: ApiHandler = (ctx) => xmlResponse(200, { User: userXml(ctx.state, targetUser(ctx)) });

/** Deprecated in 12.5 but served: forAll codes plus the user's own team's (reference §3.9). */
const userReasonCodes: ApiHandler = (ctx) => {
  const target = targetUser(ctx);
  const category = readCategory(ctx, SINGLE_CATEGORIES);
  return xmlResponse(200, reasonCodesXml(category, inCategory(ctx.state.reasonCodesFor([target.teamId]), category)));
};

const userWrapUpReasons: ApiHandler = (ctx) => xmlResponse(200, wrapUpReasonsXml(ctx.state.wrapUpReasonsFor([targetUser(ctx).teamId])));

/**
 * The live team object, for administrators and the team's supervisors (exact rule UNCONFIRMED:
 * reference §3.4). Members who do not supervise it are refused.
 */
const team: ApiHandler = ({ req, state, caller }) => {
  const id = req.params.id as string;
  if (caller?.kind === 'user' && !caller.user.supervisor) throw wrongRole(caller.username);
  const found = state.teams.get(id);
  if (!found) throw notFound('Team not found', id);
  if (caller?.kind === 'user' && !caller.user.supervisedTeamIds.includes(id)) throw wrongRole(caller.username);
  return xmlResponse(200, teamXml(state, found));
};

/**
 * A TeamResource team: its members and its supervisors may read it (reference §3.8). The ReasonCodes and
 * WrapUpReasons suffixes are UNCONFIRMED (named by analogy with PhoneBooks in the reference).
 */
function resourceTeam(ctx: ApiContext): FinTeam {
  const id = ctx.req.params.teamId as string;
  const found = ctx.state.teams.get(id);
  if (!found) throw new FinesseError(404, 'TeamId Not Found', 'The team id specified does not exist', id);
  const caller = ctx.caller as Extract<Caller, { kind: 'user' }>;
  if (caller.user.teamId !== id && !caller.user.supervisedTeamIds.includes(id)) throw wrongRole(caller.username);
  return found;
}

const teamResourceReasonCodes: ApiHandler = (ctx) => {
  const found = resourceTeam(ctx);
  const category = readCategory(ctx, ANY_CATEGORY);
  return xmlResponse(200, reasonCodesXml(category, inCategory(ctx.state.reasonCodesFor([found.id]), category)));
};

const teamResourceWrapUpReasons: ApiHandler = (ctx) =>
  xmlResponse(200, wrapUpReasonsXml(ctx.state.wrapUpReasonsFor([resourceTeam(ctx).id])));

export function registerDesktopRoutes(api: Router<ApiHandler>): void {
  api.get(`${API}/User/{id}`, user);
  api.get(`${API}/User/{id}/ReasonCodes`, userReasonCodes);
  api.get(`${API}/User/{id}/WrapUpReasons`, userWrapUpReasons);
  api.get(`${API}/Team/{id}`, team);
  api.get(`${API}/TeamResource/{teamId}/ReasonCodes`, teamResourceReasonCodes);
  api.get(`${API}/TeamResource/{teamId}/WrapUpReasons`, teamResourceWrapUpReasons);
}
