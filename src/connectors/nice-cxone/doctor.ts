// The least-privilege doctor for NICE CXone (reference §2.2, §4.1, §4.7, §5.3, §6.4, §7). CXone has no
// documented permission introspection beyond GET /permissions, whose key vocabulary is UNCONFIRMED, so
// what the API allows is proven with minimal probe calls (a 403 is a refused read, and one that speaks
// of a licence is a product the tenant lacks), and the role's listing is only trusted where it agrees
// with the probes. The employee behind the key is read back for its health.
import type { ConnectorContext, GrantedPermission, Inspection, PermissionFinding } from '../connector.ts';
import { acdPath, mediaPlaybackPath } from './api.ts';
import { cxoneAuthOf } from './auth.ts';
import { readError, isLicenceRefusal } from './errors.ts';
import { businessUnitOf, userIdOf, type CxoneClaims } from './jwt.ts';
import { ACD_VIEW, EMPLOYEES_VIEW, PLAY_ANY, permissions as declared } from './permissions.ts';

type Json = Record<string, unknown>;
type Reply = { status: number; body: unknown };

const DAY_MS = 86_400_000;
/** A service employee never signs in; a sign-in this recent means a person uses the account. */
const EVERYDAY_LOGIN_DAYS = 30;
/** Contacts tried when Media Playback has to be probed with a real one (its throttle is 150 per 5 minutes). */
const PLAYBACK_TRIES = 5;

async function get(ctx: ConnectorContext, url: string, query?: Record<string, string | number | boolean>): Promise<Reply> {
  return ctx.http.request<unknown>({ method: 'GET', url, query, acceptStatuses: [403, 404] });
}

/** A refused read: the platform's own words, and whether they speak of a licence rather than the role. */
function refusal(reply: Reply): { licence: boolean; words: string } {
  const reading = readError(reply.status, reply.body);
  const words = reading?.message ?? `HTTP ${reply.status}`;
  return { licence: isLicenceRefusal(reading?.code, reading?.message), words };
}

/** A list read: 2xx (204 when empty) proves the permission, 403 its absence. */
async function listProbe(ctx: ConnectorContext, url: string, what: string): Promise<PermissionFinding> {
  const reply = await get(ctx, url, { top: 1 });
  if (reply.status < 300) return { state: 'granted', evidence: `${what} answered ${reply.status}` };
  if (reply.status === 403) {
    const { licence, words } = refusal(reply);
    return { state: licence ? 'unavailable' : 'missing', evidence: `${what} was refused: ${words}` };
  }
  return { state: 'unknown', evidence: `${what} answered ${reply.status}` };
}

/**
 * Media Playback is a licensed SKU (§5.3): any call shows whether the tenant has it. Whether the role may
 * play others' recordings (Play Any; an employee always plays their own) shows on a contact of another
 * agent: the check may come before or after the recording is looked up, so only 200 and 403 decide.
 * https://developer.niceincontact.com/API/MediaPlaybackAPI
 */
async function playbackProbe(
  ctx: ConnectorContext,
  ownAgentId: string | undefined,
  listed: boolean | undefined,
): Promise<PermissionFinding> {
  const gate = await get(ctx, mediaPlaybackPath('contacts'), { 'acd-call-id': '0' });
  if (gate.status === 403) {
    const { licence, words } = refusal(gate);
    if (licence) return { state: 'unavailable', evidence: `Media Playback is not licensed for this tenant: ${words}` };
    return { state: 'missing', evidence: `Media Playback refused the role (or the application registration lacks that API): ${words}` };
  }
  if (listed !== undefined)
    return listed
      ? { state: 'granted', evidence: "the role's permissions (GET /permissions) include it" }
      : { state: 'missing', evidence: "not among the role's permissions (GET /permissions)" };
  const now = Date.now();
  const recent = await get(ctx, acdPath('contacts/completed'), {
    startDate: new Date(now - 7 * DAY_MS).toISOString(),
    endDate: new Date(now).toISOString(),
    top: 50,
  });
  const contacts = ((recent.body as { completedContacts?: Json[] } | undefined)?.completedContacts ?? []).filter(
    (c) => c.agentId !== undefined && c.agentId !== null && String(c.agentId) !== ownAgentId,
  );
  for (const contact of contacts.slice(0, PLAYBACK_TRIES)) {
    const reply = await get(ctx, mediaPlaybackPath('contacts'), { 'acd-call-id': String(contact.contactId), 'exclude-waveforms': true });
    if (reply.status === 200) return { state: 'granted', evidence: `played contact ${String(contact.contactId)} of another agent` };
    if (reply.status === 403)
      return {
        state: 'missing',
        evidence: `Media Playback refused contact ${String(contact.contactId)} of another agent: ${refusal(reply).words}`,
      };
  }
  return { state: 'unknown', evidence: 'no recorded contact of another agent in the last 7 days to try, and the role cannot be listed' };
}

/**
 * GET /permissions: `{permissions:[{BusinessUnitId, Key, Value}]}` (§4.7). That it lists the caller's own
 * role, and which keys it uses, is UNCONFIRMED: callers check it against the probes before using it.
 */
async function rolePermissions(ctx: ConnectorContext): Promise<Set<string> | string> {
  const reply = await get(ctx, acdPath('permissions'));
  const list = (reply.body as { permissions?: Json[] } | undefined)?.permissions;
  if (reply.status >= 300 || !Array.isArray(list))
    return `GET /permissions answered ${reply.status}: the role's permissions cannot be listed`;
  const on = (v: unknown) => v === true || (typeof v === 'string' && /^(true|1|yes|on)$/i.test(v.trim()));
  return new Set(list.filter((p) => typeof p.Key === 'string' && on(p.Value)).map((p) => p.Key as string));
}

