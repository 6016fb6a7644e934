// The least-privilege doctor for Cisco Finesse (reference/cisco-finesse-api.md §1.2–§1.4, §3.2, §3.5, §3.8,
// §7). Finesse has roles, not permissions, and nothing that lists what an account holds: what it is shows
// in what it may read. So the doctor sends only reads the connector already makes for the mode. SystemInfo
// goes without credentials (the session reads it to pick its node); then, in both modes, the account's own
// User: the one call whose refusal can only be the password, so it is thrown and, under the session's
// lockout lease, costs one failed login, and nothing else is sent before it answers. Admin mode asks it
// first too (verify asks GET Teams first), because Finesse documents its role refusal (401 Authorization
// Failure) also for callers it did not authenticate (§4). Then admin mode asks GET Teams (administrators
// only), and team mode reads the TeamResource of each team it should read.
import { MissingPermissionError } from '../../engine/errors.ts';
import type { ConnectorContext, GrantedPermission, Inspection, PermissionFinding } from '../connector.ts';
import { candidateTeams, noReadableTeam, readOwnUser, scopeLabel, teamLabel, type OwnUser, type TeamCandidate } from './account.ts';
import { listItems } from './api.ts';
import { sessionNode } from './auth.ts';
import { modeOf, type FinesseMode } from './endpoints.ts';
import { ADMINISTRATOR, permissions, TEAM_MEMBER } from './permissions.ts';
import { probeTeamResource } from './verify.ts';

/**
 * TeamResource reads per check, at one request a second: the doctor runs before every sync, and the sync
 * itself reports any further team it cannot read.
 */
const MAX_TEAM_PROBES = 10;

const PRE_12_5 = 'its reason codes and wrap-up reasons are not readable before Finesse 12.5 (no TeamResource API)';

/** Findings and grants of one mode; the credential's health is common to both. */
type Findings = Omit<Inspection, 'credential'> & { administrator?: boolean };

export async function inspectFinesse(ctx: ConnectorContext, needed: readonly string[]): Promise<Inspection> {
  const username = ctx.settings.username ?? '';
  const mode = modeOf(ctx.settings);
  const self = await readOwnUser(ctx.http, username);
  const found = mode === 'admin' ? await inspectAdmin(ctx, self) : await inspectTeam(ctx, self);
  const { administrator, ...inspection } = found;
  const unreported: PermissionFinding = { state: 'unknown', evidence: 'not asked' };
  return {
    ...inspection,
    permissions: Object.fromEntries(needed.map((p) => [p, inspection.permissions[p] ?? unreported])),
    credential: health(ctx, mode, self, administrator),
  };
}

/** Supervised teams named in full up to this many; beyond, counted (a report line stays readable). */
const TEAMS_NAMED = 3;

/** "Agent, Supervisor sbsupervisor: member of team 1 (Sales), supervisor of 5 teams": what team mode stands on. */
function standing(self: OwnUser): string {
  const parts = [self.team ? `member of team ${teamLabel(self.team)}` : 'member of no team'];
  const supervised = self.supervised;
  if (supervised.length > TEAMS_NAMED) parts.push(`supervisor of ${supervised.length} teams`);
  else if (supervised.length)
    parts.push(`supervisor of ${supervised.length === 1 ? 'team' : 'teams'} ${supervised.map(teamLabel).join(', ')}`);
  return `${self.roles.join(', ') || 'no role'} ${self.loginName ?? self.username}: ${parts.join(', ')}`;
}

const teamMemberGrant = (self: OwnUser, excessReason?: string): GrantedPermission => ({
  name: TEAM_MEMBER,
  label: permissions[TEAM_MEMBER]?.label ?? TEAM_MEMBER,
  // A supervisor may also change its agents' states on the desktop; Switchboard reads only, and no
  // narrower Finesse account can list a team's members (reference §3.4, §7 option C).
  level: 'read',
  scope: standing(self),
  ...(excessReason ? { excessReason } : {}),
});

/**
 * GET /finesse/api/Teams: only an administrator may (§1.3, §3.5). A role refusal (401 ApiErrors) is
 * believed: the account's own User has already proven the password.
 * https://developer.cisco.com/docs/finesse/team/
 */
async function inspectAdmin(ctx: ConnectorContext, self: OwnUser | undefined): Promise<Findings> {
  const username = ctx.settings.username ?? '';
  const notUsed: PermissionFinding = { state: 'unknown', evidence: 'not asked: admin mode (--mode admin) does not use it' };
  let teams: number;
  try {
    teams = (await listItems(ctx.http, 'Teams', 'Team')).length;
  } catch (err) {
    if (!(err instanceof MissingPermissionError)) throw err;
    const said = `GET /finesse/api/Teams was refused: ${err.platformMessage ?? err.message}`;
    const offer = self
      ? `; it is ${standing(self)}, so --mode team would read ${self.supervised.length || self.team ? 'those teams' : 'its own user only'}`
      : `; nor is ${username} an agent or supervisor (GET /finesse/api/User/${username}: User Not Found)`;
    return {
      permissions: { [ADMINISTRATOR]: { state: 'missing', evidence: said + offer }, [TEAM_MEMBER]: notUsed },
      granted: self ? [teamMemberGrant(self, 'admin mode does not use it; --mode team would, without an administrator')] : [],
      administrator: false,
    };
  }
  const deployment = sessionNode(ctx.auth).deploymentType;
  const scope =
    deployment === 'UCCE'
      ? 'the UCCE application user, which every Finesse administrator shares: five wrong passwords lock all of them out for five minutes'
      : deployment === 'UCCX'
        ? 'a Unified CCX user with the Administrator capability'
        : 'the Finesse administrator';
  return {
    permissions: {
      [ADMINISTRATOR]: { state: 'granted', evidence: `GET /finesse/api/Teams answered with ${teams} teams: every team is readable` },
      [TEAM_MEMBER]: notUsed,
    },
    granted: [
      {
        name: ADMINISTRATOR,
        label: permissions[ADMINISTRATOR]?.label ?? ADMINISTRATOR,
        level: 'admin',
        scope,
        excessReason:
          'team mode would serve the chosen features: a dedicated supervisor of the teams reads them without the right to change them',
      },
    ],
    administrator: true,
  };
}

