// Keyset pages of entity records for the read API, each record as the JSON text the API sends
// (json-view.ts). Records sort by (order field, connection, external id): a total order, so a page
// boundary never skips or repeats a row, however many rows share a time. With one connection the
// predicate is rewritten to match the (connection_id, <field>, external_id) indexes, so a deep page costs
// what the first one does.
import { sql, type Kysely } from './kysely.ts';
import type { Expression, SqlBool } from 'kysely';
import type { Entity } from '../model.ts';
import type { Codec } from './codec.ts';
import { ENTITY_TABLES, fieldOf } from './entities.ts';
import { jsonArrayContains } from './json-array.ts';
import { recordJson, type JsonRecordView } from './json-view.ts';
import { createPageCache, type PageCacheStats } from './page-cache.ts';
import type { Database, DialectName } from './schema.ts';

/** The sort key of a row: [order value (when ordered by a field)?, connection id, external id]. */
export type SortKey = string[];

export interface RecordPageQuery<E extends Entity> {
  entity: E;
  /** Only records of these connections; none gives an empty page. */
  connectionIds: readonly string[];
  includeDeleted?: boolean;
  /** A model date field, or 'syncedAt' (when the row was last written); default: by id only. */
  orderBy?: string;
  /** The sort key of the previous page's last record. */
  after?: SortKey;
  /** Model field = value (text and bool fields). */
  equals?: Record<string, string | boolean>;
  /** Model list field holds the value. */
  contains?: Record<string, string>;
  /** Model date field (or 'syncedAt') within [from, to). */
  ranges?: Array<{ field: string; from?: string; to?: string }>;
  limit: number;
  /** What each record's JSON shows. */
  view: JsonRecordView;
  /** Model fields also returned as values, beside the JSON (for what the caller adds to it). */
  also?: readonly string[];
}

export interface JsonRecord {
  json: string;
  connectionId: string;
  externalId: string;
  also: Record<string, unknown>;
}

export interface RecordPage {
  records: JsonRecord[];
  /** Sort key of each record, in the same order. */
  keys: SortKey[];
}

export interface PagesRepo {
  /** A page; the same answer as a fresh read, from the cache while the data is unchanged. Read-only. */
  records<E extends Entity>(q: RecordPageQuery<E>): Promise<RecordPage>;
  /** How many pages came from the cache, and how many were read. */
  cacheStats(): PageCacheStats;
}

/** Pages kept for reuse, at most (about 300 pages of 100 interactions). */
const CACHE_BYTES = 32 * 1024 * 1024;

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;
type Row = Record<string, unknown>;

export function createPagesRepo(
  db: Kysely<Database>,
  codec: Codec,
  dialect: DialectName,
  dataVersion: () => Promise<string | undefined>,
): PagesRepo {
  const loose = db as unknown as LooseDb;
  const cache = createPageCache(dataVersion, CACHE_BYTES);
  const column = (entity: Entity, field: string) =>
    field === 'syncedAt' ? { column: 'synced_at', kind: 'date' as const } : fieldOf(entity, field);

  return {
    // The query says everything that decides the page (the connections a key may see included), so
    // two requests asking the same get the same page, whoever asks.
    records: (q) => cache.get(JSON.stringify(q), () => read(q)),
    cacheStats: () => cache.stats(),
  };

  async function read<E extends Entity>(q: RecordPageQuery<E>): Promise<RecordPage> {
    if (!q.connectionIds.length) return { records: [], keys: [] };
    const order = q.orderBy === undefined ? undefined : column(q.entity, q.orderBy);
    if (order && order.kind !== 'date') throw new Error(`${q.entity}: cannot order by ${q.orderBy}`);
    const columns = [...(order ? [order.column] : []), 'connection_id', 'external_id'];

    const also = (q.also ?? []).map((field) => ({ field, ...column(q.entity, field) }));
    let query = loose
      .selectFrom(ENTITY_TABLES[q.entity].table)
      .select(recordJson(dialect, q.entity, q.view).as('json'))
      .select([...new Set([...columns, ...also.map((a) => a.column)])]);
    const single = q.connectionIds.length === 1 ? q.connectionIds[0] : undefined;
    query = single === undefined ? query.where('connection_id', 'in', q.connectionIds) : query.where('connection_id', '=', single);
    if (!q.includeDeleted) query = query.where('deleted_at', 'is', null);
    for (const [field, value] of Object.entries(q.equals ?? {})) {
      const spec = column(q.entity, field);
      query = query.where(spec.column, '=', codec.encode(spec.kind, value));
    }
    for (const [field, value] of Object.entries(q.contains ?? {})) {
      const spec = column(q.entity, field);
      if (spec.kind !== 'json') throw new Error(`${q.entity}.${field} is not a list`);
      query = query.where(jsonArrayContains(dialect, spec.column, value));
    }
    for (const range of q.ranges ?? []) {
      const spec = column(q.entity, range.field);
      if (range.from !== undefined) query = query.where(spec.column, '>=', codec.encode('date', range.from));
      if (range.to !== undefined) query = query.where(spec.column, '<', codec.encode('date', range.to));
    }
    if (q.after) {
      const after = afterKey(columns, encodeKey(codec, order !== undefined, q.after), single);
      if (after === 'none') return { records: [], keys: [] };
      if (after !== 'all') query = query.where(after);
    }
    // With one connection, ordering by it is a no-op that would keep the planner off the index.
    for (const c of columns) if (!(single !== undefined && c === 'connection_id')) query = query.orderBy(c);
    const rows = await query.limit(q.limit).execute();
    const records = rows.map((row) => ({
      json: row.json as string,
      connectionId: row.connection_id as string,
      externalId: row.external_id as string,
      also: Object.fromEntries(also.map((a) => [a.field, codec.decode(a.kind, row[a.column])])),
    }));
    return { records, keys: rows.map((row) => keyOf(codec, order?.column, row)) };
  }
}

function encodeKey(codec: Codec, ordered: boolean, key: SortKey): unknown[] {
  return ordered ? [codec.encode('date', key[0]), ...key.slice(1)] : key;
}

function keyOf(codec: Codec, orderColumn: string | undefined, row: Row): SortKey {
  const ids = [row.connection_id as string, row.external_id as string];
  return orderColumn ? [codec.decode('date', row[orderColumn]) as string, ...ids] : ids;
}

/**
 * Rows after `values` in the order of `columns`. With the connection fixed, the comparison of the full
 * tuple reduces to one the per-connection index can serve: the previous page's connection sorts before,
 * after, or equal to this one.
 */
function afterKey(columns: string[], values: unknown[], connectionId: string | undefined): Expression<SqlBool> | 'all' | 'none' {
  const tuple = (cols: string[], vals: unknown[], op: '>' | '>=') =>
    sql<SqlBool>`(${sql.join(cols.map((c) => sql.ref(c)))}) ${sql.raw(op)} (${sql.join(vals)})`;
  if (connectionId === undefined) return tuple(columns, values, '>');
  const at = columns.indexOf('connection_id');
  const previous = String(values[at]);
  const before = { cols: columns.slice(0, at), vals: values.slice(0, at) };
  if (connectionId === previous) {
    return tuple(
      columns.filter((_, i) => i !== at),
      values.filter((_, i) => i !== at),
      '>',
    );
  }
  if (!before.cols.length) return connectionId > previous ? 'all' : 'none';
  return tuple(before.cols, before.vals, connectionId > previous ? '>=' : '>');
}
