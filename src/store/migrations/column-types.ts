// Column types per dialect, so one migration text serves both. Every PostgreSQL text column uses the
// "C" collation: ids and names then sort and compare byte-wise exactly as in SQLite, keyset pagination
// gives the same pages on both, and joins between columns never meet two different collations.
import { sql } from '../kysely.ts';
import type { ColumnDefinitionBuilder, Expression } from 'kysely';
import type { DialectName } from '../schema.ts';

type DataType = 'text' | 'integer' | 'bigint' | 'boolean' | 'uuid' | 'timestamptz' | 'json' | 'jsonb' | Expression<unknown>;

export interface ColumnTypes {
  text: DataType;
  uuid: DataType;
  /** ISO-8601 UTC text on SQLite (sorts correctly, see codec.ts). */
  timestamp: DataType;
  /** 0/1 on SQLite. */
  bool: DataType;
  integer: DataType;
  bigint: DataType;
  /** Arrays and small documents; jsonb on PostgreSQL so the read API can use containment (@>). */
  json: DataType;
  /** Platform payloads: json keeps them byte-for-byte and, unlike jsonb, accepts \u0000 escapes. */
  rawJson: DataType;
  /** Makes a bigint column an auto-numbered primary key. */
  autoKey(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
}

export function columnTypes(dialect: DialectName): ColumnTypes {
  if (dialect === 'postgres') {
    return {
      text: sql`text collate "C"`,
      uuid: 'uuid',
      timestamp: 'timestamptz',
      bool: 'boolean',
      integer: 'integer',
      bigint: 'bigint',
      json: 'jsonb',
      rawJson: 'json',
      autoKey: (c) => c.primaryKey().generatedAlwaysAsIdentity(),
    };
  }
  return {
    text: 'text',
    uuid: 'text',
    timestamp: 'text',
    bool: 'integer',
    integer: 'integer',
    bigint: 'integer',
    json: 'text',
    rawJson: 'text',
    autoKey: (c) => c.primaryKey().autoIncrement(),
  };
}
