// Genesys-specific /_sim routes: create roles, assign them to users, create OAuth clients (so tests can
// lack a permission or a division), take permissions out of the org, revoke tokens, delete directory
// objects, steer analytics jobs and change the rate limit.
import { controlBody, ControlError } from '../control-plane.ts';
import { json, type Router } from '../http-kit.ts';
import type { GenesysSim } from './context.ts';
import { parsePermission } from './permissions.ts';
import type { JobState } from './state.ts';

const FORCEABLE: readonly JobState[] = ['FAILED', 'EXPIRED', 'CANCELLED'];

export function registerGenesysControlRoutes(control: Router, sim: GenesysSim): void {
  control.post('/_sim/roles', (req) => {
    const role = sim.state.createRole(controlBody(req));
    return json(201, { id: role.id, name: role.name, permissionPolicies: role.permissionPolicies });
  });

  control.post('/_sim/roles/{roleId}', (req) => {
    const role = sim.state.editRole(req.params.roleId as string, controlBody(req));
    return json(200, { id: role.id, name: role.name, permissionPolicies: role.permissionPolicies });
  });

  control.post('/_sim/oauth/clients', (req) => {
    const client = sim.state.createClient(controlBody(req));
    return json(201, {
      id: client.id,
      clientId: client.id,
      clientSecret: client.secret,
      name: client.name,
      authorizedGrantType: client.grantType,
      accessTokenValiditySeconds: client.accessTokenValiditySeconds,
      roleDivisions: client.roleDivisions,
    });
  });

  control.post('/_sim/users/{userId}/roles', (req) => {
    const { roleId } = controlBody(req);
    sim.state.assignRole(req.params.userId as string, roleId);
    return json(200, { userId: req.params.userId, roleId });
  });

  // An org without a product (recording, say) has no such permissions: gone from the catalogue, and no
  // role grants them, whatever its policies say.
  control.post('/_sim/org/permissions', (req) => {
    const absent = controlBody(req).absent ?? [];
    if (!Array.isArray(absent) || !absent.every((p) => typeof p === 'string' && parsePermission(p))) {
      throw new ControlError('absent must be an array of domain:entity:action permissions');
    }
    sim.state.absentPermissions = new Set(absent as string[]);
    return json(200, { absent });
  });

  control.post('/_sim/tokens/revoke', () => json(200, { revoked: sim.state.revokeTokens() }));

  control.post('/_sim/entities/{entity}/{externalId}/delete', (req) => {
    const { entity, externalId } = req.params as { entity: string; externalId: string };
    sim.state.deleteEntity(entity, externalId);
    return json(200, { deleted: { entity, externalId } });
  });

  control.post('/_sim/jobs/fail-next', (req) => {
    const state = controlBody(req).state ?? 'FAILED';
    if (state !== 'FAILED' && state !== 'EXPIRED') throw new ControlError('state must be FAILED or EXPIRED');
    sim.state.nextJobOutcome = state;
    return json(200, { nextJobOutcome: state });
  });

  control.post('/_sim/jobs/{jobId}/state', (req) => {
    const job = sim.state.jobs.get(req.params.jobId as string);
    if (!job) throw new ControlError(`no analytics job ${req.params.jobId}`);
    const state = controlBody(req).state;
    if (!FORCEABLE.includes(state as JobState)) throw new ControlError(`state must be one of ${FORCEABLE.join(', ')}`);
    job.terminal = state as 'FAILED' | 'EXPIRED' | 'CANCELLED';
    return json(200, { jobId: job.id, state });
  });

  control.post('/_sim/rate-limit', (req) => {
    const perMinute = controlBody(req).perMinute;
    if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 0)
      throw new ControlError('perMinute must be an integer >= 0 (0 = unthrottled)');
    sim.limiter.perMinute = perMinute;
    sim.limiter.clear();
    return json(200, { perMinute });
  });
}
