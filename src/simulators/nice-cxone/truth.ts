// GET /_sim/truth: the ground truth as the unified model (DESIGN.md) should see it after a complete sync
// at the simulated now. Agents are every employee the ACD lists (active and inactive, the built-in and
// created service employees included; deleted ones are gone). Teams, skills, unavailable codes and
// dispositions include inactive ones. Interactions are the contacts completed (written to the warehouse,
// lastUpdateTime <= now) by now, whatever their age; recordings are the segment ids of those with a
// recording. CXone has no divisions: the business unit is the tenant itself.
import type { NiceState } from './state.ts';

export interface NiceTruth {
  agent: string[];
  team: string[];
  queue: string[];
  queueMember: string[];
  division: string[];
  reasonCode: string[];
  wrapUpCode: string[];
  interaction: string[];
  recording: string[];
}

const sorted = (ids: Iterable<number | string>) => [...ids].map(String).sort();

export function niceTruth(state: NiceState, now: number): NiceTruth {
  const space = state.contacts;
  const visible = space.visibleCount(now);
  const interaction: string[] = new Array(visible);
  const recording: string[] = [];
  for (let i = 0; i < visible; i++) {
    const core = space.core(i);
    interaction[i] = String(core.contactId);
    if (core.recorded) recording.push(space.segmentIdOf(i));
  }
  return {
    agent: sorted(state.employees.keys()),
    team: sorted(state.teams.keys()),
    queue: sorted(state.skills.keys()),
    queueMember: sorted(state.assignments.map((a) => `${a.skillId}:${a.agentId}`)),
    division: [],
    reasonCode: sorted(state.unavailableCodes.keys()),
    wrapUpCode: sorted(state.dispositions.keys()),
    interaction: interaction.sort(),
    recording: recording.sort(),
  };
}
