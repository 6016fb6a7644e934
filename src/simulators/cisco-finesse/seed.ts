// Deterministic generator of a Finesse deployment's configuration: teams, users (agents and supervisors),
// reason codes (the platform's system codes included) with their team assignments, and wrap-up reasons.
// Every list comes out in a seeded order that is not sorted by id, as real Finesse lists are not
// (reference §3.6). The built-in principals are added by state.ts.
import { Rng, deriveSeed, personName } from '../random.ts';

export type DeploymentType = 'UCCX' | 'UCCE';
export type ReasonCategory = 'NOT_READY' | 'LOGOUT';
export type UserState = 'LOGOUT' | 'NOT_READY' | 'READY' | 'TALKING' | 'WORK';

export interface FinUser {
  /** The id in every URI: UCCE's numeric agent login id, UCCX's user id (which is the login name). */
  loginId: string;
  loginName: string;
  password: string;
  firstName: string;
  lastName: string;
  supervisor: boolean;
  /** The one team the user is a member of. */
  teamId: string;
  /** The teams the user supervises (User `teams`, reference §3.2). */
  supervisedTeamIds: string[];
  extension: string;
  state: UserState;
  stateChangeTime: number;
  /** '' when the state carries no reason, '-1' right after login (reference §3.2). */
  reasonCodeId: string;
}

export interface FinTeam {
  id: string;
  name: string;
  /** Reason codes and wrap-up reasons assigned to the team (never forAll ones). */
  reasonCodeIds: string[];
  wrapUpReasonIds: string[];
}

export interface FinReasonCode {
  id: string;
  category: ReasonCategory;
  code: number;
  label: string;
  forAll: boolean;
  systemCode: boolean;
}

export interface FinWrapUpReason {
  id: string;
  label: string;
  forAll: boolean;
}

export interface FinesseSizes {
  users: number;
  teams: number;
}

export const DEFAULT_SIZES: FinesseSizes = { users: 40, teams: 5 };
/** Beyond what one Finesse cluster serves, yet small enough to list without paging. */
export const MAX_SIZES: FinesseSizes = { users: 10_000, teams: 1_000 };
export const SIZE_LIMITS = { defaults: DEFAULT_SIZES, max: MAX_SIZES };

/** The highest code an administrator may give a reason code (reference §3.6). */
export const MAX_USER_CODE: Readonly<Record<DeploymentType, number>> = { UCCX: 999, UCCE: 65_535 };

type SystemCode = readonly [ReasonCategory, number, string];

/** System codes written the way the reference lists them: "code label, code label, …" per category. */
function systemCodes(lists: Record<ReasonCategory, string>): SystemCode[] {
  return (Object.entries(lists) as [ReasonCategory, string][]).flatMap(([category, list]) =>
    list.split(', ').map((entry): SystemCode => {
      const space = entry.indexOf(' ');
      return [category, Number(entry.slice(0, space)), entry.slice(space + 1)];
    }),
  );
}

// UCCX 12.5 as observed (reference §3.6). The docs say system codes are not listed; they are.
const UCCX_SYSTEM_CODES = systemCodes({
  LOGOUT:
    '32767 Device Conflict, 32766 Agent Initiated, 32765 System Disconnect, 32764 System Standby, 32748 Agent Deleted, ' +
    '32741 Extension Conflict, 32740 System Initiated Relogin, 255 Connection Failure, 22 Supervisor Initiated',
  NOT_READY:
    '32763 Call Not Answered, 32762 Offhook, 32761 Non ACD Busy, 32760 Agent Logon, 32759 Phone Failure, ' +
    '32758 Wrap Up Timer Expiry, 32757 CUCM Failover, 32756 Phone Working, 32755 Call Ended, 32754 Restricted Device, ' +
    '32753 Restricted Line, 32752 Cancel Reservation Preview Call, 32751 Skip Preview Call, 32750 Extension Modified, ' +
    '32749 Call Cancel, 32742 Non ACD Offhook, 33 Supervisor Initiated',
});

