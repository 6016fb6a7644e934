// What an administrator changes in the deployment, done through the control plane: users with their
// roles, team and supervised teams, passwords, teams, reason codes and wrap-up reasons with their team
// assignments. The platform's own constraints apply (reference §3.6, §3.10), so a test cannot build a
// deployment Finesse would refuse.
import { randomBytes } from 'node:crypto';
import { ControlError } from '../control-plane.ts';
import { MAX_USER_CODE, type FinReasonCode, type FinTeam, type FinUser, type FinWrapUpReason, type ReasonCategory } from './seed.ts';
import { BUILT_IN_PRINCIPALS, type FinesseState } from './state.ts';

type Body = Record<string, unknown>;

function text(body: Body, key: string, options: { max?: number; fallback?: string } = {}): string {
  const value = body[key] ?? options.fallback;
  if (typeof value !== 'string' || value === '') throw new ControlError(`${key} must be a non-empty string`);
  if (options.max !== undefined && Buffer.byteLength(value) > options.max)
    throw new ControlError(`${key} must be at most ${options.max} bytes`);
  return value;
}

function ids(body: Body, key: string): string[] {
  const value = body[key] ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ControlError(`${key} must be an array of id strings`);
  return value as string[];
}

function flag(body: Body, key: string): boolean {
  const value = body[key] ?? false;
  if (typeof value !== 'boolean') throw new ControlError(`${key} must be a boolean`);
  return value;
}

function existingTeams(state: FinesseState, teamIds: string[]): string[] {
  for (const id of teamIds) if (!state.teams.has(id)) throw new ControlError(`no team ${id}`);
  return [...new Set(teamIds)];
}

const newPassword = () => randomBytes(9).toString('base64url');

/** POST /_sim/users `{role, teamId, supervisedTeamIds, loginName, loginId (UCCE), firstName, lastName, password}`. */
export function createUser(state: FinesseState, body: Body, now: number): FinUser {
  const role = body.role ?? 'agent';
  if (role !== 'agent' && role !== 'supervisor') throw new ControlError('role must be agent or supervisor');
  const supervisedTeamIds = existingTeams(state, ids(body, 'supervisedTeamIds'));
  if (role === 'agent' && supervisedTeamIds.length > 0) throw new ControlError('only a supervisor supervises teams');
  const ucce = state.deployment === 'UCCE';
  if (!ucce && body.loginId !== undefined) throw new ControlError('on UCCX the login id is the loginName');
  const loginId = ucce ? text(body, 'loginId', { fallback: state.nextId(state.users, 100_000) }) : undefined;
  if (loginId !== undefined && !/^\d{1,10}$/.test(loginId)) throw new ControlError('a UCCE loginId is up to ten digits');
  let fallbackName = `user${loginId ?? 1}`;
  for (let n = 2; !loginId && state.principal(fallbackName); n++) fallbackName = `user${n}`;
  const loginName = text(body, 'loginName', { max: 64, fallback: fallbackName });
  if (!/^[\w.-]+$/.test(loginName)) throw new ControlError('loginName may hold letters, digits, ".", "-" and "_"');
  const taken = (name: string) => name === BUILT_IN_PRINCIPALS.admin.username || state.principal(name) !== undefined;
  if (taken(loginName) || (loginId !== undefined && taken(loginId)))
    throw new ControlError(`a user ${loginId ?? loginName} or ${loginName} exists`);
  const teamId = text(body, 'teamId', { fallback: [...state.teams.keys()][0] });
  existingTeams(state, [teamId]);
  return state.addUser({
    loginId: loginId ?? loginName,
    loginName,
    password: text(body, 'password', { fallback: newPassword() }),
    firstName: text(body, 'firstName', { fallback: 'Test' }),
    lastName: text(body, 'lastName', { fallback: loginName }),
    supervisor: role === 'supervisor',
    teamId,
    supervisedTeamIds,
    extension: String(60_000 + state.users.size),
    state: 'LOGOUT',
    stateChangeTime: now,
    reasonCodeId: '',
  });
}

function findUser(state: FinesseState, id: string): FinUser {
  const user = state.user(id);
  if (!user) throw new ControlError(`no user ${id}`);
  return user;
}

export function deleteUser(state: FinesseState, id: string): FinUser {
  const user = findUser(state, id);
  state.users.delete(user.loginId);
  return user;
}

/** POST /_sim/users/{id}/password `{password}`; the administrator's too. Lockouts stay as they are. */
export function setPassword(state: FinesseState, username: string, body: Body): void {
  const password = text(body, 'password');
  if (username === BUILT_IN_PRINCIPALS.admin.username) state.adminPassword = password;
  else findUser(state, username).password = password;
}

function findTeam(state: FinesseState, id: string): FinTeam {
  const team = state.teams.get(id);
  if (!team) throw new ControlError(`no team ${id}`);
  return team;
}

