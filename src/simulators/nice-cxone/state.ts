// The simulated tenant: its live ACD directory (mutable by the control plane), roles, employees, access
// keys, registered apps and issued tokens, plus the lazily generated contacts. Contacts are generated
// from the directory as seeded, so deleting a skill later does not rewrite the past.
import { randomBytes } from 'node:crypto';
import { ControlError } from '../control-plane.ts';
import { Rng, deriveSeed, seededUuid } from '../random.ts';
import { ContactSpace } from './contacts.ts';
import { REGISTRATION_DEFAULTS, type CxApp } from './registration.ts';
import { KNOWN_PERMISSIONS, LEAST_PRIVILEGE_PERMISSIONS, PERMISSION_CATALOGUE } from './permissions.ts';
import {
  AGENT_ROLE_ID,
  seedDirectory,
  type CxAssignment,
  type CxDisposition,
  type CxEmployee,
  type CxSkill,
  type CxTeam,
  type CxUnavailableCode,
  type SeedParams,
} from './seed.ts';

/** The tenant never changes with the seed: tokens, discovery and printed settings stay valid. */
export const TENANT = {
  tenantId: seededUuid(0x6e, 'tenant'),
  tenantName: 'SwitchboardSim',
  businessUnitId: 4_600_123,
  businessUnitName: 'Switchboard Simulated BU',
  clusterId: 'SIM1',
  area: 'sim1',
} as const;

export interface CxRole {
  id: string;
  name: string;
  securityProfileId: number;
  permissions: ReadonlySet<string>;
  lastUpdateTime: number;
}

export interface CxAccessKey {
  accessKeyId: string;
  secret: string;
  agentId: number;
  isActive: boolean;
}

/** A Data Extraction job (reference §5.4); RUNNING until its first poll, SUCCEEDED after. */
export interface ExtractionJob {
  id: string;
  /** The contact-start window it covers: [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  submittedAt: number;
  polls: number;
}

/** What an access or refresh token stands for. */
export interface TokenGrant {
  agentId: number;
  clientId: string;
  accessKeyId: string;
  /** Simulated-clock milliseconds. */
  expiresAt: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding: access keys look like `…XYZ====` (reference §2.1). */
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

const builtIn = (name: string) => seededUuid(0x6e, 'built-in', name);
const builtInSecret = (name: string) => Buffer.from(new Rng(deriveSeed(0x6e, 'secret', name)).hexWords(8), 'hex').toString('base64url');
const builtInKey = (name: string) => base32(Buffer.from(new Rng(deriveSeed(0x6e, 'access-key', name)).hexWords(7), 'hex').subarray(0, 27));

const READ_ONLY_ROLE_ID = builtIn('role-read-only');
const ADMIN_ROLE_ID = builtIn('role-administrator');

// The two principals `switchboard sim` prints. Same ids and secrets for any seed, so they survive
// /_sim/reset and /_sim/seed; each has its own registered app.
export const BUILT_IN_PRINCIPALS = {
  leastPrivilege: {
    clientId: builtIn('least-privilege-app'),
    clientSecret: builtInSecret('least-privilege-app'),
    accessKeyId: builtInKey('least-privilege-id'),
    accessKeySecret: builtInKey('least-privilege-secret'),
    agentId: 900_001,
    userId: builtIn('least-privilege-user'),
    firstName: 'Switchboard',
    lastName: 'Service',
    roleId: READ_ONLY_ROLE_ID,
  },
  overPrivileged: {
    clientId: builtIn('over-privileged-app'),
    clientSecret: builtInSecret('over-privileged-app'),
    accessKeyId: builtInKey('over-privileged-id'),
    accessKeySecret: builtInKey('over-privileged-secret'),
    agentId: 900_002,
    userId: builtIn('over-privileged-user'),
    firstName: 'Admin',
    lastName: 'Integration',
    roleId: ADMIN_ROLE_ID,
  },
} as const;

const newAccessKey = () => base32(randomBytes(27));

export class NiceState {
  readonly contacts: ContactSpace;
  readonly teams = new Map<number, CxTeam>();
  readonly employees = new Map<number, CxEmployee>();
  readonly skills = new Map<number, CxSkill>();
  assignments: CxAssignment[];
  readonly unavailableCodes = new Map<number, CxUnavailableCode>();
  readonly dispositions = new Map<number, CxDisposition>();
  readonly roles = new Map<string, CxRole>();
  readonly apps = new Map<string, CxApp>();
  readonly accessKeys = new Map<string, CxAccessKey>();
  readonly accessTokens = new Map<string, TokenGrant>();
  readonly refreshTokens = new Map<string, TokenGrant>();
  readonly extractionJobs = new Map<string, ExtractionJob>();
  /** When the last job was submitted: Data Extraction allows one call per 30 seconds. */
  lastExtractionAt: number | undefined;
  private readonly agentIdOfUser = new Map<string, number>();
  private nextAgentId = 950_001;
  private nextProfileId = 100;

