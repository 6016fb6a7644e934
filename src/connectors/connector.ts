// The connector contract. A connector says what is true of ONE platform: its credentials, endpoints,
// auth, permissions and streams. It never touches the store: it yields records and cursors, and the
// engine's sync runner writes them.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Entity, TaggedRecord } from '../model.ts';
import type { AuthProvider, HttpClient, PlatformHttpOptions } from '../engine/types.ts';

/**
 * What an operator chooses to sync (`connections add --features`), in the unified model's words. Each
 * stream serves one feature; the doctor and the setup guide work from the permissions of the chosen ones.
 */
export const FEATURES = ['divisions', 'agents', 'teams', 'queues', 'reason-codes', 'wrapup-codes', 'interactions', 'recordings'] as const;
export type Feature = (typeof FEATURES)[number];

export interface CredentialField {
  /** Key in the stored settings/secrets, camelCase (e.g. `clientId`). */
  name: string;
  /** CLI flag without dashes (e.g. `client-id`). */
  flag: string;
  title: string;
  description: string;
  /** Secrets are encrypted at rest and never accepted as bare CLI arguments. */
  secret: boolean;
  required: boolean;
  pattern?: RegExp;
  /** Allowed values, when the field is an enum (e.g. regions). */
  choices?: readonly string[];
  example: string;
  /** Environment variable the CLI reads a secret from, for scripts. */
  envVar?: string;
  /** Canonical form of an accepted spelling (e.g. a region given as a URL), or undefined when invalid. */
  normalize?(value: string): string | undefined;
  /**
   * url: checked for scheme (https, or plain http to a loopback host only). file: the CLI takes a path and
   * stores the file's content (a PEM bundle). switch: a flag without a value, stored as 'true'.
   */
  kind?: 'url' | 'file' | 'switch';
  /** The flag may be repeated; the values are stored comma-joined. */
  multiple?: boolean;
}

export interface ConnectionSettings {
  /** Non-secret tenant settings (region, business unit, host, overrides). */
  settings: Record<string, string>;
  /** Decrypted secrets; only held in memory for the duration of a call. */
  secrets: Record<string, string>;
}

export interface Endpoints {
  /** Absent when the API host is discovered after authentication (see auth.discoverApiBaseUrl). */
  apiBaseUrl?: string;
  loginUrl: string;
  /** For platforms on the customer's own servers, often with self-signed certificates. */
  tls?: {
    /** PEM bundle to trust. */
    ca?: string;
    /** Skip certificate verification (an operator's explicit choice). */
    insecure?: boolean;
  };
}

export interface PermissionInfo {
  /** The admin UI's name for it, e.g. "Routing > Queue > View". */
  label: string;
  description: string;
  /** Where the platform documents it. */
  source: string;
}

export interface PermissionRequirement {
  /** Any one of these suffices. */
  any?: string[];
  /** All of these are needed. */
  all?: string[];
}

export interface VerifyReport {
  ok: boolean;
  /** One-line verdict for humans. */
  summary: string;
  /** Facts learned (organisation, token lifetime, employee…), for display. Never secrets. */
  details: Record<string, string | number | boolean | null>;
}

export interface ConnectorContext extends ConnectionSettings {
  endpoints: Endpoints;
  /** Authenticated client for API calls; every request goes through the engine. */
  http: HttpClient;
  /** The session's auth provider (built by auth.provider), so verify and streams can read what it learned. */
  auth: AuthProvider;
  signal: AbortSignal;
}

export interface StoredBlob {
  key: string;
  sha256: string;
  bytes: number;
}

export interface SyncOptions {
  /** Ignore saved cursors and start from the beginning (backfill window for incremental streams). */
  full: boolean;
  /** Download recording media (otherwise metadata only). */
  media: boolean;
  /** How far back the first sync of an incremental stream reaches. */
  backfillDays: number;
  /** Largest page size to ask for; lowered by tests to exercise paging. */
  maxPageSize?: number;
}

/** Records of an upstream entity that a dependent stream still has to work on. */
export interface PendingParent {
  externalId: string;
  record: Record<string, unknown>;
}

export interface StreamContext extends ConnectorContext {
  /** The cursor this stream last committed, or null on a first (or --full) run. */
  cursor: unknown;
  options: SyncOptions;
  /** The time this run started; incremental streams never advance their cursor past it. */
  runStartedAt: Date;
  /** Writes media into the data directory's blob store, hashing as it streams. */
  storeBlob(key: string, body: Readable): Promise<StoredBlob>;
  /**
   * For streams with `dependsOn`: the parent records (e.g. interactions with a recording) that have no
   * child record in one of `doneStates` yet, in batches.
   */
  pendingParents(doneStates: string[], batchSize: number): AsyncIterable<PendingParent[]>;
}

