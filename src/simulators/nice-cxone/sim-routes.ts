// CXone-specific /_sim routes: application registrations, roles and employees with access keys (so tests
// can lack a permission), deactivating, locking and signing in employees, revoking keys and tokens, deleting directory objects, and steering Media
// Playback (throttle, licence, link expiry) and the optional per-token rate limit.
import { controlBody, ControlError } from '../control-plane.ts';
import { json, type Router } from '../http-kit.ts';
import type { MediaPlaybackConfig, NiceSim } from './context.ts';
import { LEAST_PRIVILEGE_PERMISSIONS, PERMISSION_CATALOGUE } from './permissions.ts';
import { registerApp } from './registration.ts';
import { BUILT_IN_PRINCIPALS, type CxRole } from './state.ts';

const roleJson = (role: CxRole | undefined) =>
  role && { id: role.id, name: role.name, securityProfileId: role.securityProfileId, permissions: [...role.permissions] };

function number(body: Record<string, unknown>, key: string, min: number): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new ControlError(`${key} must be an integer >= ${min}`);
  return value;
}

function flag(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value !== undefined && typeof value !== 'boolean') throw new ControlError(`${key} must be a boolean`);
  return value;
}

export function registerNiceControlRoutes(control: Router, sim: NiceSim): void {
  const now = () => sim.clock.now();

  control.get('/_sim/permissions', () => json(200, { permissions: PERMISSION_CATALOGUE, leastPrivilege: LEAST_PRIVILEGE_PERMISSIONS }));

  control.post('/_sim/roles', (req) => json(201, roleJson(sim.state.createRole(controlBody(req), now()))));

  control.post('/_sim/roles/{roleId}', (req) => {
    const role = sim.state.roles.get(req.params.roleId as string);
    if (!role) throw new ControlError(`unknown roleId ${req.params.roleId}`);
    // Validated like a new role, then put in place of the old permissions: the role keeps its id and holders.
    const edited = sim.state.createRole({ name: role.name, permissions: controlBody(req).permissions }, now());
    sim.state.roles.delete(edited.id);
    role.permissions = edited.permissions;
    role.lastUpdateTime = now();
    return json(200, roleJson(role));
  });

  control.post('/_sim/employees', (req) => {
    const { employee, key } = sim.state.createEmployee(controlBody(req), now());
    const app = BUILT_IN_PRINCIPALS.leastPrivilege;
    return json(201, {
      agentId: employee.agentId,
      userId: employee.userId,
      userName: employee.userName,
      isActive: employee.isActive,
      role: roleJson(sim.state.roles.get(employee.roleId)),
      accessKeyId: key.accessKeyId,
      accessKeySecret: key.secret,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    });
  });

  control.post('/_sim/apps', (req) => {
    const app = registerApp(sim.state.apps, controlBody(req));
    return json(201, { ...app });
  });

  // Interactive sign-in and lock-out belong to people's accounts; the doctor tells a key on one apart.
  const employee = (id: string) => {
    const e = sim.state.employeeByAnyId(id);
    if (!e) throw new ControlError(`no employee ${id}`);
    return e;
  };
  for (const [action, locked] of [
    ['lock', true],
    ['unlock', false],
  ] as const) {
    control.post(`/_sim/employees/{employeeId}/${action}`, (req) => {
      const e = employee(req.params.employeeId as string);
      e.locked = locked;
      e.lastUpdated = now();
      return json(200, { agentId: e.agentId, locked });
    });
  }
  control.post('/_sim/employees/{employeeId}/sign-in', (req) => {
    const e = employee(req.params.employeeId as string);
    e.lastLogin = now();
    return json(200, { agentId: e.agentId, lastLogin: new Date(e.lastLogin).toISOString() });
  });

  control.post('/_sim/employees/{employeeId}/access-keys', (req) => {
    const key = sim.state.createAccessKey(req.params.employeeId as string);
    return json(201, { accessKeyId: key.accessKeyId, accessKeySecret: key.secret, agentId: key.agentId });
  });

  for (const [action, isActive] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    control.post(`/_sim/employees/{employeeId}/${action}`, (req) => {
      const e = sim.state.setActive(req.params.employeeId as string, isActive, now());
      return json(200, { agentId: e.agentId, userId: e.userId, isActive: e.isActive });
    });
  }

  control.post('/_sim/access-keys/{accessKeyId}/revoke', (req) => {
    const key = sim.state.revokeAccessKey(req.params.accessKeyId as string);
    return json(200, { accessKeyId: key.accessKeyId, isActive: key.isActive });
  });

  control.post('/_sim/tokens/revoke', () => json(200, { revoked: sim.state.revokeTokens() }));

  control.post('/_sim/entities/{entity}/{id}/delete', (req) => {
    const { entity, id } = req.params as { entity: string; id: string };
    return json(200, { deleted: { entity: sim.state.deleteEntity(entity, id, now()), id } });
  });

  const mediaState = () => ({ ...sim.media, used: sim.mediaThrottle.used(now()), linkGeneration: sim.mediaLinkGeneration });
  control.get('/_sim/media-playback', () => json(200, mediaState()));
  control.post('/_sim/media-playback', (req) => {
    const body = controlBody(req);
    const next: MediaPlaybackConfig = {
      limit: number(body, 'limit', 1) ?? sim.media.limit,
      windowSeconds: number(body, 'windowSeconds', 1) ?? sim.media.windowSeconds,
      retryAfter: flag(body, 'retryAfter') ?? sim.media.retryAfter,
      licensed: flag(body, 'licensed') ?? sim.media.licensed,
      linkTtlSeconds: number(body, 'linkTtlSeconds', 1) ?? sim.media.linkTtlSeconds,
    };
    sim.setMedia(next);
    if (flag(body, 'clear')) sim.mediaThrottle.clear();
    return json(200, mediaState());
  });
  control.post('/_sim/media-playback/links/expire', () => {
    sim.mediaLinkGeneration++;
    return json(200, { linkGeneration: sim.mediaLinkGeneration });
  });

  control.post('/_sim/rate-limit', (req) => {
    const body = controlBody(req);
    const perMinute = number(body, 'perMinute', 0);
    const retryAfter = flag(body, 'retryAfter');
    if (perMinute !== undefined) sim.limiter.perMinute = perMinute;
    if (retryAfter !== undefined) sim.retryAfter = retryAfter;
    sim.limiter.clear();
    return json(200, { perMinute: sim.limiter.perMinute, retryAfter: sim.retryAfter });
  });
}
