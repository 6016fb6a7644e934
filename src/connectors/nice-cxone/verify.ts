// `connections test`: a real token (its business unit checked against the one entered), the tenant's API
// host discovered, and the employee behind the access key read back, so an operator can see whether a
// dedicated, least-privilege service employee is used (reference/nice-cxone-api.md §2, §4.1, §7.2).
import { HttpStatusError, MissingPermissionError } from '../../engine/errors.ts';
import type { ConnectorContext, VerifyReport } from '../connector.ts';
import { acdPath } from './api.ts';
import { cxoneAuthOf } from './auth.ts';
import { businessUnitOf, userIdOf } from './jwt.ts';
import { EMPLOYEES_VIEW, permissions } from './permissions.ts';

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * GET /agents/{userId}: the path takes the employee's user UUID (the token's `sub`) as well as the ACD
 * agent id (§4.1), and answers `{agents:[…]}` even for one.
 * https://developer.niceincontact.com/API/AdminAPI (GET /agents/{agentId})
 */
async function readEmployee(ctx: ConnectorContext, userId: string): Promise<{ employee?: Json; note?: string }> {
  try {
    const res = await ctx.http.request<{ agents?: Json[] } | undefined>({
      method: 'GET',
      url: acdPath(`agents/${encodeURIComponent(userId)}`),
      acceptStatuses: [404],
    });
    const employee = res.status === 404 ? undefined : res.body?.agents?.[0];
    return employee ? { employee } : { note: 'the key’s employee has no ACD agent profile' };
  } catch (err) {
    if (err instanceof MissingPermissionError || (err instanceof HttpStatusError && err.status === 403)) {
      return { note: `the employee record is not readable: missing ${EMPLOYEES_VIEW} (${permissions[EMPLOYEES_VIEW]?.label})` };
    }
    throw err;
  }
}

export async function verifyAccessKey(ctx: ConnectorContext): Promise<VerifyReport> {
  const facts = cxoneAuthOf(ctx.auth);
  // The token request checks the business unit and refuses a key of another one.
  await facts.authorize();
  const claims = facts.claims ?? {};
  const userId = userIdOf(claims);
  if (!userId) return { ok: false, summary: 'the access token names no employee (sub)', details: {} };
  const { employee, note } = await readEmployee(ctx, userId);

  const tokenName = [str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ');
  const name = [str(employee?.firstName), str(employee?.lastName)].filter(Boolean).join(' ') || tokenName || null;
  const role = str(employee?.profileName) ?? str(claims.role?.legacyId);
  const active = typeof employee?.isActive === 'boolean' ? employee.isActive : null;
  const details: VerifyReport['details'] = {
    businessUnit: businessUnitOf(claims) ?? null,
    tenant: str(claims.tenant) ?? str(claims.tenantId),
    apiHost: facts.apiBaseUrl ?? null,
    employee: name,
    login: str(employee?.userName) ?? str(claims.name),
    agentId: typeof employee?.agentId === 'number' || typeof employee?.agentId === 'string' ? String(employee.agentId) : null,
    active,
    role,
    tokenLifetimeSeconds: facts.tokenLifetime ?? null,
  };
  if (note) details.note = note;
  if (active === false) {
    return { ok: false, summary: `the access key's employee ${name ?? userId} is deactivated; use an active service employee`, details };
  }
  const who = `employee ${name ?? userId}${role ? ` (role ${role})` : ''}`;
  const warning = role && /admin/i.test(role) ? '; this is an administrator role: a dedicated employee with a read-only role is safer' : '';
  return { ok: true, summary: `access key of ${who} accepted for business unit ${details.businessUnit}${warning}`, details };
}
