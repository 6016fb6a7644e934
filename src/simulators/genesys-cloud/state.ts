// The simulated org: its directory (mutable by the control plane), roles, OAuth clients, tokens and
// async jobs, plus the lazily generated conversations. Conversations are generated from the directory as
// seeded (`history`), so deleting a queue later does not rewrite the past.
import { randomBytes } from 'node:crypto';
import { ControlError } from '../control-plane.ts';
import { Rng, deriveSeed, seededUuid } from '../random.ts';
import { ConversationSpace } from './conversations.ts';
import { parsePermission, type Grant, type PermissionPolicy } from './permissions.ts';
import {
  seedOrg,
  type GcDivision,
  type GcPresenceDefinition,
  type GcQueue,
  type GcUser,
  type GcWrapupCode,
  type SeedParams,
  type SeededOrg,
} from './seed.ts';

export interface GcRole {
  id: string;
  name: string;
  description: string;
  permissionPolicies: PermissionPolicy[];
}

export interface GcRoleDivision {
  roleId: string;
  divisionId: string;
}

export interface GcClient {
  id: string;
  secret: string;
  name: string;
  /** Only CLIENT-CREDENTIALS clients may use the client_credentials grant. */
  grantType: string;
  accessTokenValiditySeconds: number;
  roleDivisions: GcRoleDivision[];
  dateCreated: string;
}

export interface GcToken {
  clientId: string;
  /** Simulated-clock milliseconds. */
  expiresAt: number;
}

export type JobState = 'QUEUED' | 'PENDING' | 'FULFILLED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

export interface AnalyticsJob {
  id: string;
  clientId: string;
  submittedAt: number;
  expiresAt: number;
  polls: number;
  /** Set once the job left the QUEUED → PENDING → FULFILLED progression. */
  terminal?: 'FAILED' | 'CANCELLED' | 'EXPIRED';
  /** The data-availability date when submitted: the job sees the data lake as of then. */
  availableAt: number;
  /** Conversation indexes in result order, computed when the job is fulfilled. */
  results?: Uint32Array;
  compute: () => Uint32Array;
  /** The page after the last one served, built while the client reads that one (see routes-analytics). */
  prefetched?: { offset: number; pageSize: number; body: string };
}

export interface BatchItem {
  conversationId: string;
  recordingId?: string;
}

export interface BatchJob {
  id: string;
  clientId: string;
  items: BatchItem[];
  polls: number;
}

const builtInId = (name: string) => seededUuid(0x5b, 'built-in', name);
const builtInSecret = (name: string) => Buffer.from(new Rng(deriveSeed(0x5b, 'secret', name)).hexWords(8), 'hex').toString('base64url');

/** The read permissions a least-privilege connector needs (DESIGN.md, reference §7). */
export const LEAST_PRIVILEGE_PERMISSIONS = [
  'analytics:conversationDetail:view',
  'routing:queue:view',
  'routing:wrapupCode:view',
  'presence:presenceDefinition:view',
  'recording:recording:view',
] as const;

// Built-in roles and clients keep the same ids and secrets for any seed, so the credentials printed by
// `switchboard sim` stay valid across /_sim/reset and /_sim/seed.
export const BUILT_IN_CLIENTS = {
  leastPrivilege: { clientId: builtInId('least-privilege-client'), clientSecret: builtInSecret('least-privilege-client') },
  overPrivileged: { clientId: builtInId('over-privileged-client'), clientSecret: builtInSecret('over-privileged-client') },
} as const;

const TOKEN_VALIDITY = { min: 300, max: 172_800, default: 86_400 } as const;

export class GenesysState {
  readonly history: SeededOrg;
  readonly conversations: ConversationSpace;
  readonly divisions = new Map<string, GcDivision>();
  readonly users = new Map<string, GcUser>();
  readonly queues = new Map<string, GcQueue>();
  readonly wrapupCodes = new Map<string, GcWrapupCode>();
  readonly presenceDefinitions = new Map<string, GcPresenceDefinition>();
  readonly roles = new Map<string, GcRole>();
  readonly clients = new Map<string, GcClient>();
  readonly tokens = new Map<string, GcToken>();
  readonly jobs = new Map<string, AnalyticsJob>();
  readonly batches = new Map<string, BatchJob>();
  /** Roles some user holds: only those appear in an OAuth client's role list (Admin UI, reported in peers.md). */
  readonly assignedRoles = new Set<string>();
  /** Permissions this org does not have (POST /_sim/org/permissions): out of the catalogue, granted by nothing. */
  absentPermissions: ReadonlySet<string> = new Set();
  /** Set by POST /_sim/jobs/fail-next: the next submitted job ends in this state. */
  nextJobOutcome: 'FAILED' | 'EXPIRED' | undefined;