const WRITE_WORDS = /\b(edit|create|delete|deactivate|add|modify|manage|remove)\b/i;
const ADMIN_WORDS = /\b(access key|role management|login authenticator|security)\b/i;

function granted(keys: Set<string>): GrantedPermission[] {
  return [...keys].map((name) => ({
    name,
    label: declared[name]?.label ?? name,
    level: ADMIN_WORDS.test(name) ? 'admin' : WRITE_WORDS.test(name) ? 'write' : 'read',
    scope: "the key's employee's role",
  }));
}

export async function inspectCxone(ctx: ConnectorContext, needed: readonly string[]): Promise<Inspection> {
  const auth = cxoneAuthOf(ctx.auth);
  // A refused key (deactivated employee, revoked key) is thrown here, as CredentialRejectedError.
  await auth.authorize();
  const claims = auth.claims ?? {};
  const employee = await readEmployee(ctx, userIdOf(claims));
  // Both are probed whatever the features: they are what the role's listing is checked against.
  const probes: Record<string, PermissionFinding> = {
    [EMPLOYEES_VIEW]: await listProbe(ctx, acdPath('agents'), 'GET /agents'),
    [ACD_VIEW]: await listProbe(ctx, acdPath('teams'), 'GET /teams'),
  };
  const listing = await rolePermissions(ctx);
  const definitive = Object.entries(probes).filter(([, f]) => f.state === 'granted' || f.state === 'missing');
  const agrees =
    typeof listing !== 'string' && definitive.length > 0 && definitive.every(([p, f]) => listing.has(p) === (f.state === 'granted'));
  const trusted = agrees ? (listing as Set<string>) : undefined;

  const findings: Record<string, PermissionFinding> = {};
  for (const permission of needed) {
    if (probes[permission]) findings[permission] = probes[permission];
    else if (permission === PLAY_ANY) findings[permission] = await playbackProbe(ctx, employee.agentId, trusted?.has(PLAY_ANY));
    else if (trusted)
      findings[permission] = trusted.has(permission)
        ? { state: 'granted', evidence: "listed in the role's permissions" }
        : { state: 'missing', evidence: "not among the role's permissions (GET /permissions)" };
    else findings[permission] = { state: 'unknown', evidence: 'no probe for it, and the role cannot be listed' };
  }
  const note =
    typeof listing === 'string'
      ? listing
      : 'GET /permissions lists the role in a form that disagrees with what the API allowed, so it is not used';
  return {
    permissions: findings,
    ...(trusted ? { granted: granted(trusted) } : { grantsNote: `${note}; excess is not assessed` }),
    credential: health(claims, employee, auth.tokenLifetime),
  };
}

interface EmployeeFacts {
  record?: Json;
  agentId?: string;
  note?: string;
}

/** GET /agents/{userId} (§4.1): the path takes the user UUID of the token's `sub`. */
async function readEmployee(ctx: ConnectorContext, userId: string | undefined): Promise<EmployeeFacts> {
  if (!userId) return { note: 'the token names no employee' };
  const reply = await get(ctx, acdPath(`agents/${encodeURIComponent(userId)}`));
  const record = reply.status === 200 ? (reply.body as { agents?: Json[] } | undefined)?.agents?.[0] : undefined;
  if (!record) return { note: reply.status === 403 ? `not readable without ${EMPLOYEES_VIEW}` : 'no ACD agent profile' };
  return { record, agentId: record.agentId === undefined ? undefined : String(record.agentId) };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const flag = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

function health(claims: CxoneClaims, employee: EmployeeFacts, tokenLifetime: number | undefined): Inspection['credential'] {
  const e = employee.record ?? {};
  const name =
    [text(e.firstName), text(e.lastName)].filter(Boolean).join(' ') ||
    [claims.given_name, claims.family_name].filter(Boolean).join(' ') ||
    null;
  const role = text(e.profileName) ?? text(claims.role?.legacyId);
  const lastLogin = text(e.lastLogin);
  const warnings: string[] = [];
  if (role && /admin/i.test(role))
    warnings.push(
      `the key's employee has the role "${role}": give a dedicated employee a role with only the permissions listed by \`switchboard guide nice-cxone\``,
    );
  if (flag(e.isActive) === false) warnings.push("the key's employee is deactivated: its key stops working at the next token");
  if (flag(e.locked) === true) warnings.push("the key's employee is locked");
  const loginAge = lastLogin ? Date.now() - Date.parse(lastLogin) : Number.NaN;
  if (loginAge < EVERYDAY_LOGIN_DAYS * DAY_MS) {
    warnings.push(
      `the key's employee signed in interactively on ${lastLogin}: the key is on a person's everyday account; use a dedicated service employee nobody signs in as`,
    );
  }
  return {
    summary: `access key of employee ${name ?? 'unknown'}${role ? ` (role ${role})` : ''} in business unit ${businessUnitOf(claims) ?? 'unknown'}${employee.note ? `; employee record: ${employee.note}` : ''}`,
    facts: {
      businessUnit: businessUnitOf(claims) ?? null,
      employee: name,
      login: text(e.userName) ?? text(claims.name),
      agentId: employee.agentId ?? null,
      active: flag(e.isActive),
      locked: flag(e.locked),
      lastInteractiveLogin: lastLogin,
      role,
      tokenLifetimeSeconds: tokenLifetime ?? null,
    },
    warnings,
  };
}
