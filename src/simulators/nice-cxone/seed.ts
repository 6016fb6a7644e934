// Deterministic generator of a CXone business unit's ACD directory: teams, agents (employees), skills
// with agent assignments, unavailable codes and dispositions. Completed contacts are generated lazily by
// contacts.ts from this snapshot. Integer ids start at a seed-dependent base, so two seeds never share ids.
import { Rng, deriveSeed, personName, seededUuid } from '../random.ts';

export interface CxTeam {
  teamId: number;
  teamName: string;
  teamUuid: string;
  isActive: boolean;
  notes: string;
  createDate: number;
  lastUpdateTime: number;
  /** Unavailable codes offered to the team's agents (GET /teams/{id}/unavailable-codes). */
  unavailableCodeIds: number[];
}

export interface CxEmployee {
  agentId: number;
  /** The UserHub user UUID; GET /agents/{id} accepts it as well as the agentId. */
  userId: string;
  userName: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  isActive: boolean;
  teamId: number;
  roleId: string;
  isSupervisor: boolean;
  location: string;
  createDate: number;
  lastUpdated: number;
  hireDate: number;
  inactiveDate?: number;
  /** Locked out of interactive sign-in (POST /_sim/employees/{id}/lock). */
  locked?: boolean;
  /** The last interactive sign-in (POST /_sim/employees/{id}/sign-in); a service employee has none. */
  lastLogin?: number;
}

export interface CxSkill {
  skillId: number;
  skillName: string;
  mediaTypeId: number;
  isActive: boolean;
  isOutbound: boolean;
  campaignId: number;
  campaignName: string;
  pointOfContactId: number;
  pointOfContactName: string;
  dispositionIds: number[];
  createDate: number;
  lastUpdateTime: number;
}

export interface CxAssignment {
  skillId: number;
  agentId: number;
  proficiency: number;
  isActive: boolean;
}

export interface CxUnavailableCode {
  id: number;
  name: string;
  isActive: boolean;
  isACW: boolean;
  /** Minutes before an agent in this state is logged out; 0 = never. */
  agentTimeout: number;
  notes: string;
}

export interface CxDisposition {
  dispositionId: number;
  dispositionName: string;
  classificationId: number;
  systemOutcome: string;
  isActive: boolean;
  isPreviewDisposition: boolean;
  notes: string;
  lastUpdated: number;
}

export interface SeedParams {
  seed: number;
  users: number;
  queues: number;
  conversations: number;
  days: number;
  /** The simulated clock when the data was seeded; everything is placed relative to it. */
  anchorMs: number;
}

export interface SeededDirectory {
  teams: CxTeam[];
  /** Seeded agents only; the built-in service employees are added by state.ts. */
  agents: CxEmployee[];
  skills: CxSkill[];
  assignments: CxAssignment[];
  unavailableCodes: CxUnavailableCode[];
  dispositions: CxDisposition[];
}

export const DEFAULT_SIZES = { users: 60, queues: 8, conversations: 2000, days: 7 } as const;
/** Contact ids carry the index in their last 7 digits (contacts.ts), hence the contact bound. */
export const MAX_SIZES = { users: 20_000, queues: 2_000, conversations: 5_000_000, days: 3_650 } as const;

/** The role every seeded agent holds: no permission any API call checks. */
export const AGENT_ROLE_ID = seededUuid(0x6e, 'role', 'agent');

/** Media types of v34 (reference §4.6): 4 and 3 are evidenced, 1 and 6 UNCONFIRMED. */
export const MEDIA_TYPES: Readonly<Record<number, string>> = { 1: 'Email', 3: 'Chat', 4: 'Phone Call', 6: 'Work Item' };
const SKILL_MEDIA = [4, 4, 3, 4, 1, 4, 6, 4];
const MEDIA_SUFFIX: Readonly<Record<number, string>> = { 1: 'Email', 3: 'Chat', 4: 'Phone', 6: 'Work Item' };
const CAMPAIGNS = ['Inbound Service', 'Outbound Sales', 'Digital Care'];

