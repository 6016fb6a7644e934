// Finesse-specific /_sim routes: what an administrator changes (users, passwords, teams, reason codes,
// wrap-up reasons, team assignments), the lockout counters (tests prove with them that a client never
// fails more than once per credential change), node and deployment switches, and hostile payloads.
import { controlBody, ControlError } from '../control-plane.ts';
import { json, type Router } from '../http-kit.ts';
import { lockoutKey } from './auth.ts';
import {
  createReasonCode,
  createTeam,
  createUser,
  createWrapUpReason,
  deleteReasonCode,
  deleteTeam,
  deleteUser,
  deleteWrapUpReason,
  setAssignments,
  setPassword,
} from './changes.ts';
import { NODE_NAMES, type FinesseSim, type NodeName, type NodeStatus } from './context.ts';
import type { FinesseNodes } from './nodes.ts';
import type { FinTeam, FinUser } from './seed.ts';

const userJson = (u: FinUser) => ({
  loginId: u.loginId,
  loginName: u.loginName,
  username: u.loginId,
  password: u.password,
  roles: u.supervisor ? ['Agent', 'Supervisor'] : ['Agent'],
  teamId: u.teamId,
  supervisedTeamIds: u.supervisedTeamIds,
});

const teamJson = (t: FinTeam) => ({ id: t.id, name: t.name, reasonCodeIds: t.reasonCodeIds, wrapUpReasonIds: t.wrapUpReasonIds });

const STATUSES: readonly NodeStatus[] = ['IN_SERVICE', 'OUT_OF_SERVICE', 'DOWN'];

function statusOf(body: Record<string, unknown>, allowed: readonly NodeStatus[]): NodeStatus {
  if (!allowed.includes(body.status as NodeStatus)) throw new ControlError(`status must be one of ${allowed.join(', ')}`);
  return body.status as NodeStatus;
}

function registerDirectoryRoutes(control: Router, sim: FinesseSim): void {
  const param = (req: { params: Record<string, string> }, key: string) => req.params[key] as string;
  control.post('/_sim/users', (req) => json(201, userJson(createUser(sim.state, controlBody(req), sim.clock.now()))));
  control.delete('/_sim/users/{id}', (req) => json(200, { deleted: deleteUser(sim.state, param(req, 'id')).loginId }));
  control.post('/_sim/users/{id}/password', (req) => {
    setPassword(sim.state, param(req, 'id'), controlBody(req));
    return json(200, { username: param(req, 'id'), changed: true });
  });

  control.post('/_sim/teams', (req) => json(201, teamJson(createTeam(sim.state, controlBody(req)))));
  control.delete('/_sim/teams/{id}', (req) => {
    deleteTeam(sim.state, param(req, 'id'));
    return json(200, { deleted: param(req, 'id') });
  });
  control.post('/_sim/teams/{id}/assignments', (req) => json(200, teamJson(setAssignments(sim.state, param(req, 'id'), controlBody(req)))));

  control.post('/_sim/reason-codes', (req) => json(201, createReasonCode(sim.state, controlBody(req))));
  control.delete('/_sim/reason-codes/{id}', (req) => {
    deleteReasonCode(sim.state, param(req, 'id'));
    return json(200, { deleted: param(req, 'id') });
  });
  control.post('/_sim/wrap-up-reasons', (req) => json(201, createWrapUpReason(sim.state, controlBody(req))));
  control.delete('/_sim/wrap-up-reasons/{id}', (req) => {
    deleteWrapUpReason(sim.state, param(req, 'id'));
    return json(200, { deleted: param(req, 'id') });
  });
}

function registerLockoutRoutes(control: Router, sim: FinesseSim): void {
  control.get('/_sim/lockout', () => {
    const now = sim.clock.now();
    const users = Object.fromEntries(sim.lockout.principals().map((p) => [p, sim.lockout.describe(p, now)]));
    return json(200, { totalFailedAuthentications: sim.lockout.totalFailed(), users });
  });
  control.get('/_sim/lockout/{username}', (req) => {
    const key = lockoutKey(sim.state, req.params.username as string);
    return json(200, { username: key, families: sim.lockout.describe(key, sim.clock.now()) });
  });
  // An administrator unlocking every account.
  control.delete('/_sim/lockout', () => {
    sim.lockout.clear();
    return json(200, { totalFailedAuthentications: 0, users: {} });
  });
}

function registerNodeRoutes(control: Router, sim: FinesseSim, nodes: FinesseNodes): void {
  control.get('/_sim/nodes', () => json(200, nodes.describe()));
  control.post('/_sim/nodes/{node}', async (req) => {
    const node = req.params.node as NodeName;
    if (!NODE_NAMES.includes(node)) throw new ControlError(`node must be one of ${NODE_NAMES.join(', ')}`);
    const status = statusOf(controlBody(req), STATUSES);
    nodes.setStatus(node, status);
    if (status !== 'DOWN') {
      await nodes.sync();
      return json(200, nodes.describe());
    }
    // The request may have come through the node going down: answer first, then close its listener. A
    // failure here shows in the answer to the next switch, whose sync tries again.
    return { ...json(200, nodes.describe()), afterSend: () => void nodes.sync().catch(() => undefined) };
  });
  // The whole deployment in or out of service; nodes that were down listen again, to answer 503.
  control.post('/_sim/deployment', async (req) => {
    const status = statusOf(controlBody(req), ['IN_SERVICE', 'OUT_OF_SERVICE']);
    for (const node of NODE_NAMES) nodes.setStatus(node, status);
    await nodes.sync();
    return json(200, nodes.describe());
  });
}

function registerHostileRoutes(control: Router, sim: FinesseSim): void {
  control.get('/_sim/hostile', () => json(200, sim.hostile.toJSON()));
  control.post('/_sim/hostile', (req) => {
    sim.hostile.arm(controlBody(req));
    return json(200, sim.hostile.toJSON());
  });
  control.delete('/_sim/hostile', () => {
    sim.hostile.clear();
    return json(200, sim.hostile.toJSON());
  });
}

export function registerFinesseControlRoutes(control: Router, sim: FinesseSim, nodes: FinesseNodes): void {
  registerDirectoryRoutes(control, sim);
  registerLockoutRoutes(control, sim);
  registerNodeRoutes(control, sim, nodes);
  registerHostileRoutes(control, sim);
}
