import { skipTop } from '../../../engine/paginate.ts';
import type { TaggedRecord } from '../../../model.ts';
import type { StreamDefinition } from '../../connector.ts';
import { ADMIN_PAGE_SIZE, acdPath } from '../api.ts';
import { mapSkill, mapSkillAssignment } from '../map.ts';
import { ACD_VIEW } from '../permissions.ts';
import { guardPermissions } from './guard.ts';
import { listingBatches } from './listings.ts';

const requires = { all: [ACD_VIEW] };
/** Skill ids per assignments request, so the query string stays short. */
const SKILLS_PER_REQUEST = 50;

/**
 * Skills as queues, then which agents each skill is assigned to, as queue members.
 * https://developer.niceincontact.com/API/AdminAPI (getSkills)
 * https://developer.niceincontact.com/API/AdminAPI (getSkillsAgents)
 */
export const skills: StreamDefinition = {
  name: 'skills',
  feature: 'queues',
  entities: ['queue', 'queueMember'],
  kind: 'snapshot',
  requires,
  description: 'Skills as queues, and their agent assignments as queue members',
  read: guardPermissions(requires, async function* (ctx) {
    const skillIds: string[] = [];
    for await (const batch of listingBatches(ctx, acdPath('skills'), {
      itemsKey: 'skills',
      bothActiveStates: true,
      idOf: (s) => String(s.skillId),
      map: (s) => [{ entity: 'queue', record: mapSkill(s) }],
    })) {
      skillIds.push(...batch.records.map((r) => r.record.externalId));
      yield batch;
    }
    const top = Math.min(ADMIN_PAGE_SIZE, ctx.options.maxPageSize ?? ADMIN_PAGE_SIZE);
    for (let i = 0; i < skillIds.length; i += SKILLS_PER_REQUEST) {
      for await (const page of skipTop<Record<string, unknown>>({
        http: ctx.http,
        url: acdPath('skills/agents'),
        query: { skills: skillIds.slice(i, i + SKILLS_PER_REQUEST) },
        top,
        itemsKey: 'agentSkillAssignments',
        totalKey: 'totalRecords',
      })) {
        const records = page.items.flatMap((a): TaggedRecord[] => {
          const record = mapSkillAssignment(a);
          return record ? [{ entity: 'queueMember', record }] : [];
        });
        yield { records, pages: 1 };
      }
    }
  }),
};
