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

/** The canonical form itself, with every field in range except the day's upper bound (checked apart). */
const CANONICAL_ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dayExists(iso: string): boolean {
  const day = Number(iso.slice(8, 10));
  if (day <= 28) return true;
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

export function canonicalIso(value: string | Date): string {
  // Most platforms send this form already. Checking it costs a fifth of parsing and formatting again,
  // which a sync otherwise does for two timestamps of every interaction.
  if (typeof value === 'string' && CANONICAL_ISO.test(value) && dayExists(value)) return value;
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
