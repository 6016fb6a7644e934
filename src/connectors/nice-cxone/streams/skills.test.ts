import { describe, expect, it } from 'vitest';
import { agents } from './agents.ts';
import { skills } from './skills.ts';
import { collectBatches, fakeContext, type FakeAnswer } from './test-context.ts';

/** An ACD list (§4.0): skip/top with a silent cap of 100, totalRecords, 204 past the end, isActive filter. */
function acdList(key: string, items: Record<string, unknown>[]) {
  return (url: URL): FakeAnswer => {
    const active = url.searchParams.get('isActive');
    const matching = active === null ? items : items.filter((i) => String(i.isActive) === active);
    const skip = Number(url.searchParams.get('skip'));
    const page = matching.slice(skip, skip + Math.min(100, Number(url.searchParams.get('top'))));
    return page.length ? { status: 200, body: { [key]: page, totalRecords: matching.length } } : { status: 204 };
  };
}

describe('ACD snapshot lists', () => {
  it('reads active and inactive agents, page by page, each once', async () => {
    const list = Array.from({ length: 23 }, (_, i) => ({ agentId: 100 + i, firstName: `A${i}`, isActive: i % 3 !== 0 }));
    const { ctx, requests } = fakeContext(acdList('agents', list), { options: { maxPageSize: 5 } });
    const batches = await collectBatches(agents.read(ctx));
    const ids = batches.flatMap((b) => b.records.map((r) => r.record.externalId));
    expect(ids.sort()).toEqual(list.map((a) => String(a.agentId)).sort());
    expect(new Set(requests.map((r) => r.searchParams.get('isActive')))).toEqual(new Set(['true', 'false']));
    expect(requests.every((r) => r.pathname === '/inContactAPI/services/v34.0/agents')).toBe(true);
  });

  it('reads skills as queues, then their agents in batches of skills', async () => {
    const skillList = Array.from({ length: 60 }, (_, i) => ({ skillId: 1 + i, skillName: `S${i}`, isActive: true }));
    const assignments = skillList.map((s) => ({ skillId: s.skillId, agentId: 7, isActive: true }));
    const { ctx, requests } = fakeContext((url) => {
      if (url.pathname.endsWith('/skills')) return acdList('skills', skillList)(url);
      const wanted = new Set((url.searchParams.get('skills') ?? '').split(',').map(Number));
      return acdList(
        'agentSkillAssignments',
        assignments.filter((a) => wanted.has(a.skillId)),
      )(url);
    });
    const records = (await collectBatches(skills.read(ctx))).flatMap((b) => b.records);
    expect(records.filter((r) => r.entity === 'queue')).toHaveLength(60);
    expect(records.filter((r) => r.entity === 'queueMember').map((r) => r.record.externalId)).toContain('60:7');
    const batchesOfSkills = requests
      .filter((r) => r.pathname.endsWith('/skills/agents'))
      .map((r) => r.searchParams.get('skills')?.split(',').length);
    expect(batchesOfSkills).toEqual([50, 10]);
  });
});