  constructor(readonly params: SeedParams) {
    const seeded = seedDirectory(params);
    this.contacts = new ContactSpace(params, seeded);
    // The live directory is a copy: control-plane changes must not alter generated history.
    const copy = structuredClone(seeded);
    for (const t of copy.teams) this.teams.set(t.teamId, t);
    for (const a of copy.agents) this.addEmployee(a);
    for (const s of copy.skills) this.skills.set(s.skillId, s);
    for (const c of copy.unavailableCodes) this.unavailableCodes.set(c.id, c);
    for (const d of copy.dispositions) this.dispositions.set(d.dispositionId, d);
    this.assignments = copy.assignments;
    this.seedAccess();
  }

  private seedAccess(): void {
    const at = this.params.anchorMs - 30 * 86_400_000;
    this.addRole({ id: AGENT_ROLE_ID, name: 'Agent', securityProfileId: 1, permissions: new Set(), lastUpdateTime: at });
    this.addRole({ id: ADMIN_ROLE_ID, name: 'Administrator', securityProfileId: 2, permissions: KNOWN_PERMISSIONS, lastUpdateTime: at });
    this.addRole({
      id: READ_ONLY_ROLE_ID,
      name: 'Switchboard Read Only',
      securityProfileId: 3,
      permissions: new Set(LEAST_PRIVILEGE_PERMISSIONS),
      lastUpdateTime: at,
    });
    const team = [...this.teams.values()].find((t) => t.isActive) as CxTeam;
    for (const p of Object.values(BUILT_IN_PRINCIPALS)) {
      this.apps.set(p.clientId, { clientId: p.clientId, clientSecret: p.clientSecret, ...REGISTRATION_DEFAULTS });
      this.addEmployee(
        this.employeeRecord(
          { agentId: p.agentId, userId: p.userId, firstName: p.firstName, lastName: p.lastName, roleId: p.roleId },
          team,
          at,
        ),
      );
      this.accessKeys.set(p.accessKeyId, { accessKeyId: p.accessKeyId, secret: p.accessKeySecret, agentId: p.agentId, isActive: true });
    }
  }

  private addRole(role: CxRole): CxRole {
    this.roles.set(role.id, role);
    return role;
  }

  private addEmployee(e: CxEmployee): CxEmployee {
    this.employees.set(e.agentId, e);
    this.agentIdOfUser.set(e.userId.toLowerCase(), e.agentId);
    return e;
  }

  private employeeRecord(
    p: { agentId: number; userId: string; firstName: string; lastName: string; roleId: string; userName?: string },
    team: CxTeam,
    at: number,
  ): CxEmployee {
    const userName = p.userName ?? `${p.firstName}.${p.lastName}@sim.example.com`.toLowerCase().replace(/\s+/g, '');
    return {
      agentId: p.agentId,
      userId: p.userId,
      userName,
      firstName: p.firstName,
      lastName: p.lastName,
      emailAddress: userName,
      isActive: true,
      teamId: team.teamId,
      roleId: p.roleId,
      isSupervisor: false,
      location: 'Remote',
      createDate: at,
      lastUpdated: at,
      hireDate: at,
    };
  }

  /** By ACD agent id or UserHub user UUID (GET /agents/{agentId|userId}, reference §4.1). */
  employeeByAnyId(id: string): CxEmployee | undefined {
    const agentId = /^\d+$/.test(id) ? Number(id) : this.agentIdOfUser.get(id.toLowerCase());
    return agentId === undefined ? undefined : this.employees.get(agentId);
  }

  permissionsOf(employee: CxEmployee): ReadonlySet<string> {
    return this.roles.get(employee.roleId)?.permissions ?? new Set();
  }

  /** POST /_sim/roles: `{name, permissions: ["Employees: View", …]}`. */
  createRole(body: Record<string, unknown>, now: number): CxRole {
    const permissions = asArray(body.permissions, 'permissions');
    for (const p of permissions) {
      if (typeof p !== 'string' || !KNOWN_PERMISSIONS.has(p))
        throw new ControlError(`unknown permission ${JSON.stringify(p)}; known: ${PERMISSION_CATALOGUE.map((e) => e.name).join(', ')}`);
    }
    const name = typeof body.name === 'string' && body.name !== '' ? body.name : `Custom role ${this.nextProfileId}`;
    const id = seededUuid(0x6e, 'role', 'created', this.nextProfileId);
    return this.addRole({
      id,
      name,
      securityProfileId: this.nextProfileId++,
      permissions: new Set(permissions as string[]),
      lastUpdateTime: now,
    });
  }

  /** POST /_sim/employees: an employee with a role (roleId, or inline permissions) and one access key. */
  createEmployee(body: Record<string, unknown>, now: number): { employee: CxEmployee; key: CxAccessKey } {
    let roleId: string;
    if (typeof body.roleId === 'string') {
      if (!this.roles.has(body.roleId)) throw new ControlError(`unknown roleId ${body.roleId}`);
      roleId = body.roleId;
    } else roleId = this.createRole({ name: body.roleName, permissions: body.permissions ?? [] }, now).id;
    const team = body.teamId === undefined ? [...this.teams.values()].find((t) => t.isActive) : this.teams.get(Number(body.teamId));
    if (!team) throw new ControlError(`unknown teamId ${JSON.stringify(body.teamId)}`);
    const agentId = this.nextAgentId++;
    const employee = this.addEmployee(
      this.employeeRecord(
        {
          agentId,
          userId: seededUuid(0x6e, 'created-user', agentId),
          firstName: typeof body.firstName === 'string' ? body.firstName : 'Test',
          lastName: typeof body.lastName === 'string' ? body.lastName : `Employee ${agentId}`,
          userName: typeof body.userName === 'string' ? body.userName : undefined,
          roleId,
        },
        team,
        now,
      ),
    );
    if (body.isActive === false) this.setActive(String(agentId), false, now);
    return { employee, key: this.createAccessKey(String(agentId)) };
  }