  constructor(readonly params: SeedParams) {
    this.history = seedOrg(params);
    this.conversations = new ConversationSpace(params, this.history);
    // The live directory is a copy: control-plane deletions must not change generated history.
    const copy = structuredClone(this.history);
    for (const d of copy.divisions) this.divisions.set(d.id, d);
    for (const u of copy.users) this.users.set(u.id, u);
    for (const q of copy.queues) this.queues.set(q.id, q);
    for (const w of copy.wrapupCodes) this.wrapupCodes.set(w.id, w);
    for (const p of copy.presenceDefinitions) this.presenceDefinitions.set(p.id, p);
    this.seedAccess();
  }

  get homeDivision(): GcDivision {
    return [...this.divisions.values()].find((d) => d.homeDivision) as GcDivision;
  }

  private seedAccess(): void {
    const readOnly = this.addRole({
      id: builtInId('role-read-only'),
      name: 'Switchboard Read Only',
      description: 'Exactly the read permissions Switchboard needs',
      permissionPolicies: LEAST_PRIVILEGE_PERMISSIONS.map((p) => parsePermission(p) as PermissionPolicy),
    });
    const admin = this.addRole({
      id: builtInId('role-admin'),
      name: 'Master Admin',
      description: 'Every permission in every division',
      permissionPolicies: [{ domain: '*', entityName: '*', actionSet: ['*'] }],
    });
    this.assignedRoles.add(readOnly.id).add(admin.id);
    const { leastPrivilege, overPrivileged } = BUILT_IN_CLIENTS;
    this.addClient({ ...leastPrivilege, name: 'Switchboard (least privilege)', roleDivisions: [{ roleId: readOnly.id, divisionId: '*' }] });
    this.addClient({
      ...overPrivileged,
      name: 'Admin integration (over-privileged)',
      roleDivisions: [{ roleId: admin.id, divisionId: '*' }],
    });
  }

  private addRole(role: GcRole): GcRole {
    this.roles.set(role.id, role);
    return role;
  }

  /** POST /_sim/users/{userId}/roles: a user (the admin setting up a client) now holds the role. */
  assignRole(userId: string, roleId: unknown): void {
    const user = this.users.get(userId);
    if (!user || user.state === 'deleted') throw new ControlError(`no user ${userId}`);
    if (typeof roleId !== 'string' || !this.roles.has(roleId)) throw new ControlError(`unknown roleId ${JSON.stringify(roleId)}`);
    this.assignedRoles.add(roleId);
  }

  private addClient(input: {
    clientId: string;
    clientSecret: string;
    name: string;
    roleDivisions: GcRoleDivision[];
    grantType?: string;
    accessTokenValiditySeconds?: number;
  }): GcClient {
    const client: GcClient = {
      id: input.clientId,
      secret: input.clientSecret,
      name: input.name,
      grantType: input.grantType ?? 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: input.accessTokenValiditySeconds ?? TOKEN_VALIDITY.default,
      roleDivisions: input.roleDivisions,
      dateCreated: new Date(this.params.anchorMs).toISOString(),
    };
    this.clients.set(client.id, client);
    return client;
  }

  /** POST /_sim/roles: `permissionPolicies` or the shorthand `permissions: ["domain:entity:action"]`. */
  createRole(body: Record<string, unknown>): GcRole {
    const name = typeof body.name === 'string' && body.name !== '' ? body.name : 'Simulated role';
    const policies: PermissionPolicy[] = [];
    for (const p of asArray(body.permissionPolicies, 'permissionPolicies')) {
      const { domain, entityName, actionSet } = (p ?? {}) as Record<string, unknown>;
      if (
        typeof domain !== 'string' ||
        typeof entityName !== 'string' ||
        !Array.isArray(actionSet) ||
        !actionSet.every((a) => typeof a === 'string')
      ) {
        throw new ControlError('each permission policy needs domain, entityName and actionSet (strings)');
      }
      policies.push({ domain, entityName, actionSet: actionSet as string[] });
    }
    for (const p of asArray(body.permissions, 'permissions')) {
      const policy = typeof p === 'string' ? parsePermission(p) : undefined;
      if (!policy) throw new ControlError(`not a permission: ${JSON.stringify(p)} (expected domain:entity:action)`);
      policies.push(policy);
    }
    return this.addRole({ id: randomId(), name, description: 'Created through /_sim/roles', permissionPolicies: policies });
  }

  /** POST /_sim/roles/{roleId}: an administrator replaces the role's permissions (same body as createRole). */
  editRole(roleId: string, body: Record<string, unknown>): GcRole {
    const role = this.roles.get(roleId);
    if (!role) throw new ControlError(`unknown roleId ${roleId}`);
    const edited = this.createRole({ ...body, name: role.name });
    this.roles.delete(edited.id);
    role.permissionPolicies = edited.permissionPolicies;
    return role;
  }

