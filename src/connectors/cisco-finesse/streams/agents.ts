import { xmlList, xmlNode } from '../../../engine/xml.ts';
import type { Agent } from '../../../model.ts';
import type { StreamContext, StreamDefinition } from '../../connector.ts';
import { openTeamScope, refusalOf, scopeLabel, type TeamRef, type Unreadable } from '../account.ts';
import { enc, getXml } from '../api.ts';
import { mapUser } from '../map.ts';
import { byMode, requires, wholeList } from './mode.ts';

const tagged = (record: Agent | undefined) => record && { entity: 'agent' as const, record };

/**
 * The account's own User, and the members of each team it supervises: GET /finesse/api/Team/{id} lists
 * them (supervisors of the team and administrators; the exact wording is UNCONFIRMED, §3.4). Members of a
 * team it only belongs to are not listed: an agent may not read its team (UNCONFIRMED, not tried).
 * https://developer.cisco.com/docs/finesse/team/
 */
async function* teamAgents(ctx: StreamContext) {
  const scope = await openTeamScope(ctx.http, ctx.settings);
  const agents = new Map<string, Agent>();
  const self = mapUser(scope.self.raw);
  if (self) agents.set(self.externalId, self);
  let pages = 1;
  const readable: TeamRef[] = [];
  const unreadable: Unreadable[] = [];
  for (const team of scope.candidates) {
    if (!team.supervised) {
      unreadable.push({ team, why: 'not supervised: members not listed' });
      continue;
    }
    try {
      const res = await getXml(ctx.http, `Team/${enc(team.id)}`, { acceptStatuses: [404] });
      pages++;
      if (res.status === 404) {
        unreadable.push({ team, why: 'not found' });
        continue;
      }
      for (const member of xmlList(xmlNode(xmlNode(res.doc.Team)?.Users)?.User)) {
        const agent = mapUser(member, team.id);
        if (agent && !agents.has(agent.externalId)) agents.set(agent.externalId, agent);
      }
      readable.push(team);
    } catch (err) {
      const why = refusalOf(err);
      if (!why) throw err;
      pages++;
      unreadable.push({ team, why });
    }
  }
  const records = [...agents.values()].map((record) => ({ entity: 'agent' as const, record }));
  yield { records, pages, total: records.length, scope: scopeLabel(scope.self, readable, unreadable, 'its own user only') };
}

/** Agents and supervisors (Finesse Users). */
export const agents: StreamDefinition = {
  name: 'agents',
  entities: ['agent'],
  kind: 'snapshot',
  requires,
  description: 'Agents and supervisors (admin mode: all users; team mode: itself and the members of supervised teams)',
  // GET /finesse/api/Users (administrators): every user, full objects. https://developer.cisco.com/docs/finesse/user-list/
  read: byMode({ admin: wholeList('Users', 'User', (u) => tagged(mapUser(u))), team: teamAgents }),
};
