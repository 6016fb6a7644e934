// The simulated deployment's live configuration (teams, users, reason codes, wrap-up reasons), shared by
// both nodes, with the built-in principals. Maps keep the seeded, unsorted list order; objects added by
// the control plane (changes.ts) go to the end.
import { Rng, deriveSeed } from '../random.ts';
import {
  seedDeployment,
  type DeploymentType,
  type FinReasonCode,
  type FinTeam,
  type FinUser,
  type FinWrapUpReason,
  type SeedParams,
} from './seed.ts';

const builtInPassword = (name: string) => `Sb-${new Rng(deriveSeed(0xf1, 'password', name)).hexWords(2)}`;

/**
 * The principals `switchboard sim` prints; same names and passwords for any seed, so they survive
 * /_sim/reset and /_sim/seed. The administrator is the application user, not a Finesse User
 * (reference §1.2). The team-scoped supervisor is a member of the first team and supervises every
 * seeded team: the least-privilege principal that still sees the whole deployment in team mode.
 */
export const BUILT_IN_PRINCIPALS = {
  admin: { username: 'administrator', password: builtInPassword('administrator') },
  teamSupervisor: {
    loginName: 'sbsupervisor',
    ucceLoginId: '9001',
    firstName: 'Switchboard',
    lastName: 'Service',
    password: builtInPassword('supervisor'),
  },
  agent: { loginName: 'sbagent', ucceLoginId: '9002', firstName: 'Plain', lastName: 'Agent', password: builtInPassword('agent') },
} as const;

/** Who a request authenticated as. */
export type Caller = { kind: 'admin'; username: string } | { kind: 'user'; username: string; user: FinUser };

export class FinesseState {
  readonly deployment: DeploymentType;
  readonly users = new Map<string, FinUser>();
  readonly teams = new Map<string, FinTeam>();
  readonly reasonCodes = new Map<string, FinReasonCode>();
  readonly wrapUpReasons = new Map<string, FinWrapUpReason>();
  adminPassword: string = BUILT_IN_PRINCIPALS.admin.password;

  constructor(params: SeedParams) {
    this.deployment = params.deployment;
    const seeded = seedDeployment(params);
    for (const t of seeded.teams) this.teams.set(t.id, t);
    for (const c of seeded.reasonCodes) this.reasonCodes.set(c.id, c);
    for (const w of seeded.wrapUpReasons) this.wrapUpReasons.set(w.id, w);
    const first = seeded.teams[0] as FinTeam;
    const allTeams = seeded.teams.map((t) => t.id);
    const builtIn = (p: (typeof BUILT_IN_PRINCIPALS)['agent' | 'teamSupervisor'], supervised: string[]): FinUser => ({
      loginId: params.deployment === 'UCCE' ? p.ucceLoginId : p.loginName,
      loginName: p.loginName,
      password: p.password,
      firstName: p.firstName,
      lastName: p.lastName,
      supervisor: supervised.length > 0,
      teamId: first.id,
      supervisedTeamIds: supervised,
      extension: `7${p.ucceLoginId}`,
      state: 'LOGOUT',
      stateChangeTime: params.anchorMs - 86_400_000,
      reasonCodeId: '',
    });
    // Built-ins first, seeded users after: unsorted still, and easy to find in a listing.
    this.addUser(builtIn(BUILT_IN_PRINCIPALS.teamSupervisor, allTeams));
    this.addUser(builtIn(BUILT_IN_PRINCIPALS.agent, []));
    for (const u of seeded.users) this.addUser(u);
  }

  addUser(user: FinUser): FinUser {
    this.users.set(user.loginId, user);
    return user;
  }

  /** By the id in a URI; UCCE also by login name (reference §3.2). */
  user(id: string): FinUser | undefined {
    const byId = this.users.get(id);
    if (byId || this.deployment !== 'UCCE') return byId;
    for (const u of this.users.values()) if (u.loginName === id) return u;
    return undefined;
  }

  /**
   * The principal a Basic username names, whatever its password. UNCONFIRMED which of login id and
   * login name UCCE accepts in the Basic header; both are accepted, and failures count against the
   * same user whichever is used.
   */
  principal(username: string): { kind: 'admin' } | { kind: 'user'; user: FinUser } | undefined {
    if (username === BUILT_IN_PRINCIPALS.admin.username) return { kind: 'admin' };
    const user = this.user(username);
    return user && { kind: 'user', user };
  }

  passwordOf(principal: { kind: 'admin' } | { kind: 'user'; user: FinUser }): string {
    return principal.kind === 'admin' ? this.adminPassword : principal.user.password;
  }

  members(teamId: string): FinUser[] {
    return [...this.users.values()].filter((u) => u.teamId === teamId);
  }

  /** The teams a user can read in team mode: the one they belong to and those they supervise. */
  teamsOf(user: FinUser): string[] {
    return [...new Set([user.teamId, ...user.supervisedTeamIds])].filter((id) => this.teams.has(id));
  }

  /** forAll codes plus those assigned to any of `teamIds`, in list order (reference §3.8, §3.9). */
  reasonCodesFor(teamIds: readonly string[]): FinReasonCode[] {
    const assigned = new Set(teamIds.flatMap((id) => this.teams.get(id)?.reasonCodeIds ?? []));
    return [...this.reasonCodes.values()].filter((c) => c.forAll || assigned.has(c.id));
  }

  wrapUpReasonsFor(teamIds: readonly string[]): FinWrapUpReason[] {
    const assigned = new Set(teamIds.flatMap((id) => this.teams.get(id)?.wrapUpReasonIds ?? []));
    return [...this.wrapUpReasons.values()].filter((w) => w.forAll || assigned.has(w.id));
  }

  /** The next free numeric id of a map keyed by digit strings. */
  nextId(map: Map<string, unknown>, floor: number): string {
    let max = floor - 1;
    for (const id of map.keys()) if (/^\d+$/.test(id)) max = Math.max(max, Number(id));
    return String(max + 1);
  }
}