/** POST /_sim/teams `{name, supervisorIds}`: supervisors must hold the supervisor role. */
export function createTeam(state: FinesseState, body: Body): FinTeam {
  const name = text(body, 'name', { max: 64 });
  if ([...state.teams.values()].some((t) => t.name === name)) throw new ControlError(`a team named ${name} exists`);
  const supervisors = ids(body, 'supervisorIds').map((id) => findUser(state, id));
  const notSupervisor = supervisors.find((u) => !u.supervisor);
  if (notSupervisor) throw new ControlError(`${notSupervisor.loginId} is not a supervisor`);
  const team: FinTeam = { id: state.nextId(state.teams, 1), name, reasonCodeIds: [], wrapUpReasonIds: [] };
  state.teams.set(team.id, team);
  for (const u of supervisors) u.supervisedTeamIds.push(team.id);
  return team;
}

/** Members move to the first team left, as UCCX moves agents to its default team. */
export function deleteTeam(state: FinesseState, id: string): void {
  findTeam(state, id);
  const fallback = [...state.teams.keys()].find((t) => t !== id);
  if (!fallback) throw new ControlError('the last team cannot be deleted');
  state.teams.delete(id);
  for (const u of state.users.values()) {
    if (u.teamId === id) u.teamId = fallback;
    u.supervisedTeamIds = u.supervisedTeamIds.filter((t) => t !== id);
  }
}

/** POST /_sim/teams/{id}/assignments `{reasonCodeIds?, wrapUpReasonIds?}`: replaces the lists given. */
export function setAssignments(state: FinesseState, id: string, body: Body): FinTeam {
  const team = findTeam(state, id);
  const check = <T extends { forAll: boolean }>(key: string, map: Map<string, T>): string[] => {
    const wanted = [...new Set(ids(body, key))];
    for (const itemId of wanted) {
      const item = map.get(itemId);
      if (!item) throw new ControlError(`${key}: no ${itemId}`);
      if (item.forAll) throw new ControlError(`${key}: ${itemId} is forAll and cannot be assigned to a team`);
    }
    return wanted;
  };
  if (body.reasonCodeIds !== undefined) team.reasonCodeIds = check('reasonCodeIds', state.reasonCodes);
  if (body.wrapUpReasonIds !== undefined) team.wrapUpReasonIds = check('wrapUpReasonIds', state.wrapUpReasons);
  return team;
}

/** Team-only entries go to the teams named; forAll ones to none. */
function assignTo(state: FinesseState, body: Body, forAll: boolean, key: 'reasonCodeIds' | 'wrapUpReasonIds', itemId: string): void {
  const teamIds = existingTeams(state, ids(body, 'teamIds'));
  if (forAll && teamIds.length > 0) throw new ControlError('a forAll entry cannot be assigned to teams');
  for (const t of teamIds) findTeam(state, t)[key].push(itemId);
}

/** POST /_sim/reason-codes `{category, code, label, forAll, teamIds}`. */
export function createReasonCode(state: FinesseState, body: Body): FinReasonCode {
  const category = body.category as ReasonCategory;
  if (category !== 'NOT_READY' && category !== 'LOGOUT') throw new ControlError('category must be NOT_READY or LOGOUT');
  const max = MAX_USER_CODE[state.deployment];
  const code = body.code;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 1 || code > max)
    throw new ControlError(`code must be an integer 1-${max} on ${state.deployment}`);
  const label = text(body, 'label', { max: 40 });
  const same = [...state.reasonCodes.values()].filter((c) => c.category === category);
  if (same.some((c) => c.code === code)) throw new ControlError(`${category} code ${code} exists`);
  if (same.some((c) => c.label === label)) throw new ControlError(`${category} label ${label} exists`);
  const forAll = flag(body, 'forAll');
  const created: FinReasonCode = { id: state.nextId(state.reasonCodes, 1), category, code, label, forAll, systemCode: false };
  assignTo(state, body, forAll, 'reasonCodeIds', created.id);
  state.reasonCodes.set(created.id, created);
  return created;
}

/** System codes belong to the platform: Finesse does not let them be deleted. */
export function deleteReasonCode(state: FinesseState, id: string): void {
  const code = state.reasonCodes.get(id);
  if (!code) throw new ControlError(`no reason code ${id}`);
  if (code.systemCode) throw new ControlError(`${id} is a system code`);
  state.reasonCodes.delete(id);
  for (const t of state.teams.values()) t.reasonCodeIds = t.reasonCodeIds.filter((c) => c !== id);
}

/** POST /_sim/wrap-up-reasons `{label, forAll, teamIds}`. */
export function createWrapUpReason(state: FinesseState, body: Body): FinWrapUpReason {
  const label = text(body, 'label', { max: 39 });
  if ([...state.wrapUpReasons.values()].some((w) => w.label === label)) throw new ControlError(`wrap-up reason ${label} exists`);
  const forAll = flag(body, 'forAll');
  const created: FinWrapUpReason = { id: state.nextId(state.wrapUpReasons, 1), label, forAll };
  assignTo(state, body, forAll, 'wrapUpReasonIds', created.id);
  state.wrapUpReasons.set(created.id, created);
  return created;
}

export function deleteWrapUpReason(state: FinesseState, id: string): void {
  if (!state.wrapUpReasons.delete(id)) throw new ControlError(`no wrap-up reason ${id}`);
  for (const t of state.teams.values()) t.wrapUpReasonIds = t.wrapUpReasonIds.filter((w) => w !== id);
}
