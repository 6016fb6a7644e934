// GET /_sim/truth: the external ids a complete sync ends with, per unified entity: agents are Users by
// login id, teams and reason codes (system codes included) by id, wrap-up codes by the id in their uri.
// The administrator (the application user) is not a Finesse User, hence no agent.
//
// GET /_sim/truth?as=<username>: what that principal reaches in team mode. Teams: the one they belong to
// and those they supervise. Agents: themselves and the members of the teams they supervise (Team/{id}).
// Reason codes and wrap-up codes: the forAll ones plus those assigned to any of those teams
// (TeamResource). The administrator reaches everything, through the configuration APIs.
import { ControlError } from '../control-plane.ts';
import type { Query } from '../http-kit.ts';
import type { FinesseState } from './state.ts';

export interface FinesseTruth {
  agent: string[];
  team: string[];
  reasonCode: string[];
  wrapUpCode: string[];
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

export function finesseTruth(state: FinesseState, query: Query): FinesseTruth {
  const as = query.get('as');
  const principal = as === undefined ? { kind: 'admin' as const } : state.principal(as);
  if (!principal) throw new ControlError(`no user ${JSON.stringify(as)}`);
  if (principal.kind === 'admin') {
    return {
      agent: sorted(state.users.keys()),
      team: sorted(state.teams.keys()),
      reasonCode: sorted(state.reasonCodes.keys()),
      wrapUpCode: sorted(state.wrapUpReasons.keys()),
    };
  }
  const { user } = principal;
  const teams = state.teamsOf(user);
  const supervised = user.supervisedTeamIds.filter((id) => state.teams.has(id));
  return {
    agent: sorted([user.loginId, ...supervised.flatMap((id) => state.members(id).map((u) => u.loginId))]),
    team: sorted(teams),
    reasonCode: sorted(state.reasonCodesFor(teams).map((c) => c.id)),
    wrapUpCode: sorted(state.wrapUpReasonsFor(teams).map((w) => w.id)),
  };
}