// UNCONFIRMED beyond 999 (supervisor-forced) and 50006 (off-hook), the only UCCE codes the reference
// names; the others are the usual Unified CCE built-in codes, labels guessed.
const UCCE_SYSTEM_CODES = systemCodes({
  NOT_READY: '999 Supervisor Initiated, 50006 Offhook, 32767 Call Not Answered, 50002 Connection Failure',
  LOGOUT: '999 Supervisor Initiated, 50001 Client Disconnected, 50004 Inactivity Timeout, 50020 Logged In Elsewhere',
});

// Seeded reason-code labels; about half are global (forAll), the others assigned to teams.
const NOT_READY_LABELS = ['Break', 'Lunch', 'Meeting', 'Training', 'Coaching', 'Personal', 'System Issue', 'Outbound Prep'];
const MORE_NOT_READY_LABELS = ['Email Work', 'Team Huddle', 'Project Work', 'Follow-up'];
const LOGOUT_LABELS = ['End of Shift', 'Sick', 'Emergency', 'Off-site Training', 'Split Shift'];
const WRAP_UP_LABELS = [
  'Sale',
  'No Sale',
  'Callback Requested',
  'Complaint',
  'Billing Question',
  'Technical Issue',
  'Wrong Number',
  'Escalated',
  'Resolved First Contact',
  'Follow-up Needed',
];
const TEAM_NAMES = ['Customer Care', 'Sales', 'Technical Support', 'Billing', 'Retentions', 'Claims', 'VIP Care', 'Collections'];

export interface SeededDeployment {
  teams: FinTeam[];
  users: FinUser[];
  reasonCodes: FinReasonCode[];
  wrapUpReasons: FinWrapUpReason[];
}

export interface SeedParams extends FinesseSizes {
  seed: number;
  deployment: DeploymentType;
  /** The simulated clock when the data was seeded; state change times lie before it. */
  anchorMs: number;
}

/** A per-seed first id, so that two seeds rarely share ids while ids stay readable. */
const idBase = (seed: number, salt: string, floor: number, spread: number) => floor + (deriveSeed(seed, 'finesse-ids', salt) % spread) * 10;

/** Distinct codes in 1..max, none equal to a system code of the same category. */
function userCodes(rng: Rng, count: number, max: number, taken: ReadonlySet<number>): number[] {
  const out = new Set<number>();
  while (out.size < count) {
    const code = rng.int(1, max);
    if (!taken.has(code)) out.add(code);
  }
  return [...out];
}

