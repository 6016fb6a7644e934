// Connections: one per platform account a user connects. Secrets arrive already encrypted (see vault/);
// the store never sees them in clear.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AuthLeaseOutcome, AuthLeaseStore } from '../engine/account-lockout.ts';
import type { Codec } from './codec.ts';
import type { ConnectionsTable, Database } from './schema.ts';

export type ConnectionStatus = 'new' | 'ok' | 'auth_failed' | 'error';

export interface ConnectionRow {
  id: string;
  name: string;
  platform: string;
  settings: Record<string, string>;
  secretsCiphertext: string;
  features: string[];
  status: ConnectionStatus;
  statusReason: string | null;
  statusAt: Date | null;
  /** Bumped on every credential change, so a verdict about old credentials cannot stick to new ones. */
  credentialVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateConnectionInput {
  /**
   * Optional pre-generated uuid: secrets are encrypted with the connection's id as associated data, so
   * the caller may need the id before the row exists (see vault/). Generated when omitted.
   */
  id?: string;
  name: string;
  platform: string;
  settings: Record<string, string>;
  secretsCiphertext: string;
  features?: string[];
}

export interface ConnectionsRepo extends AuthLeaseStore {
  create(input: CreateConnectionInput): Promise<ConnectionRow>;
  get(nameOrId: string): Promise<ConnectionRow | undefined>;
  list(): Promise<ConnectionRow[]>;
  /** Deletes the connection with its records, cursors and runs (foreign keys cascade, one statement). */
  remove(id: string): Promise<void>;
  /** Replaces settings and/or secrets, bumps credentialVersion and resets the status to 'new'. */
  updateCredentials(id: string, input: { settings?: Record<string, string>; secretsCiphertext?: string }): Promise<ConnectionRow>;
  /** The features to sync (normalised by the caller); credentials and status stay as they are. */
  setFeatures(id: string, features: readonly string[]): Promise<ConnectionRow>;
  /** With expectedCredentialVersion, applies only if the credentials did not change in the meantime. */
  setStatus(id: string, status: ConnectionStatus, reason: string | null, expectedCredentialVersion?: number): Promise<void>;
}

export class NameTakenError extends Error {
  override readonly name = 'NameTakenError';
  constructor(readonly connectionName: string) {
    super(`a connection named "${connectionName}" already exists; choose another name or remove it first`);
  }
}

export class ConnectionNotFoundError extends Error {
  override readonly name = 'ConnectionNotFoundError';
  constructor(readonly nameOrId: string) {
    super(`no connection "${nameOrId}"`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQLite and PostgreSQL report a unique-constraint violation differently. */
function violatesNameUnique(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return e.constraint === 'connections_name_unique';
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes('connections.name');
}

export function createConnectionsRepo(db: Kysely<Database>, codec: Codec): ConnectionsRepo {
  const toRow = (r: Selectable<ConnectionsTable>): ConnectionRow => ({
    id: r.id,
    name: r.name,
    platform: r.platform,
    settings: codec.readJson(r.settings) as Record<string, string>,
    secretsCiphertext: r.secrets_ciphertext,
    features: codec.readJson(r.features) as string[],
    status: r.status as ConnectionStatus,
    statusReason: r.status_reason,
    statusAt: codec.readNullableTimestamp(r.status_at),
    credentialVersion: r.credential_version,
    createdAt: codec.readTimestamp(r.created_at),
    updatedAt: codec.readTimestamp(r.updated_at),
  });

  const mustGet = async (id: string): Promise<ConnectionRow> => {
    const row = await db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ConnectionNotFoundError(id);
    return toRow(row);
  };

  return {
    async create(input) {
      const now = codec.timestamp(new Date());
      const id = input.id ?? randomUUID();
      try {
        await db
          .insertInto('connections')
          .values({
            id,
            name: input.name,
            platform: input.platform,
            settings: JSON.stringify(input.settings),
            secrets_ciphertext: input.secretsCiphertext,
            features: JSON.stringify(input.features ?? []),
            status: 'new',
            status_reason: null,
            status_at: null,
            credential_version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
      } catch (error) {
        if (violatesNameUnique(error)) throw new NameTakenError(input.name);
        throw error;
      }
      return mustGet(id);
    },

    async get(nameOrId) {
      // Only a uuid can be an id (PostgreSQL would reject comparing a uuid column with anything else).
      const rows = await db
        .selectFrom('connections')
        .selectAll()
        .where((eb) => (UUID.test(nameOrId) ? eb.or([eb('id', '=', nameOrId), eb('name', '=', nameOrId)]) : eb('name', '=', nameOrId)))
        .execute();
      const row = rows.find((r) => r.id === nameOrId) ?? rows[0];
      return row ? toRow(row) : undefined;
    },

    async list() {
      const rows = await db.selectFrom('connections').selectAll().orderBy('name').execute();
      return rows.map(toRow);
    },

    async remove(id) {
      await db.deleteFrom('connections').where('id', '=', id).execute();
    },

    async updateCredentials(id, input) {
      const result = await db
        .updateTable('connections')
        .set((eb) => ({
          ...(input.settings ? { settings: JSON.stringify(input.settings) } : {}),
          ...(input.secretsCiphertext !== undefined ? { secrets_ciphertext: input.secretsCiphertext } : {}),
          credential_version: eb('credential_version', '+', 1),
          status: 'new',
          status_reason: null,
          status_at: null,
          updated_at: codec.timestamp(new Date()),
        }))
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new ConnectionNotFoundError(id);
      return mustGet(id);
    },

    async setFeatures(id, features) {
      const result = await db
        .updateTable('connections')
        .set({ features: JSON.stringify(features), updated_at: codec.timestamp(new Date()) })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new ConnectionNotFoundError(id);
      return mustGet(id);
    },

    async acquireAuthLease(input): Promise<AuthLeaseOutcome> {
      const now = codec.timestamp(input.now);
      const result = await db
        .updateTable('connections')
        .set({ auth_lease_holder: input.holder, auth_lease_until: codec.timestamp(input.until) })
        .where('id', '=', input.connectionId)
        .where('credential_version', '=', input.credentialVersion)
        .$if(!input.ignoreBlock, (q) => q.where('status', '<>', 'auth_failed'))
        .where((eb) =>
          eb.or([eb('auth_lease_holder', 'is', null), eb('auth_lease_holder', '=', input.holder), eb('auth_lease_until', '<', now)]),
        )
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return { acquired: true };
      const row = await db
        .selectFrom('connections')
        .select(['status', 'status_reason', 'credential_version'])
        .where('id', '=', input.connectionId)
        .executeTakeFirst();
      if (!row) return { acquired: false, why: 'missing' };
      if (row.credential_version !== input.credentialVersion) return { acquired: false, why: 'changed' };
      if (row.status === 'auth_failed' && !input.ignoreBlock) return { acquired: false, why: 'blocked', reason: row.status_reason };
      return { acquired: false, why: 'busy' };
    },

    async releaseAuthLease(connectionId, holder) {
      await db
        .updateTable('connections')
        .set({ auth_lease_holder: null, auth_lease_until: null })
        .where('id', '=', connectionId)
        .where('auth_lease_holder', '=', holder)
        .execute();
    },

    async setStatus(id, status, reason, expectedCredentialVersion) {
      let query = db
        .updateTable('connections')
        .set({ status, status_reason: reason, status_at: codec.timestamp(new Date()) })
        .where('id', '=', id);
      if (expectedCredentialVersion !== undefined) query = query.where('credential_version', '=', expectedCredentialVersion);
      await query.execute();
    },
  };
}
