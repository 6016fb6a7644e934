// `connections test`: SystemInfo without credentials (deployment, node status, auth mode), then ONE
// authenticated call that proves the password, and only then what the account can read in each mode
// (reference/cisco-finesse-api.md §1, §7). A wrong password ends at that one call: the engine raises
// CredentialRejectedError, which is left to propagate so the connection is blocked.
import { MissingPermissionError } from '../../engine/errors.ts';
import type { ConnectorContext, VerifyReport } from '../connector.ts';
import { candidateTeams, readOwnUser, refusalOf, scopeLabel, teamLabel, type OwnUser, type TeamRef, type Unreadable } from './account.ts';
import { enc, getXml, listItems } from './api.ts';
import { modeOf, teamIdsOf } from './endpoints.ts';
import { isTeamNotFound, readApiError } from './errors.ts';
import { sessionNode } from './auth.ts';
import type { NodeChoice, NodeReport } from './nodes.ts';

type Details = VerifyReport['details'];

/** TeamResource probes per test, one request a second: a supervisor of many teams is told the rest were not tried. */
const MAX_TEAM_PROBES = 10;

const ADMIN_SEES = 'every user, team, reason code (NOT_READY, LOGOUT, system codes included) and wrap-up reason, with team assignments';
const TEAM_CANNOT = "other teams' codes and agents (admin mode sees everything)";

const nodeState = (n: NodeReport): string => n.note ?? (n.info?.status ? n.info.status.toLowerCase().replace(/_/g, ' ') : 'answering');

function nodeDetails(choice: NodeChoice, settings: Record<string, string>): Details {
  const info = choice.primary.info ?? choice.secondary?.info;
  const details: Details = {
    mode: modeOf(settings),
    deploymentType: choice.deploymentType,
    systemAuthMode: choice.systemAuthMode,
    primary: `${choice.primary.host}: ${nodeState(choice.primary)}`,
    readingFrom: `${choice.host} (${choice.role})`,
  };
  if (choice.secondary) details.secondary = `${choice.secondary.host}: ${nodeState(choice.secondary)}`;
  if (info?.primaryNode || info?.secondaryNode) {
    details.systemInfoNodes = [info.primaryNode, info.secondaryNode].filter(Boolean).join(', ');
  }
  return details;
}

function accountDetails(self: OwnUser): Details {
  return {
    account: self.loginName ?? self.username,
    loginId: self.id,
    name: self.name,
    roles: self.roles.join(', ') || null,
    team: self.team ? teamLabel(self.team) : null,
    supervisedTeams: self.supervised.map(teamLabel).join(', ') || null,
  };
}

/** What team mode would read for this account, without asking Finesse more. */
function teamModeOffer(self: OwnUser, settings: Record<string, string>): string {
  const teams = candidateTeams(self, settings);
  if (!teams.length) return 'it belongs to and supervises no team, so team mode would read nothing either';
  return `in team mode (--mode team) it would read ${teams.length === 1 ? 'team' : 'teams'} ${teams.map(teamLabel).join(', ')}: ${teamSees(self)}`;
}

/** What team mode reads for this account: the members of supervised teams only when it supervises any. */
const teamSees = (self: OwnUser): string =>
  `the global reason codes and wrap-up reasons plus those of its readable teams, and ${self.supervised.length ? 'its own user and the members of the teams it supervises' : 'its own user (it supervises no team, so no other agent)'}`;

/** GET /finesse/api/Teams: only an administrator may (§1.3). A role refusal says it is not one. */
async function readTeamsAsAdmin(ctx: ConnectorContext): Promise<number | undefined> {
  try {
    return (await listItems(ctx.http, 'Teams', 'Team')).length;
  } catch (err) {
    if (err instanceof MissingPermissionError) return undefined;
    throw err;
  }
}

async function verifyAdmin(ctx: ConnectorContext): Promise<VerifyReport> {
  const username = ctx.settings.username ?? '';
  const teams = await readTeamsAsAdmin(ctx);
  const choice = sessionNode(ctx.auth);
  const details = nodeDetails(choice, ctx.settings);
  if (teamIdsOf(ctx.settings).length) details.note = '--team-id only limits team mode; admin mode reads every team';
  if (teams !== undefined) {
    const shared =
      choice.deploymentType === 'UCCE'
        ? ' On UCCE this is the one application user every administrator shares: a wrong password here or in /cfadmin locks them all out of the configuration APIs for five minutes.'
        : ' Five wrong passwords lock it out of the configuration APIs for five minutes.';
    return {
      ok: true,
      summary: `administrator credentials accepted by ${choice.deploymentType ?? 'Cisco'} Finesse on ${choice.host}: admin mode reads ${ADMIN_SEES} (${teams} teams).${shared} A dedicated supervisor in team mode is safer where its teams suffice.`,
      details: { ...details, administrator: true, teams, sees: ADMIN_SEES },
    };
  }
  // A role refusal proves the password only once the account has read its own User (streams/mode.ts).
  const self = await readOwnUser(ctx.http, username);
  const out = { ...details, administrator: false, ...(self ? accountDetails(self) : {}) };
  if (!self) {
    return {
      ok: false,
      summary: `this account is not an administrator, and Finesse has no agent or supervisor ${username}: it can read nothing`,
      details: out,
    };
  }
  const roles = self.roles.length ? ` (${self.roles.join(', ')})` : '';
  return { ok: false, summary: `this account is not an administrator${roles}; ${teamModeOffer(self, ctx.settings)}`, details: out };
}

