// Deterministic generator of a Genesys Cloud org's directory: divisions, users, queues with members,
// wrap-up codes and presence definitions. Conversations are generated lazily by conversations.ts.
import { Rng, deriveSeed, personName, seededUuid, weightTable } from '../random.ts';

export interface GcDivision {
  id: string;
  name: string;
  description: string;
  homeDivision: boolean;
}

export interface GcUser {
  id: string;
  name: string;
  email: string;
  title: string;
  department: string;
  state: 'active' | 'inactive' | 'deleted';
  divisionId: string;
  dateCreated: string;
}

export interface GcQueueMember {
  userId: string;
  joined: boolean;
}

export interface GcQueue {
  id: string;
  name: string;
  description: string;
  divisionId: string;
  dateCreated: string;
  members: GcQueueMember[];
}

export interface GcWrapupCode {
  id: string;
  name: string;
  divisionId: string;
  dateCreated: string;
}

export interface GcPresenceDefinition {
  id: string;
  label: string;
  systemPresence: string;
  type: 'System' | 'User';
  /** Absent for system presences: "view permission enforcement only applies to definitions assigned to a division". */
  divisionId?: string;
  deactivated: boolean;
}

export interface GcOrganization {
  id: string;
  name: string;
  domain: string;
}

export interface SeedParams {
  seed: number;
  users: number;
  queues: number;
  conversations: number;
  days: number;
  /** The simulated clock when the data was seeded; everything is placed relative to it. */
  anchorMs: number;
  /** Closed conversations end before anchor minus this lag (the data-availability window). */
  lagMs: number;
}

export interface SeededOrg {
  organization: GcOrganization;
  divisions: GcDivision[];
  users: GcUser[];
  queues: GcQueue[];
  wrapupCodes: GcWrapupCode[];
  presenceDefinitions: GcPresenceDefinition[];
}

export const DEFAULT_SIZES = { users: 60, queues: 8, conversations: 2000, days: 7 } as const;
/** Upper bounds that keep generation cheap and indexes inside 32 bits. */
export const MAX_SIZES = { users: 20_000, queues: 2_000, conversations: 5_000_000, days: 3_650 } as const;

const DIVISIONS = [
  ['Home', 'The home division'],
  ['Sales', 'Outbound and inbound sales'],
  ['Support', 'Customer support'],
  ['Back Office', 'Billing and fulfilment'],
] as const;

const QUEUE_NAMES = ['General Enquiries', 'Sales', 'Technical Support', 'Billing', 'Retentions', 'Claims', 'VIP Care', 'Collections'];
const QUEUE_SUFFIXES = ['', ' EN', ' ES', ' FR', ' DE', ' Overflow', ' Tier 2', ' Night'];
const TITLES = ['Agent', 'Senior Agent', 'Team Lead', 'Supervisor', 'Specialist'];
const DEPARTMENTS = ['Customer Care', 'Sales', 'Technical Support', 'Billing'];
const WRAPUP_NAMES = [
  'ININ-WRAP-UP-TIMEOUT',
  'Resolved',
  'Escalated',
  'Callback Scheduled',
  'Sale Completed',
  'No Sale',
  'Billing Question',
  'Technical Issue',
  'Complaint',
  'Wrong Number',
  'Account Update',
  'Cancellation Request',
];
const SYSTEM_PRESENCES = ['Available', 'Away', 'Break', 'Busy', 'Meal', 'Meeting', 'Training', 'Offline', 'Idle', 'On Queue'];
const SECONDARY_PRESENCES: readonly (readonly [string, string, number, boolean])[] = [
  // label, system presence, division index, deactivated
  ['Lunch', 'Meal', 0, false],
  ['Coaching', 'Meeting', 0, false],
  ['Team Huddle', 'Meeting', 1, false],
  ['Personal Break', 'Break', 0, false],
  ['Compliance Training', 'Training', 2, false],
  ['Back Office Work', 'Busy', 3, false],
  ['Smoke Break', 'Break', 0, true],
  ['Legacy Admin Time', 'Busy', 1, true],
];

