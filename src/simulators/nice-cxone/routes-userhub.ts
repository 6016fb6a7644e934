// UserHub's user list (reference §4.1): every employee of the tenant with status, role and ACD mapping.
// A deactivated employee shows as BLOCKED, the nearest value of the documented status enum (INFERRED).
import type { Router } from '../http-kit.ts';
import { ok, type ApiHandler } from './context.ts';
import { TENANT } from './state.ts';

const users: ApiHandler = ({ state }) =>
  ok({
    users: [...state.employees.values()]
      .sort((a, b) => a.agentId - b.agentId)
      .map((e) => {
        const role = state.roles.get(e.roleId);
        return {
          id: e.userId,
          userName: e.userName,
          firstName: e.firstName,
          lastName: e.lastName,
          emailAddress: e.emailAddress,
          status: e.isActive ? 'ACTIVE' : 'BLOCKED',
          role: role?.name ?? '',
          roleUUID: role?.id ?? '',
          teamId: state.teams.get(e.teamId)?.teamUuid ?? '',
          icBUId: TENANT.businessUnitId,
          icClusterId: TENANT.clusterId,
          acdUserMappings: [{ loginId: String(e.agentId) }],
        };
      }),
  });

export function registerUserHubRoutes(api: Router<ApiHandler>): void {
  api.get('/user-management/v1/users', users);
}
