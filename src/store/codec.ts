// Value conversions between the unified model and the two dialects' columns.
//
// Dates are written as canonical ISO-8601 UTC with milliseconds (`2024-05-01T08:00:00.000Z`): on SQLite
// that text sorts and compares correctly as is; on PostgreSQL it lands in timestamptz. Model dates come
// back in the same canonical form whatever offset the platform used, so both dialects agree.
import type { DialectName } from './schema.ts';
import type { FieldKind } from './entities.ts';

export interface Codec {
  /** Model value → bound parameter. */
  encode(kind: FieldKind, value: unknown): unknown;
  /** Column value → model value. */
  decode(kind: FieldKind, value: unknown): unknown;
  /** Row metadata timestamp → bound parameter. */
  timestamp(date: Date): string;
  /** Row metadata timestamp column → Date. */
  readTimestamp(value: unknown): Date;
  readNullableTimestamp(value: unknown): Date | null;
  readJson(value: unknown): unknown;
}

export function canonicalIso(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid date: ${JSON.stringify(String(value))}`);
  return date.toISOString();
}

export function createCodec(dialect: DialectName): Codec {
  // The pg driver parses json/jsonb itself; SQLite hands back the text we stored.
  const readJson = dialect === 'sqlite' ? (v: unknown) => (v === null ? null : JSON.parse(v as string)) : (v: unknown) => v;
  const readTimestamp = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));

  return {
    encode(kind, value) {
      // JSON columns hold a JSON null rather than SQL NULL, so `raw` is never NULL.
      if (value === null || value === undefined) return kind === 'json' ? 'null' : null;
      switch (kind) {
        case 'date':
          return canonicalIso(value as string);
        case 'bool':
          return dialect === 'sqlite' ? (value ? 1 : 0) : Boolean(value);
        case 'json':
          return JSON.stringify(value);
        default:
          return value;
      }
    },
    decode(kind, value) {
      if (value === null || value === undefined) return null;
      switch (kind) {
        case 'date':
          return value instanceof Date ? value.toISOString() : value;
        case 'bool':
          return typeof value === 'number' ? value !== 0 : value;
        case 'int':
          return Number(value);
        case 'json':
          return readJson(value);
        default:
          return value;
      }
    },
    timestamp: (date) => canonicalIso(date),
    readTimestamp,
    readNullableTimestamp: (v) => (v === null || v === undefined ? null : readTimestamp(v)),
    readJson,
  };
}