const TEAM_NAMES = ['Customer Care', 'Sales', 'Technical Support', 'Billing', 'Retentions', 'Claims', 'VIP Care', 'Collections'];
const SKILL_NAMES = ['General Enquiries', 'Sales', 'Technical Support', 'Billing', 'Retentions', 'Claims', 'VIP Care', 'Collections'];
const LOCATIONS = ['Salt Lake City', 'Manila', 'Belfast', 'Austin', 'Krakow'];
const ROUND_SUFFIXES = ['', ' EN', ' ES', ' FR', ' DE', ' Overflow', ' Tier 2', ' Night'];

// name, isACW, agentTimeout (minutes), isActive
const UNAVAILABLE_CODES: readonly (readonly [string, boolean, number, boolean])[] = [
  ['Lunch', false, 60, true],
  ['Break', false, 20, true],
  ['Meeting', false, 0, true],
  ['Training', false, 0, true],
  ['Coaching', false, 0, true],
  ['Technical Issue', false, 30, true],
  ['Outbound Work', false, 0, true],
  ['ACW - Notes', true, 5, true],
  ['ACW - Follow Up', true, 10, true],
  ['Project Work', false, 0, true],
  ['Smoke Break', false, 15, false],
  ['Legacy Admin Time', false, 0, false],
];

// name, classificationId, systemOutcome, isActive
const DISPOSITIONS: readonly (readonly [string, number, string, boolean])[] = [
  ['Resolved', 1, 'Complete', true],
  ['Escalated', 2, 'Complete', true],
  ['Callback Scheduled', 3, 'Callback', true],
  ['Sale Completed', 4, 'Complete', true],
  ['No Sale', 5, 'Complete', true],
  ['Billing Question', 1, 'Complete', true],
  ['Technical Issue', 1, 'Complete', true],
  ['Complaint', 2, 'Complete', true],
  ['Wrong Number', 6, 'Complete', true],
  ['Account Update', 1, 'Complete', true],
  ['Cancellation Request', 2, 'Complete', true],
  ['Legacy - Do Not Use', 6, 'Complete', false],
];

const DAY_MS = 86_400_000;

/** A per-seed first id, so ids of different seeds differ while staying readable. */
function idBase(seed: number, salt: string, floor: number, spread: number): number {
  return floor + (deriveSeed(seed, 'id-base', salt) % spread) * 100;
}

