import type { Team } from '../../../model.ts';
import type { StreamContext, StreamDefinition } from '../../connector.ts';
import { noReadableTeam, openTeamScope, scopeLabel, type TeamRef, type Unreadable } from '../account.ts';
import { mapTeam } from '../map.ts';
import { byMode, requires, wholeList } from './mode.ts';

const tagged = (record: Team | undefined) => record && { entity: 'team' as const, record };

/**
 * The account's own team (User.teamId/teamName) and the teams it supervises (User.teams), as its own
 * User names them: no further request. A team --team-id names that is neither is not visible.
 */
async function* teamTeams(ctx: StreamContext) {
  const scope = await openTeamScope(ctx.http, ctx.settings);
  const visible: TeamRef[] = [];
  const unreadable: Unreadable[] = [];
  const records = scope.candidates.flatMap((team) => {
    if (!team.own && !team.supervised) {
      unreadable.push({ team, why: 'neither its team nor supervised by it' });
      return [];
    }
    visible.push(team);
    const supervised = scope.self.supervised.find((t) => t.id === team.id);
    // The own team is known only by the User's teamId and teamName: those are its raw payload.
    const record = supervised
      ? mapTeam(supervised.raw)
      : { externalId: team.id, raw: { teamId: team.id, teamName: team.name }, name: team.name ?? team.id, divisionId: null };
    return record ? [{ entity: 'team' as const, record }] : [];
  });
  if (!visible.length) throw noReadableTeam(scope, unreadable, ctx.settings, '/finesse/api/User');
  yield { records, pages: 1, total: records.length, scope: scopeLabel(scope.self, visible, unreadable) };
}

/** Teams. */
export const teams: StreamDefinition = {
  name: 'teams',
  entities: ['team'],
  kind: 'snapshot',
  requires,
  description: 'Teams (admin mode: all; team mode: its own team and the teams it supervises)',
  // GET /finesse/api/Teams (administrators): `Teams/Team{uri, id, name}` (reference §3.5, OBS).
  read: byMode({ admin: wholeList('Teams', 'Team', (t) => tagged(mapTeam(t))), team: teamTeams }),
};