  createAccessKey(employeeId: string): CxAccessKey {
    const employee = this.employeeByAnyId(employeeId);
    if (!employee) throw new ControlError(`no employee ${employeeId}`);
    const key = { accessKeyId: newAccessKey(), secret: newAccessKey(), agentId: employee.agentId, isActive: true };
    this.accessKeys.set(key.accessKeyId, key);
    return key;
  }

  setActive(employeeId: string, isActive: boolean, now: number): CxEmployee {
    const employee = this.employeeByAnyId(employeeId);
    if (!employee) throw new ControlError(`no employee ${employeeId}`);
    employee.isActive = isActive;
    employee.lastUpdated = now;
    if (isActive) delete employee.inactiveDate;
    else employee.inactiveDate = now;
    return employee;
  }

  revokeAccessKey(accessKeyId: string): CxAccessKey {
    const key = this.accessKeys.get(accessKeyId);
    if (!key) throw new ControlError(`no access key ${accessKeyId}`);
    key.isActive = false;
    return key;
  }

  remember(registry: Map<string, TokenGrant>, token: string, grant: TokenGrant, now: number): void {
    if (registry.size > 50_000) for (const [t, g] of registry) if (g.expiresAt <= now) registry.delete(t);
    registry.set(token, grant);
  }

  /** The grant behind a live token; undefined for unknown, expired or revoked ones. */
  grantOf(registry: Map<string, TokenGrant>, token: string, now: number): TokenGrant | undefined {
    const grant = registry.get(token);
    if (grant && grant.expiresAt <= now) registry.delete(token);
    return grant && grant.expiresAt > now ? grant : undefined;
  }

  revokeTokens(): number {
    const count = this.accessTokens.size + this.refreshTokens.size;
    this.accessTokens.clear();
    this.refreshTokens.clear();
    return count;
  }

  /** POST /_sim/entities/{entity}/{id}/delete: the object vanishes from every API answer. */
  deleteEntity(entity: string, id: string, now: number): string {
    const kind = ENTITY_ALIASES[entity.toLowerCase()];
    if (!kind) throw new ControlError(`unknown entity "${entity}" (expected ${Object.keys(ENTITY_ALIASES).join(', ')})`);
    const missing = () => new ControlError(`no ${kind} ${id}`);
    const numeric = Number(id);
    switch (kind) {
      case 'agent': {
        const employee = this.employeeByAnyId(id);
        if (!employee) throw missing();
        this.employees.delete(employee.agentId);
        this.agentIdOfUser.delete(employee.userId.toLowerCase());
        this.assignments = this.assignments.filter((a) => a.agentId !== employee.agentId);
        break;
      }
      case 'team': {
        if (!this.teams.has(numeric)) throw missing();
        // CXone will not delete a team with members; the simulator moves them to the first team left.
        const fallback = [...this.teams.values()].find((t) => t.teamId !== numeric);
        const members = [...this.employees.values()].filter((e) => e.teamId === numeric);
        if (!fallback && members.length > 0) throw new ControlError('the last team cannot be deleted while it has agents');
        this.teams.delete(numeric);
        for (const e of members) {
          e.teamId = (fallback as CxTeam).teamId;
          e.lastUpdated = now;
        }
        break;
      }
      case 'skill':
        if (!this.skills.delete(numeric)) throw missing();
        this.assignments = this.assignments.filter((a) => a.skillId !== numeric);
        break;
      case 'unavailableCode':
        if (!this.unavailableCodes.delete(numeric)) throw missing();
        for (const t of this.teams.values()) t.unavailableCodeIds = t.unavailableCodeIds.filter((c) => c !== numeric);
        break;
      case 'disposition':
        if (!this.dispositions.delete(numeric)) throw missing();
        for (const s of this.skills.values()) s.dispositionIds = s.dispositionIds.filter((d) => d !== numeric);
        break;
    }
    return kind;
  }
}

const ENTITY_ALIASES: Record<string, 'agent' | 'team' | 'skill' | 'unavailableCode' | 'disposition'> = {
  agent: 'agent',
  employee: 'agent',
  user: 'agent',
  team: 'team',
  skill: 'skill',
  queue: 'skill',
  unavailablecode: 'unavailableCode',
  reasoncode: 'unavailableCode',
  disposition: 'disposition',
  wrapupcode: 'disposition',
};

function asArray(value: unknown, name: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ControlError(`${name} must be an array`);
  return value;
}
