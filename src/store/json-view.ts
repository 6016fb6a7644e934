// A record as the JSON text the read API sends, written by the database itself (SQLite's json_object,
// PostgreSQL's json_build_object): a page of 100 records then costs the server one string per record,
// not a row object, a decoded record, a presented copy and a JSON.stringify of the lot. Both dialects
// give the same members, in the same order, with the same values: dates in the codec's canonical form
// (`2024-05-01T08:00:00.000Z`), booleans as true/false, JSON columns embedded as JSON.
import { sql } from './kysely.ts';
import type { RawBuilder } from 'kysely';
import type { Entity } from '../model.ts';
import { ENTITY_TABLES, columnName, type FieldKind } from './entities.ts';
import type { DialectName } from './schema.ts';

/** A field shown as `text` instead of its value: whenever it holds one, or only when the value contains `ifContains`. */
export interface FieldMask {
  text: string;
  ifContains?: string;
}

/** What of a record the JSON shows, beyond its fields. */
export interface JsonRecordView {
  /** Fields left out. */
  omit?: readonly string[];
  masks?: Readonly<Record<string, FieldMask>>;
  /** Add the platform payload as `raw` (the largest column: only when asked for). */
  raw?: boolean;
}

const CANONICAL_PG = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A stored value as the JSON value the codec would decode it to. */
function valueOf(dialect: DialectName, column: string, kind: FieldKind | 'timestamp'): RawBuilder<unknown> {
  const ref = sql.ref(column);
  if (dialect === 'postgres') {
    // timestamptz in JSON would follow the session's time zone and drop trailing zeros of the milliseconds.
    return kind === 'date' || kind === 'timestamp' ? sql`to_char(${ref} at time zone 'UTC', ${sql.raw(CANONICAL_PG)})` : sql`${ref}`;
  }
  // SQLite holds booleans as 0/1 and JSON as text, which json_object would quote unless it comes from json().
  if (kind === 'bool') return sql`json(case ${ref} when 1 then 'true' when 0 then 'false' end)`;
  if (kind === 'json') return sql`json(${ref})`;
  return sql`${ref}`;
}

function masked(dialect: DialectName, column: string, mask: FieldMask): RawBuilder<unknown> {
  const ref = sql.ref(column);
  if (mask.ifContains === undefined) return sql`case when ${ref} is null then null else ${mask.text} end`;
  const found = dialect === 'postgres' ? sql`strpos(${ref}, ${mask.ifContains})` : sql`instr(${ref}, ${mask.ifContains})`;
  return sql`case when ${found} > 0 then ${mask.text} else ${ref} end`;
}

/**
 * The JSON text of each row of `entity`'s table: id (`<connection id>:<external id>`), connectionId,
 * externalId, the model fields in the order of entities.ts, syncedAt, deletedAt, then raw if asked for.
 */
export function recordJson(dialect: DialectName, entity: Entity, view: JsonRecordView): RawBuilder<string> {
  const members: Array<[string, RawBuilder<unknown>]> = [
    ['id', dialect === 'postgres' ? sql`connection_id::text || ':' || external_id` : sql`connection_id || ':' || external_id`],
    ['connectionId', sql.ref('connection_id')],
    ['externalId', sql.ref('external_id')],
  ];
  for (const [field, kind] of Object.entries(ENTITY_TABLES[entity].fields)) {
    if (view.omit?.includes(field)) continue;
    const mask = view.masks?.[field];
    members.push([field, mask ? masked(dialect, columnName(field), mask) : valueOf(dialect, columnName(field), kind)]);
  }
  members.push(['syncedAt', valueOf(dialect, 'synced_at', 'timestamp')], ['deletedAt', valueOf(dialect, 'deleted_at', 'timestamp')]);
  if (view.raw) members.push(['raw', valueOf(dialect, 'raw', 'json')]);
  const args = sql.join(members.map(([key, value]) => sql`${sql.lit(key)}, ${value}`));
  return dialect === 'postgres' ? sql<string>`json_build_object(${args})::text` : sql<string>`json_object(${args})`;
}