export function seedDirectory(params: SeedParams): SeededDirectory {
  const { seed } = params;
  const rng = new Rng(deriveSeed(seed, 'directory'));
  const before = (maxDaysAgo: number) => params.anchorMs - (params.days + rng.int(1, maxDaysAgo)) * DAY_MS - rng.int(0, DAY_MS);
  // A later edit of a seeded object, never after the start of the contact history.
  const editedAfter = (created: number, maxDays: number) =>
    Math.min(created + rng.int(0, maxDays) * DAY_MS, params.anchorMs - params.days * DAY_MS);

  const unavailableCodes: CxUnavailableCode[] = UNAVAILABLE_CODES.map(([name, isACW, agentTimeout, isActive], i) => ({
    id: idBase(seed, 'outstate', 1_000, 90) + i,
    name,
    isActive,
    isACW,
    agentTimeout,
    notes: isActive ? '' : 'Retired',
  }));

  const dispositions: CxDisposition[] = DISPOSITIONS.map(([dispositionName, classificationId, systemOutcome, isActive], i) => ({
    dispositionId: idBase(seed, 'disposition', 20_000, 90) + i,
    dispositionName,
    classificationId,
    systemOutcome,
    isActive,
    isPreviewDisposition: false,
    notes: '',
    lastUpdated: before(300),
  }));

  // One team per twelve agents; with three or more, the last one is an emptied, inactive team.
  const teamCount = Math.max(2, Math.min(200, Math.ceil(params.users / 12)));
  const activeCodes = unavailableCodes.filter((c) => c.isActive).map((c) => c.id);
  const teams: CxTeam[] = [];
  const teamBase = idBase(seed, 'team', 100_000, 900);
  for (let i = 0; i < teamCount; i++) {
    const createDate = before(500);
    teams.push({
      teamId: teamBase + i,
      teamName: roundName(TEAM_NAMES, i),
      teamUuid: seededUuid(seed, 'team', i),
      isActive: !(teamCount >= 3 && i === teamCount - 1),
      notes: '',
      createDate,
      lastUpdateTime: editedAfter(createDate, 50),
      unavailableCodeIds: rng.sample(activeCodes, rng.int(4, activeCodes.length)).sort((a, b) => a - b),
    });
  }
  const staffedTeams = teams.filter((t) => t.isActive);

  const agents: CxEmployee[] = [];
  const agentBase = idBase(seed, 'agent', 1_000_000, 9_000);
  const used = new Set<string>();
  for (let i = 0; i < params.users; i++) {
    const { first, last } = personName(rng);
    let userName = `${first}.${last}@example.com`.toLowerCase();
    for (let n = 2; used.has(userName); n++) userName = `${first}.${last}${n}@example.com`.toLowerCase();
    used.add(userName);
    const createDate = before(700);
    // Every twelfth agent is inactive (terminated), so any unit of 8+ agents has some.
    const isActive = i % 12 !== 7;
    const lastUpdated = editedAfter(createDate, 100);
    agents.push({
      agentId: agentBase + i,
      userId: seededUuid(seed, 'user', i),
      userName,
      firstName: first,
      lastName: last,
      emailAddress: userName,
      isActive,
      teamId: (staffedTeams[i % staffedTeams.length] as CxTeam).teamId,
      roleId: AGENT_ROLE_ID,
      isSupervisor: i % 15 === 0,
      location: rng.pick(LOCATIONS),
      createDate,
      lastUpdated,
      hireDate: createDate - rng.int(0, 30) * DAY_MS,
      ...(isActive ? {} : { inactiveDate: lastUpdated }),
    });
  }

  const skills: CxSkill[] = [];
  const skillBase = idBase(seed, 'skill', 4_000_000, 9_000);
  for (let i = 0; i < params.queues; i++) {
    const mediaTypeId = SKILL_MEDIA[i % SKILL_MEDIA.length] as number;
    const isOutbound = mediaTypeId === 4 && i % 5 === 4;
    const campaign = isOutbound ? 1 : mediaTypeId === 4 ? 0 : 2;
    const createDate = before(400);
    skills.push({
      skillId: skillBase + i,
      skillName: `${roundName(SKILL_NAMES, i)} ${MEDIA_SUFFIX[mediaTypeId]}`,
      mediaTypeId,
      isActive: !(params.queues >= 6 && i === params.queues - 1),
      isOutbound,
      campaignId: idBase(seed, 'campaign', 7_000, 90) + campaign,
      campaignName: CAMPAIGNS[campaign] as string,
      pointOfContactId: idBase(seed, 'poc', 30_000, 90) + i,
      pointOfContactName: mediaTypeId === 4 ? `800555${String(1000 + i).slice(-4)}` : `${MEDIA_SUFFIX[mediaTypeId]} entry ${i + 1}`,
      dispositionIds: rng
        .sample(
          dispositions.filter((d) => d.isActive).map((d) => d.dispositionId),
          rng.int(3, 5),
        )
        .sort((a, b) => a - b),
      createDate,
      lastUpdateTime: editedAfter(createDate, 90),
    });
  }

  // Every agent holds one to three skills; a few assignments are switched off.
  const assignments: CxAssignment[] = [];
  for (const agent of agents) {
    for (const skill of rng.sample(skills, rng.int(1, Math.min(3, skills.length)))) {
      assignments.push({ skillId: skill.skillId, agentId: agent.agentId, proficiency: rng.int(1, 20), isActive: rng.chance(0.9) });
    }
  }
  assignments.sort((a, b) => a.skillId - b.skillId || a.agentId - b.agentId);

  return { teams, agents, skills, assignments, unavailableCodes, dispositions };
}

function roundName(names: readonly string[], i: number): string {
  const round = Math.floor(i / names.length);
  const suffix = round < ROUND_SUFFIXES.length ? (ROUND_SUFFIXES[round] as string) : ` ${round + 1}`;
  return `${names[i % names.length]}${suffix}`;
}