interface Reach {
  readable: TeamCandidate[];
  outOfReach: { team: TeamCandidate; why: string }[];
  notProbed: TeamCandidate[];
}

/**
 * Which of the teams team mode should read (its own and supervised ones, or those --team-id names) it can:
 * a team it neither belongs to nor supervises is out of reach without asking; the others are read as the
 * code streams read them, through TeamResource. Whether supervising a team counts as being part of it for
 * TeamResource is UNCONFIRMED (§3.8), so supervised teams are asked too. Without TeamResource (before
 * 12.5) only the account's own team's codes are readable.
 */
async function reachOf(ctx: ConnectorContext, candidates: TeamCandidate[]): Promise<Reach> {
  const reach: Reach = { readable: [], outOfReach: [], notProbed: [] };
  const asked = candidates.filter((t) => t.own || t.supervised);
  for (const team of candidates.filter((t) => !t.own && !t.supervised)) {
    reach.outOfReach.push({ team, why: 'neither its team nor supervised by it' });
  }
  for (const [i, team] of asked.entries()) {
    if (i >= MAX_TEAM_PROBES) {
      reach.notProbed.push(team);
      continue;
    }
    const probe = await probeTeamResource(ctx, team);
    if (probe === 'no-team-resource') {
      for (const t of asked) {
        if (t.own) reach.readable.push(t);
        else reach.outOfReach.push({ team: t, why: PRE_12_5 });
      }
      return { ...reach, notProbed: [] };
    }
    if (probe === 'readable') reach.readable.push(team);
    else reach.outOfReach.push({ team, why: probe });
  }
  return reach;
}

async function inspectTeam(ctx: ConnectorContext, self: OwnUser | undefined): Promise<Findings> {
  const username = ctx.settings.username ?? '';
  const notUsed: PermissionFinding = { state: 'unknown', evidence: 'not asked: team mode does not use it (--mode admin would)' };
  if (!self) {
    return {
      permissions: {
        [TEAM_MEMBER]: {
          state: 'missing',
          evidence: `Finesse has no agent or supervisor ${username} (GET /finesse/api/User/${username}: User Not Found); an administrator needs --mode admin, and a dedicated supervisor in team mode is safer`,
        },
        [ADMINISTRATOR]: notUsed,
      },
      grantsNote: `${username} is no agent or supervisor, and team mode does not ask whether it is the administrator; excess is not assessed`,
    };
  }
  const candidates = candidateTeams(self, ctx.settings);
  const reach = await reachOf(ctx, candidates);
  // Before 12.5 the supervised teams are still read by the teams and agents streams, their codes only not.
  const preTeamResource = reach.outOfReach.some((o) => o.why === PRE_12_5);
  if (!reach.readable.length && !preTeamResource) {
    const refused = noReadableTeam({ self, candidates }, reach.outOfReach, ctx.settings, '/finesse/api/TeamResource');
    return {
      permissions: { [TEAM_MEMBER]: { state: 'missing', evidence: refused.platformMessage ?? refused.message }, [ADMINISTRATOR]: notUsed },
      // It reads no team, so nothing it holds is used, and nothing reaches beyond what it would read.
      granted: [],
    };
  }
  const notes = [scopeLabel(self, reach.readable, [], 'global codes only')];
  if (reach.notProbed.length) {
    notes.push(`teams ${reach.notProbed.map(teamLabel).join(', ')} not asked (at most ${MAX_TEAM_PROBES} TeamResource reads per check)`);
  }
  const unsupervised = reach.readable.filter((t) => !t.supervised);
  if (unsupervised.length) {
    // Not out of reach: its team and codes are read. Only the agents feature misses its members.
    notes.push(`members of ${unsupervised.map(teamLabel).join(', ')} are not listed: it belongs to that team but does not supervise it`);
  }
  return {
    permissions: {
      [TEAM_MEMBER]: {
        state: 'granted',
        evidence: notes.join('; '),
        coverage: {
          unit: 'team',
          outOfReach: reach.outOfReach.map(({ team, why }) => ({ id: team.id, name: team.name ?? team.id, holds: why })),
          records: { entity: 'agent', field: 'teamId' },
        },
      },
      [ADMINISTRATOR]: notUsed,
    },
    granted: [teamMemberGrant(self)],
  };
}

/** The account's role, the mode and the node: the facts drift is tracked on. */
function health(
  ctx: ConnectorContext,
  mode: FinesseMode,
  self: OwnUser | undefined,
  administrator: boolean | undefined,
): Inspection['credential'] {
  const node = sessionNode(ctx.auth);
  const username = ctx.settings.username ?? '';
  const account = self?.loginName ?? username;
  const role = [...(administrator ? ['Administrator'] : []), ...(self?.roles ?? [])].join(', ') || null;
  const where = `${node.deploymentType ?? 'Cisco'} Finesse, reading from ${node.host} (${node.role})`;
  return {
    summary: `${account} (${role ?? 'neither an agent nor a supervisor'}) in ${mode} mode on ${where}`,
    facts: {
      account,
      loginId: self?.id ?? null,
      role,
      mode,
      node: `${node.host} (${node.role})`,
      deploymentType: node.deploymentType,
    },
    warnings: [],
  };
}
