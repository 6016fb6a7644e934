// GET /_sim/truth: the ground truth as the unified model (DESIGN.md) should see it after a complete
// sync at the simulated now. Agents include inactive users but not deleted ones; reason codes include
// deactivated presence definitions; interactions are the conversations started by now.
import { MAX_CONVERSATION_MS } from './conversations.ts';
import type { GenesysState } from './state.ts';

export interface GenesysTruth {
  agent: string[];
  team: string[];
  queue: string[];
  queueMember: string[];
  division: string[];
  reasonCode: string[];
  wrapUpCode: string[];
  interaction: string[];
  recording: string[];
  openInteractions: string[];
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

export function genesysTruth(state: GenesysState, now: number): GenesysTruth {
  const space = state.conversations;
  const started = space.lowerBound(now + 1);
  const interaction: string[] = [];
  const recording: string[] = [];
  const open: string[] = [];
  // Only conversations that started within the longest duration can still be open.
  const maybeOpen = space.lowerBound(now - MAX_CONVERSATION_MS);
  for (let i = 0; i < started; i++) {
    const core = space.core(i);
    interaction.push(core.id);
    for (const r of space.recordings(core, now)) recording.push(r.id);
    if (i >= maybeOpen && core.endMs > now) open.push(core.id);
  }
  const liveUsers = [...state.users.values()].filter((u) => u.state !== 'deleted');
  const live = new Set(liveUsers.map((u) => u.id));
  return {
    agent: sorted(live),
    team: [],
    queue: sorted(state.queues.keys()),
    queueMember: sorted(
      [...state.queues.values()].flatMap((q) => q.members.filter((m) => live.has(m.userId)).map((m) => `${q.id}:${m.userId}`)),
    ),
    division: sorted(state.divisions.keys()),
    reasonCode: sorted(state.presenceDefinitions.keys()),
    wrapUpCode: sorted(state.wrapupCodes.keys()),
    interaction: interaction.sort(),
    recording: recording.sort(),
    openInteractions: open.sort(),
  };
}