export interface StreamBatch {
  records: TaggedRecord[];
  /** Committed atomically with the records; resuming starts from here. */
  cursor?: unknown;
  /** Pages fetched to produce this batch, for progress. */
  pages?: number;
  /** Best estimate of the stream's total records, when the platform says. */
  total?: number;
  /**
   * When the credentials can only see part of the platform's data (Finesse team mode), what part: shown
   * with the stream's result, e.g. "team mode: teams 1 (Sales), 2 (Support); team 3 not readable".
   */
  scope?: string;
}

export interface StreamDefinition {
  name: string;
  /** The feature this stream serves; default: the stream's name, which must then be a feature. */
  feature?: Feature;
  /** Entities this stream writes; for snapshot streams each is deletion-marked at the end of a full pass. */
  entities: Entity[];
  kind: 'snapshot' | 'incremental';
  requires: PermissionRequirement;
  /** The stream whose records this one reads through pendingParents(), and how its own records link to them. */
  dependsOn?: {
    stream: string;
    parent: Entity;
    /** Model fields the parent must match, e.g. `{ hasRecording: true }`. */
    where: Record<string, unknown>;
    /** Model field on this stream's first entity naming the parent, e.g. `interactionId`. */
    linkField: string;
    /** Model field holding the child's state, compared with the done states. */
    stateField: string;
  };
  description: string;
  read(ctx: StreamContext): AsyncIterable<StreamBatch>;
}

export interface ConnectorDefinition {
  id: string;
  title: string;
  credentials: CredentialField[];
  /** Login and API base URLs from the settings (region table plus overrides). */
  endpoints(settings: Record<string, string>): Endpoints;
  http: PlatformHttpOptions;
  auth: {
    /** Builds the auth provider; `tokenHttp` is an unauthenticated client for the token endpoint. */
    provider(conn: ConnectionSettings & { endpoints: Endpoints; tokenHttp: HttpClient }): AuthProvider;
    /**
     * For platforms whose API host depends on the tenant behind the token: finds it (called once, at the
     * first API request). Required when endpoints() gives no apiBaseUrl.
     */
    discoverApiBaseUrl?(ctx: ConnectionSettings & { endpoints: Endpoints; tokenHttp: HttpClient; auth: AuthProvider }): Promise<string>;
    /** A cheap real call proving the credential works, with facts worth showing. */
    verify(ctx: ConnectorContext): Promise<VerifyReport>;
    /**
     * The platform locks an account after a few failed logins (possibly a shared admin): the engine then
     * sends one request at a time, lets one session at a time use the connection (a lease in the store,
     * across processes), and blocks the connection at the first rejection (engine/account-lockout.ts).
     */
    accountLockout?: boolean;
  };
  permissions: Record<string, PermissionInfo>;
  streams: StreamDefinition[];
  /** Entities this platform does not have, each with where that data lives instead (shown by `sync`). */
  unavailable?: Partial<Record<Entity, string>>;
  /** Least-privilege checks and setup steps (`switchboard doctor`, `switchboard guide`). */
  doctor?: DoctorDefinition;
  /** Read endpoints a downstream app may call through the API's passthrough, with the connection's credential. */
  passthrough?: PassthroughDefinition;
}

/**
 * The platform endpoints the read-only passthrough (`GET /v1/connections/{id}/passthrough/<path>`) may
 * forward. GET only, and only these: anything else is refused before the platform is contacted. Never list
 * an endpoint that writes, or that returns configuration carrying secrets.
 */
export interface PassthroughDefinition {
  allow: readonly PassthroughEndpoint[];
  /**
   * What a `{placeholder}` segment may hold once percent-decoded (platform ids): no dot segment, slash,
   * backslash or control character can match it.
   */
  segment: RegExp;
}

export interface PassthroughEndpoint {
  /** Platform path as the connector's requests spell it; `{name}` stands for one path segment. */
  path: string;
  /** Query parameters the endpoint reads; a request with any other is refused. */
  query?: readonly string[];
  /**
   * Customer addresses (phone numbers, e-mail) in the body: the passthrough cannot mask a body it streams,
   * so the key also needs the personal-data scope.
   */
  personalData?: boolean;
  /** Sent without the connection's credential: the platform serves it without, and credentials could only cost a lockout strike. */
  anonymous?: boolean;
}

/**
 * How a connector proves what its credential holds, and how an administrator sets up exactly that. The
 * platform-agnostic runner (src/doctor/) turns an Inspection into verdicts per chosen feature; the guide's
 * steps are rendered with the permissions the chosen features need and end with `connections add`.
 */