const DAY_MS = 86_400_000;
/** Division index of a user: the home division holds more people. */
const USER_DIVISION_WEIGHTS = weightTable([
  [0, 4],
  [1, 2],
  [2, 2],
  [3, 2],
]);

export function seedOrg(params: SeedParams): SeededOrg {
  const { seed } = params;
  const rng = new Rng(deriveSeed(seed, 'directory'));
  const created = (maxDaysAgo: number) => new Date(params.anchorMs - (params.days + rng.int(1, maxDaysAgo)) * DAY_MS).toISOString();

  const divisions: GcDivision[] = DIVISIONS.map(([name, description], i) => ({
    id: seededUuid(seed, 'division', i),
    name,
    description,
    homeDivision: i === 0,
  }));
  const divisionAt = (i: number) => (divisions[i % divisions.length] as GcDivision).id;

  const users: GcUser[] = [];
  const usedEmails = new Set<string>();
  for (let i = 0; i < params.users; i++) {
    const { first, last } = personName(rng);
    let email = `${first}.${last}@example.com`.toLowerCase();
    for (let n = 2; usedEmails.has(email); n++) email = `${first}.${last}${n}@example.com`.toLowerCase();
    usedEmails.add(email);
    users.push({
      id: seededUuid(seed, 'user', i),
      name: `${first} ${last}`,
      email,
      title: rng.pick(TITLES),
      department: rng.pick(DEPARTMENTS),
      // Every twelfth user is inactive (so any org of 8+ users has some): lists hide them by default.
      state: i % 12 === 7 ? 'inactive' : 'active',
      divisionId: divisionAt(rng.weighted(USER_DIVISION_WEIGHTS)),
      dateCreated: created(400),
    });
  }

  const queues: GcQueue[] = [];
  for (let i = 0; i < params.queues; i++) {
    const base = QUEUE_NAMES[i % QUEUE_NAMES.length] as string;
    const round = Math.floor(i / QUEUE_NAMES.length);
    const suffix = round < QUEUE_SUFFIXES.length ? (QUEUE_SUFFIXES[round] as string) : ` ${round + 1}`;
    const dateCreated = created(300);
    queues.push({
      id: seededUuid(seed, 'queue', i),
      name: `${base}${suffix}`,
      description: `${base} calls and messages`,
      divisionId: divisionAt(i),
      dateCreated,
      members: [],
    });
  }
  // Every user sits in one to three queues; most have joined them.
  for (const user of users) {
    for (const queue of rng.sample(queues, rng.int(1, Math.min(3, queues.length)))) {
      queue.members.push({ userId: user.id, joined: rng.chance(0.85) });
    }
  }

  const wrapupCodes: GcWrapupCode[] = WRAPUP_NAMES.map((name, i) => ({
    id: seededUuid(seed, 'wrapup', i),
    name,
    divisionId: divisionAt(i < 6 ? 0 : i),
    dateCreated: created(500),
  }));

  const presenceDefinitions: GcPresenceDefinition[] = [
    ...SYSTEM_PRESENCES.map((label, i) => ({
      id: seededUuid(seed, 'presence', 'system', i),
      label,
      systemPresence: label,
      type: 'System' as const,
      deactivated: false,
    })),
    ...SECONDARY_PRESENCES.map(([label, systemPresence, division, deactivated], i) => ({
      id: seededUuid(seed, 'presence', 'user', i),
      label,
      systemPresence,
      type: 'User' as const,
      divisionId: divisionAt(division),
      deactivated,
    })),
  ];

  return {
    organization: { id: seededUuid(seed, 'organization'), name: 'Switchboard Simulated Org', domain: 'switchboard-sim' },
    divisions,
    users,
    queues,
    wrapupCodes,
    presenceDefinitions,
  };
}
