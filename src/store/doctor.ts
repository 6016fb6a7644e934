// The doctor's stored results (one row per check, the report as JSON), and the one lookup the doctor
// needs of synced data: the names of records a grant no longer reaches (queues of a division, say).
import type { Kysely } from 'kysely';
import type { Entity } from '../model.ts';
import type { Codec } from './codec.ts';
import { ENTITY_TABLES, fieldOf } from './entities.ts';
import type { Database } from './schema.ts';

export interface DoctorResultRow {
  seq: number;
  connectionId: string;
  checkedAt: Date;
  trigger: 'doctor' | 'sync';
  credentialVersion: number;
  status: string;
  report: unknown;
}

export interface DoctorRepo {
  record(input: Omit<DoctorResultRow, 'seq'>): Promise<void>;
  /** Newest first; default limit 20. */
  history(connectionId: string, limit?: number): Promise<DoctorResultRow[]>;
  /** Names of live records of `entity` whose `field` is one of `values`, grouped by that value. */
  namesBy(connectionId: string, entity: Entity, field: string, values: readonly string[]): Promise<Record<string, string[]>>;
}

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

export function createDoctorRepo(db: Kysely<Database>, codec: Codec): DoctorRepo {
  return {
    async record(input) {
      await db
        .insertInto('doctor_results')
        .values({
          connection_id: input.connectionId,
          checked_at: codec.timestamp(input.checkedAt),
          trigger: input.trigger,
          credential_version: input.credentialVersion,
          status: input.status,
          report: JSON.stringify(input.report),
        })
        .execute();
    },

    async history(connectionId, limit = 20) {
      const rows = await db
        .selectFrom('doctor_results')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        // PostgreSQL hands bigint back as text.
        seq: Number(r.seq),
        connectionId: r.connection_id,
        checkedAt: codec.readTimestamp(r.checked_at),
        trigger: r.trigger as DoctorResultRow['trigger'],
        credentialVersion: r.credential_version,
        status: r.status,
        report: codec.readJson(r.report),
      }));
    },

    async namesBy(connectionId, entity, field, values) {
      const spec = ENTITY_TABLES[entity];
      if (!values.length || !Object.hasOwn(spec.fields, 'name')) return {};
      const { column } = fieldOf(entity, field);
      const rows = await (db as unknown as LooseDb)
        .selectFrom(spec.table)
        .select(['name', column])
        .where('connection_id', '=', connectionId)
        .where('deleted_at', 'is', null)
        .where(column, 'in', values)
        .orderBy('name')
        .execute();
      const out: Record<string, string[]> = {};
      for (const row of rows) (out[String(row[column])] ??= []).push(String(row.name));
      return out;
    },
  };
}