export interface DoctorDefinition {
  /**
   * Asks the platform, with its own introspection or minimal probe calls, never by guessing. `needed` holds
   * every declared permission the chosen features may use (all alternatives of an `any`); each must get a
   * finding. A refused credential is thrown as CredentialRejectedError, as from any call.
   */
  inspect(ctx: ConnectorContext, needed: readonly string[]): Promise<Inspection>;
  guide(ctx: GuideContext): GuideDraft;
}

export type PermissionFinding =
  | { state: 'granted'; evidence: string; coverage?: Coverage }
  /** missing: an administrator can grant it. unavailable: absent from this org or not licensed. */
  | { state: 'missing' | 'unavailable' | 'unknown'; evidence: string };

/** A grant limited to part of the platform (Genesys divisions, Finesse teams). */
export interface Coverage {
  /** What grants are limited by, in the platform's words: "division", "team". */
  unit: string;
  /** Units out of the grant's reach that hold data; none means the coverage is complete. */
  outOfReach: { id: string; name: string; holds?: string }[];
  /** Synced records of this entity whose field names an out-of-reach unit are named from the store. */
  records?: { entity: Entity; field: string };
}

export interface GrantedPermission {
  /** As the platform spells the grant, e.g. `routing:queue:edit`, `*:*:*`, `Employees: Edit`. */
  name: string;
  label: string;
  level: 'read' | 'write' | 'admin';
  /** What a wildcard covers ("all divisions", "all actions on routing"); absent for an exact grant. */
  wildcard?: string;
  /** Where it comes from and where it applies, e.g. `role "Switchboard" in Home, Sales`. */
  scope?: string;
  /** The platform knows it is more than needed although a chosen feature can use it (Finesse: admin where team mode serves). */
  excessReason?: string;
}

export interface CredentialHealth {
  summary: string;
  /** Facts worth tracking for drift (role, token lifetime, employee state…). Never secrets. */
  facts: Record<string, string | number | boolean | null>;
  /** What an operator should change, e.g. an access key on a person's everyday account. */
  warnings: string[];
}

export interface Inspection {
  /** One finding per needed permission. */
  permissions: Record<string, PermissionFinding>;
  /** Everything the credential holds; absent when the platform does not let it be listed (see grantsNote). */
  granted?: GrantedPermission[];
  grantsNote?: string;
  credential: CredentialHealth;
}

export interface GuideContext {
  features: readonly Feature[];
  /** One per requirement of the chosen streams, in stream order: what to grant and what it serves. */
  permissions: readonly { name: string; label: string; features: Feature[]; alternatives: string[] }[];
}

export interface GuideStep {
  /** Stable id, e.g. `create-role`, for scripts (and tests) that follow the guide. */
  id: string;
  title: string;
  /** Paragraphs, in the platform's own words and UI paths. */
  text: string[];
  /** The values the step sets, named for scripts: role name, permission list, token duration… */
  values?: Record<string, string | number | boolean | readonly string[]>;
}

export interface GuideDraft {
  intro: string[];
  /** The runner appends the final step: the `connections add` command. */
  steps: GuideStep[];
}

const connectorShape = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().min(1),
  credentials: z.array(
    z.object({
      name: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
      flag: z.string().regex(/^[a-z][a-z0-9-]*$/),
      secret: z.boolean(),
      example: z.string().min(1),
    }),
  ),
  streams: z.array(z.object({ name: z.string().regex(/^[a-z][a-z-]*$/) })).min(1),
});

/**
 * Validates a connector definition at load: names are well-formed and unique, and every permission a
 * stream requires is declared (with its admin-UI label), so the doctor and the skip messages can name it.
 */
export function defineConnector(def: ConnectorDefinition): ConnectorDefinition {
  connectorShape.parse(def);
  const unique = (label: string, names: string[]) => {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`${def.id}: duplicate ${label} "${dup}"`);
  };
  unique(
    'credential field',
    def.credentials.map((f) => f.name),
  );
  unique(
    'credential flag',
    def.credentials.map((f) => f.flag),
  );
  unique(
    'stream',
    def.streams.map((s) => s.name),
  );
  for (const stream of def.streams) {
    const feature = stream.feature ?? stream.name;
    if (!(FEATURES as readonly string[]).includes(feature)) {
      throw new Error(`${def.id}: stream "${stream.name}" serves no feature; set feature to one of ${FEATURES.join(', ')}`);
    }
    const needed = [...(stream.requires.any ?? []), ...(stream.requires.all ?? [])];
    for (const permission of needed) {
      if (!def.permissions[permission]) {
        throw new Error(`${def.id}: stream "${stream.name}" requires undeclared permission "${permission}"`);
      }
    }
    if (stream.dependsOn && !def.streams.some((s) => s.name === stream.dependsOn?.stream)) {
      throw new Error(`${def.id}: stream "${stream.name}" depends on unknown stream "${stream.dependsOn.stream}"`);
    }
  }
  return def;
}