export function seedDeployment(params: SeedParams): SeededDeployment {
  const { seed, deployment } = params;
  const rng = new Rng(deriveSeed(seed, 'finesse'));

  const teamBase = idBase(seed, 'team', 5_000, 400);
  const teams: FinTeam[] = Array.from({ length: params.teams }, (_, i) => {
    const round = Math.floor(i / TEAM_NAMES.length);
    return {
      id: String(teamBase + i),
      name: `${TEAM_NAMES[i % TEAM_NAMES.length]}${round ? ` ${round + 1}` : ''}`,
      reasonCodeIds: [],
      wrapUpReasonIds: [],
    };
  });
  const someTeams = () => rng.sample(teams, rng.int(1, Math.min(2, teams.length)));

  // System codes are global, so team and user lists carry them too (UNCONFIRMED outside the admin list).
  const system = deployment === 'UCCX' ? UCCX_SYSTEM_CODES : UCCE_SYSTEM_CODES;
  const codes: Omit<FinReasonCode, 'id'>[] = system.map(([category, code, label]) => ({
    category,
    code,
    label,
    forAll: true,
    systemCode: true,
  }));
  const byCategory: [ReasonCategory, string[]][] = [
    ['NOT_READY', [...NOT_READY_LABELS, ...MORE_NOT_READY_LABELS.slice(0, rng.int(0, MORE_NOT_READY_LABELS.length))]],
    ['LOGOUT', LOGOUT_LABELS],
  ];
  for (const [category, labels] of byCategory) {
    const taken = new Set(codes.filter((c) => c.category === category).map((c) => c.code));
    const numbers = userCodes(rng, labels.length, MAX_USER_CODE[deployment], taken);
    labels.forEach((label, i) => codes.push({ category, code: numbers[i] as number, label, forAll: rng.chance(0.5), systemCode: false }));
  }
  // Ids are handed out in one shuffled order and listed in another: lists are not sorted by id.
  const codeBase = idBase(seed, 'reason-code', 20, 50);
  const reasonCodes = rng.sample(codes, codes.length).map((c, i) => ({ id: String(codeBase + i), ...c }));
  const wrapUpBase = idBase(seed, 'wrap-up', 100, 90);
  const wrapUpReasons = rng
    .sample(WRAP_UP_LABELS, WRAP_UP_LABELS.length)
    .map((label, i) => ({ id: String(wrapUpBase + i), label, forAll: rng.chance(0.5) }));
  // Team-only codes go to one or two teams; the last of each kind to none, so that some exist that
  // only an administrator sees.
  const assign = <T extends { id: string; forAll: boolean }>(items: T[], key: 'reasonCodeIds' | 'wrapUpReasonIds') => {
    const teamOnly = items.filter((item) => !item.forAll);
    teamOnly.slice(0, -1).forEach((item) => someTeams().forEach((t) => t[key].push(item.id)));
  };
  assign(reasonCodes, 'reasonCodeIds');
  assign(wrapUpReasons, 'wrapUpReasonIds');

  const users = seedUsers(params, rng, teams, reasonCodes);
  const shuffled = <T>(items: T[]) => rng.sample(items, items.length);
  return { teams: shuffled(teams), users, reasonCodes: shuffled(reasonCodes), wrapUpReasons: shuffled(wrapUpReasons) };
}

const STATES: readonly UserState[] = ['LOGOUT', 'LOGOUT', 'NOT_READY', 'NOT_READY', 'READY', 'TALKING', 'WORK'];

function seedUsers(params: SeedParams, rng: Rng, teams: FinTeam[], reasonCodes: FinReasonCode[]): FinUser[] {
  const loginBase = idBase(params.seed, 'agent', 10_000, 8_000);
  const names = new Set<string>();
  const users: FinUser[] = [];
  for (let i = 0; i < params.users; i++) {
    const { first, last } = personName(rng);
    const stem = `${first[0]}${last}`.toLowerCase();
    let loginName = stem;
    for (let n = 2; names.has(loginName); n++) loginName = `${stem}${n}`;
    names.add(loginName);
    const team = teams[i % teams.length] as FinTeam;
    const state = rng.pick(STATES);
    const category: ReasonCategory | undefined = state === 'NOT_READY' || state === 'LOGOUT' ? state : undefined;
    const reasons = category ? reasonCodes.filter((c) => c.category === category && (c.forAll || team.reasonCodeIds.includes(c.id))) : [];
    users.push({
      loginId: params.deployment === 'UCCE' ? String(loginBase + i) : loginName,
      loginName,
      password: `pw-${rng.hexWords(2)}`,
      firstName: first,
      lastName: last,
      supervisor: false,
      teamId: team.id,
      supervisedTeamIds: [],
      extension: String(40_000 + ((loginBase + i) % 60_000)),
      state,
      stateChangeTime: params.anchorMs - rng.int(60, 8 * 3600) * 1000,
      reasonCodeId: !category ? '' : reasons.length === 0 || rng.chance(0.1) ? '-1' : rng.pick(reasons).id,
    });
  }
  // One supervisor per team, from among its members, who now and then also supervises the next team.
  teams.forEach((team, t) => {
    const lead = users.find((u) => u.teamId === team.id && !u.supervisor);
    if (!lead) return;
    lead.supervisor = true;
    lead.supervisedTeamIds.push(team.id);
    const next = teams[t + 1];
    if (next && rng.chance(0.3)) lead.supervisedTeamIds.push(next.id);
  });
  return rng.sample(users, users.length);
}
