// Entity records: upserted by the sync runner, read by the API. One generic implementation serves
// every entity through the column map in entities.ts.
import { CompiledQuery, sql, type Kysely } from './kysely.ts';
import { RawJson, type Entity, type EntityRecords } from '../model.ts';
import type { BatchQuery } from './batch-writer.ts';
import type { Codec } from './codec.ts';
import { ENTITY_TABLES, columnName, fieldOf, type FieldKind } from './entities.ts';
import type { Database, Tx } from './schema.ts';

export type StoredRecord<E extends Entity> = EntityRecords[E] & { connectionId: string; syncedAt: Date; deletedAt: Date | null };

export interface PendingParentsInput {
  connectionId: string;
  parent: Entity;
  /** Model field names and the values they must equal, e.g. `{ hasRecording: true }`. */
  parentWhere: Record<string, unknown>;
  child: Entity;
  /** Model field on the child holding the parent's externalId, e.g. 'interactionId'. */
  childLinkField: string;
  /** With both: only children whose state is one of doneStates count. Otherwise any child counts. */
  childStateField?: string;
  doneStates?: string[];
  afterExternalId?: string;
  limit: number;
}

export interface RecordsRepo {
  /** Inserts or updates by (connection, externalId); revives deleted rows and stamps synced_at/last_seen_run. */
  upsert<E extends Entity>(
    tx: Tx,
    connectionId: string,
    entity: E,
    records: EntityRecords[E][],
    seen: { runId: string; at: Date },
  ): Promise<void>;
  /** The statements `upsert` runs, for a caller that runs them elsewhere (a batch writer). */
  upsertQueries<E extends Entity>(
    connectionId: string,
    entity: E,
    records: EntityRecords[E][],
    seen: { runId: string; at: Date },
  ): BatchQuery[];
  /** Marks rows this run did not see as deleted; returns how many. */
  markUnseenDeleted(tx: Tx, connectionId: string, entity: Entity, runId: string, at: Date): Promise<number>;
  count(connectionId: string, entity: Entity, opts?: { includeDeleted?: boolean }): Promise<number>;
  /** Sorted byte-wise (the same order in both dialects). */
  externalIds(connectionId: string, entity: Entity, opts?: { includeDeleted?: boolean }): Promise<string[]>;
  get<E extends Entity>(connectionId: string, entity: E, externalId: string): Promise<StoredRecord<E> | undefined>;
  /**
   * Live parents matching parentWhere that have no child in a done state (any child at all when no
   * doneStates are given), keyset-paged by externalId. A child counts even if later marked deleted:
   * work already done is not redone.
   */
  pendingParents(input: PendingParentsInput): Promise<Array<{ externalId: string; record: Record<string, unknown> }>>;
}

/** SQLite's bound-parameter limit (PostgreSQL allows 65 535). */
const MAX_PARAMETERS = 32_766;
/** Beyond this, bigger statements stop paying off and only cost memory. */
const MAX_ROWS_PER_STATEMENT = 1_000;

/** Entity tables are chosen at run time, so queries on them are built against this looser type. */
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;
type Row = Record<string, unknown>;

interface UpsertShape {
  columns: string[];
  fields: Array<[field: string, kind: FieldKind]>;
  rowsPerStatement: number;
}

