// Kysely's view of the tables created by migrations/. Column types are what the drivers hand back,
// which differs by dialect (PostgreSQL returns Date and booleans, SQLite ISO text and 0/1); the repos
// convert through codec.ts so callers only ever see the unified model.
import type { ColumnType, Generated, Transaction } from 'kysely';

/** Written as canonical ISO-8601 UTC text; read as Date (PostgreSQL timestamptz) or that text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
/** PostgreSQL boolean; SQLite has none and stores 0/1. */
export type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;
export type NullableBool = ColumnType<boolean | number | null, boolean | number | null, boolean | number | null>;
/** Written as JSON text; read parsed (PostgreSQL json/jsonb) or as text (SQLite). */
export type Json = ColumnType<unknown, string, string>;
/** PostgreSQL returns bigint as a string so no precision is lost; SQLite returns a number. */
export type NullableInt8 = ColumnType<number | string | null, number | null, number | null>;

export interface ConnectionsTable {
  id: string;
  name: string;
  platform: string;
  settings: Json;
  secrets_ciphertext: string;
  features: Json;
  status: string;
  status_reason: string | null;
  status_at: NullableTimestamp;
  credential_version: number;
  /** The session allowed to send this connection's credentials (platforms that lock accounts), and until when. */
  auth_lease_holder: string | null;
  auth_lease_until: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Columns every entity table shares; see the unified model's row metadata. */
export interface EntityColumns {
  connection_id: string;
  external_id: string;
  raw: Json;
  synced_at: Timestamp;
  deleted_at: NullableTimestamp;
  last_seen_run: string | null;
}

export interface AgentsTable extends EntityColumns {
  name: string;
  email: string | null;
  username: string | null;
  state: string;
  division_id: string | null;
  team_id: string | null;
}

export interface TeamsTable extends EntityColumns {
  name: string;
  division_id: string | null;
}

export interface QueuesTable extends EntityColumns {
  name: string;
  division_id: string | null;
  description: string | null;
}

export interface QueueMembersTable extends EntityColumns {
  queue_id: string;
  agent_id: string;
  joined: NullableBool;
}

export interface DivisionsTable extends EntityColumns {
  name: string;
  is_home: Bool;
}

export interface ReasonCodesTable extends EntityColumns {
  name: string;
  category: string;
  is_system: Bool;
  active: Bool;
  code: string | null;
  team_ids: Json;
}

export interface WrapupCodesTable extends EntityColumns {
  name: string;
  division_id: string | null;
  team_ids: Json;
}

export interface InteractionsTable extends EntityColumns {
  channel: string;
  direction: string;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  queue_ids: Json;
  agent_ids: Json;
  wrap_up_code_ids: Json;
  division_ids: Json;
  customer_address: string | null;
  dialed_address: string | null;
  has_recording: Bool;
}

export interface RecordingsTable extends EntityColumns {
  interaction_id: string;
  media_kind: string;
  started_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  content_type: string | null;
  bytes: NullableInt8;
  sha256: string | null;
  blob_key: string | null;
  state: string;
  error: string | null;
}

export interface SyncStateTable {
  connection_id: string;
  stream: string;
  /** '' when the stream is not partitioned, so the primary key never holds a NULL. */
  partition: string;
  cursor: Json;
  updated_at: Timestamp;
}

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

export interface SyncRunsTable {
  /** Insertion order, so "newest first" is stable when two runs share a start time. */
  seq: Generated<number>;
  id: string;
  connection_id: string;
  stream: string;
  status: SyncRunStatus;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  records: number;
  pages: number;
  error: string | null;
  details: ColumnType<unknown, string | null, string | null>;
}

export interface DoctorResultsTable {
  /** Insertion order: "newest first" and "the one before" without relying on clock resolution. */
  seq: Generated<number>;
  connection_id: string;
  checked_at: Timestamp;
  /** 'doctor' (an operator's check) or 'sync' (the check before a sync). */
  trigger: string;
  credential_version: number;
  status: string;
  report: Json;
}

export interface ApiKeysTable {
  /** The public part of the key (`sbk_<id>_…`), so a key is found without comparing secrets in SQL. */
  id: string;
  name: string;
  /** 'data' (the /v1 routes) or 'admin' (the /admin routes). */
  kind: string;
  scopes: Json;
  /** True: every connection, present and future; otherwise only connection_ids. */
  all_connections: Bool;
  connection_ids: Json;
  /** sha256 of the whole key, hex. */
  secret_hash: string;
  rate_limit_per_minute: number;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** Append-only: one row per API request. */
export interface ApiAuditTable {
  seq: Generated<number>;
  at: Timestamp;
  key_id: string | null;
  key_name: string | null;
  method: string;
  /** The route's pattern (`/v1/agents/:id`); null for a path no route serves. */
  route: string | null;
  path: string;
  status: number;
  error_code: string | null;
  connection_ids: Json;
  resource_ids: Json;
  records: number;
  duration_ms: number;
  ip: string | null;
}

export interface EntityTables {
  agents: AgentsTable;
  teams: TeamsTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  divisions: DivisionsTable;
  reason_codes: ReasonCodesTable;
  wrapup_codes: WrapupCodesTable;
  interactions: InteractionsTable;
  recordings: RecordingsTable;
}

export interface Database extends EntityTables {
  connections: ConnectionsTable;
  sync_state: SyncStateTable;
  sync_runs: SyncRunsTable;
  doctor_results: DoctorResultsTable;
  api_keys: ApiKeysTable;
  api_audit: ApiAuditTable;
}

export type EntityTableName = keyof EntityTables;
export type Tx = Transaction<Database>;
export type DialectName = 'sqlite' | 'postgres';