type Probe = 'readable' | 'no-team-resource' | string;

/**
 * GET /finesse/api/TeamResource/{teamId}/ReasonCodes?category=NOT_READY, the cheapest of the team reads
 * (§3.8). https://developer.cisco.com/docs/finesse/teamresource/
 */
export async function probeTeamResource(ctx: ConnectorContext, team: TeamRef): Promise<Probe> {
  try {
    const res = await getXml(ctx.http, `TeamResource/${enc(team.id)}/ReasonCodes`, {
      query: { category: 'NOT_READY' },
      acceptStatuses: [404],
    });
    if (res.status !== 404) return 'readable';
    return isTeamNotFound(readApiError(res.errorBody)) ? 'not found' : 'no-team-resource';
  } catch (err) {
    const why = refusalOf(err);
    if (!why) throw err;
    return why;
  }
}

async function verifyTeam(ctx: ConnectorContext): Promise<VerifyReport> {
  const username = ctx.settings.username ?? '';
  const self = await readOwnUser(ctx.http, username);
  const details = nodeDetails(sessionNode(ctx.auth), ctx.settings);
  if (!self) {
    // The password is proven (Finesse looked the user up); is it the administrator's?
    const teams = await readTeamsAsAdmin(ctx);
    const admin = teams !== undefined;
    return {
      ok: false,
      summary: admin
        ? `${username} is a Finesse administrator, not an agent or supervisor, so team mode cannot use it. Use --mode admin, or better a dedicated supervisor in team mode: the administrator is shared and a lockout stops every admin`
        : `Finesse has no agent or supervisor ${username} (User Not Found); team mode needs one that belongs to or supervises the teams to read`,
      details: { ...details, administrator: admin },
    };
  }
  const out: Details = { ...details, ...accountDetails(self) };
  const candidates = candidateTeams(self, ctx.settings);
  const readable: TeamRef[] = [];
  const unreadable: Unreadable[] = [];
  let teamResource = true;
  for (const team of candidates.slice(0, MAX_TEAM_PROBES)) {
    const probe = await probeTeamResource(ctx, team);
    if (probe === 'no-team-resource') {
      teamResource = false;
      break;
    }
    if (probe === 'readable') readable.push(team);
    else unreadable.push({ team, why: probe });
  }
  if (candidates.length > MAX_TEAM_PROBES && teamResource) {
    out.notProbed = candidates.slice(MAX_TEAM_PROBES).map(teamLabel).join(', ');
  }
  out.teamResource = teamResource;
  out.sees = teamSees(self);
  out.cannotSee = TEAM_CANNOT;
  const who = `${self.loginName ?? username}${self.roles.length ? ` (${self.roles.join(', ')})` : ''}`;
  if (!teamResource) {
    const own = candidates.find((t) => t.own);
    out.readableTeams = own ? teamLabel(own) : null;
    return {
      ok: true,
      summary: `team mode: ${who} is accepted. This Finesse has no TeamResource API (before 12.5): only the global codes${own ? ` and those of its own team ${teamLabel(own)}` : ''} are readable, through its user-scoped lists; ${TEAM_CANNOT}`,
      details: out,
    };
  }
  out.readableTeams = readable.map(teamLabel).join(', ') || null;
  out.unreadableTeams = unreadable.map(({ team, why }) => `${teamLabel(team)} (${why})`).join(', ') || null;
  if (!readable.length) {
    const why = candidates.length
      ? scopeLabel(self, [], unreadable)
      : `${who} belongs to and supervises no team${teamIdsOf(ctx.settings).length ? ' that --team-id names' : ''}`;
    return { ok: false, summary: `team mode can read no team: ${why}`, details: out };
  }
  return {
    ok: true,
    summary: `${scopeLabel(self, readable, unreadable)}. It sees ${teamSees(self)}; it cannot see ${TEAM_CANNOT}`,
    details: out,
  };
}

/**
 * The session reads SystemInfo on its first request, before any credential is sent (auth.ts); the one
 * authenticated call follows, and the node facts are reported as that session saw them.
 * https://developer.cisco.com/docs/finesse/systeminfo/ · https://developer.cisco.com/docs/finesse/user/
 */
export async function verifyFinesse(ctx: ConnectorContext): Promise<VerifyReport> {
  return modeOf(ctx.settings) === 'admin' ? verifyAdmin(ctx) : verifyTeam(ctx);
}
