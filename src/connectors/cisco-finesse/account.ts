// The account the connection signs in as, and in team mode the teams it can read
// (reference/cisco-finesse-api.md §1.3, §3.2, §7). Read afresh by each stream and by verify: one cheap
// request, and no state outlives the call that needed it.
import { CredentialRejectedError, HttpStatusError, MissingPermissionError } from '../../engine/errors.ts';
import type { HttpClient } from '../../engine/types.ts';
import { xmlList, xmlNode, xmlTexts, type XmlNode } from '../../engine/xml.ts';
import { enc, getXml, idOf, textOf } from './api.ts';
import { teamIdsOf } from './endpoints.ts';
import { TEAM_MEMBER } from './permissions.ts';

export interface TeamRef {
  id: string;
  name: string | null;
}

export interface OwnUser {
  /** The login id: the id in /User/{id} paths. */
  id: string;
  /** What the connection signs in with. */
  username: string;
  loginName: string | null;
  name: string;
  /** `Agent`, `Supervisor`. */
  roles: string[];
  team: TeamRef | null;
  /** The teams it supervises (`teams/Team`), each with its item as parsed. */
  supervised: (TeamRef & { raw: XmlNode })[];
  raw: XmlNode;
}

function readOwnUserNode(user: XmlNode, username: string): OwnUser {
  const id = textOf(user.loginId) ?? username;
  const teamId = textOf(user.teamId);
  const name = [textOf(user.firstName), textOf(user.lastName)].filter(Boolean).join(' ');
  return {
    id,
    username,
    loginName: textOf(user.loginName),
    name: name || textOf(user.loginName) || username,
    roles: xmlTexts(xmlNode(user.roles)?.role),
    team: teamId ? { id: teamId, name: textOf(user.teamName) } : null,
    supervised: xmlList(xmlNode(user.Teams)?.Team).flatMap((t) => {
      const teamRef = idOf(t);
      return teamRef ? [{ id: teamRef, name: textOf(t.name), raw: t }] : [];
    }),
    raw: user,
  };
}

/**
 * GET /finesse/api/User/{username}: every agent and supervisor may read its own User, an administrator
 * anyone's; UCCE takes the login name in place of the id, UCCX's id is the user id it signs in with
 * (§3.2). Undefined when Finesse has no such user (404 `User Not Found`: an administrator-only account).
 *
 * Refusing one's own record is no role refusal a right password can earn: if Finesse answers one, it is
 * taken as the credentials being refused, so the engine stops and nothing more is sent with them.
 * https://developer.cisco.com/docs/finesse/user/
 */
export async function readOwnUser(http: HttpClient, username: string): Promise<OwnUser | undefined> {
  try {
    const res = await getXml(http, `User/${enc(username)}`, { acceptStatuses: [404] });
    if (res.status === 404) return undefined;
    return readOwnUserNode(xmlNode(res.doc.User) ?? {}, username);
  } catch (err) {
    if (err instanceof MissingPermissionError) {
      throw new CredentialRejectedError(
        `Finesse refused this account its own user record (${err.platformMessage ?? err.message}); that cannot be a role refusal, so it is treated as a rejected password. Check the user name (on UCCE the login name or login id)`,
        401,
      );
    }
    throw err;
  }
}

export interface TeamCandidate extends TeamRef {
  /** Its own team (a member). */
  own: boolean;
  /** A team it supervises. Neither: a team only --team-id names. */
  supervised: boolean;
}

export interface TeamScope {
  self: OwnUser;
  /** The teams to try, in order: its own, the supervised ones, then those only --team-id names. */
  candidates: TeamCandidate[];
}

/** Own team and supervised teams, limited to --team-id when given (which may name teams of neither kind). */
export function candidateTeams(self: OwnUser, settings: Record<string, string>): TeamCandidate[] {
  const all: TeamCandidate[] = [];
  const add = (team: TeamRef, how: { own?: boolean; supervised?: boolean }) => {
    const known = all.find((t) => t.id === team.id);
    if (known) {
      known.own ||= how.own === true;
      known.supervised ||= how.supervised === true;
      known.name ??= team.name;
    } else {
      all.push({ ...team, own: how.own === true, supervised: how.supervised === true });
    }
  };
  if (self.team) add(self.team, { own: true });
  for (const { id, name } of self.supervised) add({ id, name }, { supervised: true });
  const wanted = teamIdsOf(settings);
  if (!wanted.length) return all;
  for (const id of wanted) add({ id, name: null }, {});
  return all.filter((t) => wanted.includes(t.id));
}

/**
 * The account's own User and the teams it may read. An account Finesse has no User for cannot work in
 * team mode: the stream is skipped as missing the team-member role.
 */
export async function openTeamScope(http: HttpClient, settings: Record<string, string>): Promise<TeamScope> {
  const username = settings.username ?? '';
  const self = await readOwnUser(http, username);
  if (!self) {
    throw new MissingPermissionError(
      'all',
      [TEAM_MEMBER],
      `/finesse/api/User/${username}`,
      `${username} is no Finesse agent or supervisor (User Not Found); an administrator account needs --mode admin`,
    );
  }
  return { self, candidates: candidateTeams(self, settings) };
}

export const teamLabel = (t: TeamRef): string => (t.name ? `${t.id} (${t.name})` : t.id);

const teamsLabel = (teams: TeamRef[]): string => `${teams.length === 1 ? 'team' : 'teams'} ${teams.map(teamLabel).join(', ')}`;

export interface Unreadable {
  team: TeamRef;
  /** e.g. "not readable", "not found". */
  why: string;
}

/** Why a team's read was refused, or undefined for errors that are no refusal (and must fail the stream). */
export function refusalOf(err: unknown): string | undefined {
  if (err instanceof MissingPermissionError) return 'not readable';
  // A 403 (a node refusing the call, §2) is reported per team too: other teams, or the other node, may answer.
  if (err instanceof HttpStatusError && err.status === 403) return 'refused by this node';
  return undefined;
}

/**
 * What a team-mode stream saw, for the sync output: "team mode: teams 1 (Sales), 2 (Support) as seen by
 * supervisor1; team 3 not readable".
 */
export function scopeLabel(self: OwnUser, readable: TeamRef[], unreadable: Unreadable[], what?: string): string {
  const who = self.loginName ?? self.username;
  const seen = readable.length ? teamsLabel(readable) : (what ?? 'no team');
  const parts = [`team mode: ${seen} as seen by ${who}`];
  const byWhy = new Map<string, TeamRef[]>();
  for (const { team, why } of unreadable) byWhy.set(why, [...(byWhy.get(why) ?? []), team]);
  for (const [why, teams] of byWhy) parts.push(`${teamsLabel(teams)} ${why}`);
  return parts.join('; ');
}

/** A team-mode stream that could read no team at all is skipped: an empty pass would mark everything deleted. */
export function noReadableTeam(
  scope: TeamScope,
  unreadable: Unreadable[],
  settings: Record<string, string>,
  path: string,
): MissingPermissionError {
  const who = scope.self.loginName ?? scope.self.username;
  const limited = teamIdsOf(settings).length ? ' that --team-id names' : '';
  const detail = unreadable.length ? scopeLabel(scope.self, [], unreadable) : `${who} belongs to and supervises no team${limited}`;
  return new MissingPermissionError('all', [TEAM_MEMBER], path, detail);
}