export function createRecordsRepo(db: Kysely<Database>, codec: Codec): RecordsRepo {
  const loose = db as unknown as LooseDb;
  const shapes = new Map<Entity, UpsertShape>();
  // Compiling a 1 000-row insert through the query builder costs more than running it, and a sync
  // repeats the same few shapes; the SQL text is cached per (entity, row count).
  const statements = new Map<string, string>();

  function shapeOf(entity: Entity): UpsertShape {
    let shape = shapes.get(entity);
    if (!shape) {
      const fields = Object.entries(ENTITY_TABLES[entity].fields);
      const columns = ['connection_id', 'external_id', ...fields.map(([f]) => columnName(f)), 'raw', 'synced_at', 'last_seen_run'];
      shape = { columns, fields, rowsPerStatement: Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)) };
      shapes.set(entity, shape);
    }
    return shape;
  }

  function upsertSql(entity: Entity, shape: UpsertShape, rows: number): string {
    const key = `${entity}:${rows}`;
    let text = statements.get(key);
    if (text === undefined) {
      const placeholder = Object.fromEntries(shape.columns.map((c) => [c, null]));
      const updated = shape.columns.filter((c) => c !== 'connection_id' && c !== 'external_id');
      const compiled = loose
        .insertInto(ENTITY_TABLES[entity].table)
        .values(Array.from({ length: rows }, () => placeholder))
        .onConflict((oc) =>
          oc.columns(['connection_id', 'external_id']).doUpdateSet((eb) => ({
            ...Object.fromEntries(updated.map((c) => [c, eb.ref(`excluded.${c}`)])),
            deleted_at: sql.lit(null),
          })),
        )
        .compile();
      // Parameters are bound positionally, row by row in column order; make sure that holds.
      if (compiled.parameters.length !== rows * shape.columns.length) throw new Error(`unexpected upsert shape for ${entity}`);
      text = compiled.sql;
      if (statements.size > 64) statements.clear();
      statements.set(key, text);
    }
    return text;
  }

  /** Appends one record's parameters in the statement's column order. */
  function pushRow(
    out: unknown[],
    entity: Entity,
    shape: UpsertShape,
    connectionId: string,
    record: Row,
    seen: { runId: string; syncedAt: string },
  ): void {
    try {
      out.push(connectionId, record.externalId);
      for (const [field, kind] of shape.fields) out.push(codec.encode(kind, record[field]));
      out.push(record.raw instanceof RawJson ? record.raw.text : JSON.stringify(record.raw ?? null), seen.syncedAt, seen.runId);
    } catch (error) {
      throw new Error(`${entity} ${String(record.externalId)}: ${(error as Error).message}`, { cause: error });
    }
  }

  function rowsOf(connectionId: string, entity: Entity, includeDeleted = false) {
    const query = loose.selectFrom(ENTITY_TABLES[entity].table).where('connection_id', '=', connectionId);
    return includeDeleted ? query : query.where('deleted_at', 'is', null);
  }

  function upsertQueries(connectionId: string, entity: Entity, records: Row[], seen: { runId: string; at: Date }): BatchQuery[] {
    // PostgreSQL refuses to update one row twice in a statement; the last version of a record wins.
    const unique = new Map<string, Row>();
    for (const record of records) unique.set(record.externalId as string, record);
    const rows = [...unique.values()];

    const shape = shapeOf(entity);
    const stamp = { runId: seen.runId, syncedAt: codec.timestamp(seen.at) };
    const queries: BatchQuery[] = [];
    for (let start = 0; start < rows.length; start += shape.rowsPerStatement) {
      const chunk = rows.slice(start, start + shape.rowsPerStatement);
      const parameters: unknown[] = [];
      for (const record of chunk) pushRow(parameters, entity, shape, connectionId, record, stamp);
      queries.push({
        ...CompiledQuery.raw(upsertSql(entity, shape, chunk.length), parameters),
        eachRow: { sql: upsertSql(entity, shape, 1), width: shape.columns.length },
      });
    }
    return queries;
  }

  return {
    async upsert(tx, connectionId, entity, records, seen) {
      for (const query of upsertQueries(connectionId, entity, records as Row[], seen)) await tx.executeQuery(query);
    },

    upsertQueries: (connectionId, entity, records, seen) => upsertQueries(connectionId, entity, records as Row[], seen),

    async markUnseenDeleted(tx, connectionId, entity, runId, at) {
      const result = await (tx as unknown as LooseDb)
        .updateTable(ENTITY_TABLES[entity].table)
        .set({ deleted_at: codec.timestamp(at) })
        .where('connection_id', '=', connectionId)
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('last_seen_run', 'is', null), eb('last_seen_run', '!=', runId)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async count(connectionId, entity, opts) {
      const row = await rowsOf(connectionId, entity, opts?.includeDeleted)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async externalIds(connectionId, entity, opts) {
      const rows = await rowsOf(connectionId, entity, opts?.includeDeleted).select('external_id').orderBy('external_id').execute();
      return rows.map((r) => r.external_id as string);
    },

    async get<E extends Entity>(connectionId: string, entity: E, externalId: string) {
      const row = await rowsOf(connectionId, entity, true).selectAll().where('external_id', '=', externalId).executeTakeFirst();
      return row ? decodeStored(codec, entity, row) : undefined;
    },

    async pendingParents(input) {
      const parentTable = ENTITY_TABLES[input.parent].table;
      const childTable = ENTITY_TABLES[input.child].table;
      const link = fieldOf(input.child, input.childLinkField).column;
      const done =
        input.childStateField !== undefined && input.doneStates !== undefined
          ? { column: fieldOf(input.child, input.childStateField).column, states: input.doneStates }
          : undefined;

      let query = rowsOf(input.connectionId, input.parent).selectAll(parentTable);
      for (const [field, value] of Object.entries(input.parentWhere)) {
        const { column, kind } = fieldOf(input.parent, field);
        if (kind === 'json') throw new Error(`pendingParents: cannot filter on ${input.parent}.${field} (a list)`);
        query = value === null ? query.where(column, 'is', null) : query.where(column, '=', codec.encode(kind, value));
      }
      if (input.afterExternalId !== undefined) query = query.where('external_id', '>', input.afterExternalId);
      // With an empty list of done states no child can ever be done, so every parent is pending.
      if (!done || done.states.length > 0) {
        query = query.where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom(childTable)
                .select(sql.lit(1).as('one'))
                .whereRef(`${childTable}.connection_id`, '=', `${parentTable}.connection_id`)
                .whereRef(`${childTable}.${link}`, '=', `${parentTable}.external_id`)
                .$if(done !== undefined, (q) => q.where(`${childTable}.${done?.column}`, 'in', done?.states ?? [])),
            ),
          ),
        );
      }
      const rows = await query.orderBy('external_id').limit(input.limit).execute();
      return rows.map((row) => ({ externalId: row.external_id as string, record: decodeModel(codec, input.parent, row) }));
    },
  };
}

