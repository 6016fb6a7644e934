// "This JSON list column holds this value", which each dialect says its own way: jsonb containment on
// PostgreSQL, json_each on SQLite. Used by the read API's filters (interactions of a queue) and the audit trail.
import { sql } from './kysely.ts';
import type { Expression, SqlBool } from 'kysely';
import type { DialectName } from './schema.ts';

export function jsonArrayContains(dialect: DialectName, column: string, value: string): Expression<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} @> ${JSON.stringify([value])}::jsonb`
    : sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) where value = ${value})`;
}