  /** POST /_sim/oauth/clients: each roleDivision names a roleId or inline permissions, and a division or '*'. */
  createClient(body: Record<string, unknown>): GcClient {
    const roleDivisions: GcRoleDivision[] = asArray(body.roleDivisions, 'roleDivisions').map((entry) => {
      const { roleId, permissions, divisionId } = (entry ?? {}) as Record<string, unknown>;
      const division = divisionId === undefined ? this.homeDivision.id : divisionId;
      if (typeof division !== 'string' || (division !== '*' && !this.divisions.has(division))) {
        throw new ControlError(`unknown divisionId ${JSON.stringify(divisionId)}`);
      }
      if (typeof roleId === 'string') {
        if (!this.roles.has(roleId)) throw new ControlError(`unknown roleId ${roleId}`);
        if (!this.assignedRoles.has(roleId)) {
          throw new ControlError(
            `role ${roleId} is not in the OAuth client's role list: assign it to a user first (POST /_sim/users/{userId}/roles)`,
          );
        }
        return { roleId, divisionId: division };
      }
      if (permissions === undefined) throw new ControlError('each roleDivision needs roleId or permissions');
      // A shorthand for tests: the inline role counts as held by the admin creating the client.
      const inline = this.createRole({ name: 'Inline role', permissions }).id;
      this.assignedRoles.add(inline);
      return { roleId: inline, divisionId: division };
    });
    const validity = body.accessTokenValiditySeconds ?? TOKEN_VALIDITY.default;
    if (typeof validity !== 'number' || !Number.isInteger(validity) || validity < TOKEN_VALIDITY.min || validity > TOKEN_VALIDITY.max) {
      throw new ControlError(`accessTokenValiditySeconds must be an integer ${TOKEN_VALIDITY.min}-${TOKEN_VALIDITY.max}`);
    }
    const grantType = body.grantType ?? 'CLIENT-CREDENTIALS';
    if (typeof grantType !== 'string') throw new ControlError('grantType must be a string such as CLIENT-CREDENTIALS or CODE');
    return this.addClient({
      clientId: randomId(),
      clientSecret: randomBytes(32).toString('base64url'),
      name: typeof body.name === 'string' ? body.name : 'Simulated client',
      roleDivisions,
      grantType,
      accessTokenValiditySeconds: validity,
    });
  }

  grantsOf(client: GcClient): Grant[] {
    return client.roleDivisions.flatMap(({ roleId, divisionId }) => {
      const role = this.roles.get(roleId);
      return role ? [{ policies: role.permissionPolicies, divisionId, absent: this.absentPermissions }] : [];
    });
  }

  issueToken(client: GcClient, now: number): { value: string; expiresIn: number } {
    const value = randomBytes(33).toString('base64url');
    this.tokens.set(value, { clientId: client.id, expiresAt: now + client.accessTokenValiditySeconds * 1000 });
    // The sample in reference §2 shows expires_in one second less than the configured validity.
    return { value, expiresIn: client.accessTokenValiditySeconds - 1 };
  }

  /** The client behind a live token; undefined for unknown, expired or revoked tokens. */
  clientForToken(value: string, now: number): GcClient | undefined {
    const token = this.tokens.get(value);
    if (!token) return undefined;
    if (token.expiresAt <= now) {
      this.tokens.delete(value);
      return undefined;
    }
    return this.clients.get(token.clientId);
  }

  revokeTokens(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }

  /**
   * POST /_sim/entities/{entity}/{id}/delete. Users become `deleted` (and leave their queues), other
   * objects vanish; objects of a deleted division move to the home division.
   */
  deleteEntity(entity: string, id: string): void {
    const kind = ENTITY_ALIASES[entity.toLowerCase()];
    if (!kind) throw new ControlError(`unknown entity "${entity}" (expected ${Object.keys(ENTITY_ALIASES).join(', ')})`);
    const missing = () => new ControlError(`no ${kind} ${id}`);
    switch (kind) {
      case 'user': {
        const user = this.users.get(id);
        if (!user || user.state === 'deleted') throw missing();
        user.state = 'deleted';
        for (const q of this.queues.values()) q.members = q.members.filter((m) => m.userId !== id);
        return;
      }
      case 'queue':
        if (!this.queues.delete(id)) throw missing();
        return;
      case 'wrapupCode':
        if (!this.wrapupCodes.delete(id)) throw missing();
        return;
      case 'presenceDefinition':
        if (!this.presenceDefinitions.delete(id)) throw missing();
        return;
      case 'division': {
        const division = this.divisions.get(id);
        if (!division) throw missing();
        if (division.homeDivision) throw new ControlError('the home division cannot be deleted');
        this.divisions.delete(id);
        const home = this.homeDivision.id;
        for (const o of [...this.users.values(), ...this.queues.values(), ...this.wrapupCodes.values()])
          if (o.divisionId === id) o.divisionId = home;
        for (const p of this.presenceDefinitions.values()) if (p.divisionId === id) p.divisionId = home;
      }
    }
  }
}

const ENTITY_ALIASES: Record<string, 'user' | 'queue' | 'wrapupCode' | 'presenceDefinition' | 'division'> = {
  user: 'user',
  agent: 'user',
  queue: 'queue',
  wrapupcode: 'wrapupCode',
  presencedefinition: 'presenceDefinition',
  reasoncode: 'presenceDefinition',
  division: 'division',
};

function asArray(value: unknown, name: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ControlError(`${name} must be an array`);
  return value;
}

/** Ids for things created at run time (clients, roles, jobs): random, never colliding with seeded ids. */
export function randomId(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