/** A row of an entity table as its model record (without row metadata). */
/** Each entity's fields with their kind and column, worked out once: decoding runs per field per row. */
const DECODED_FIELDS = Object.fromEntries(
  Object.entries(ENTITY_TABLES).map(([entity, spec]) => [
    entity,
    Object.entries(spec.fields).map(([field, kind]) => ({ field, kind, column: columnName(field) })),
  ]),
) as Record<Entity, { field: string; kind: FieldKind; column: string }[]>;

/** The model record of a row; `raw` only when the row was read with it (it is the costliest to decode). */
function decodeModel(codec: Codec, entity: Entity, row: Row): Row {
  const record: Row = { externalId: row.external_id };
  for (const { field, kind, column } of DECODED_FIELDS[entity]) record[field] = codec.decode(kind, row[column]);
  if (row.raw !== undefined) record.raw = codec.readJson(row.raw);
  return record;
}

/** A row of an entity table as a stored record: the model record and its row metadata. */
export function decodeStored<E extends Entity>(codec: Codec, entity: E, row: Row): StoredRecord<E> {
  return {
    ...decodeModel(codec, entity, row),
    connectionId: row.connection_id as string,
    syncedAt: codec.readTimestamp(row.synced_at),
    deletedAt: codec.readNullableTimestamp(row.deleted_at),
  } as StoredRecord<E>;
}
