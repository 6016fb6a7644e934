// Request and response pieces shared by the routes. Query values arrive as strings: each schema says
// exactly which strings it takes, so anything else is a 400 naming the parameter, never a database error.
import { z } from 'zod';
import { canonicalIso } from '../store/codec.ts';
import { connectionRefSchema } from './access.ts';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export const limitParam = z
  .string()
  .regex(/^\d{1,4}$/, `must be a whole number, 1–${MAX_LIMIT}`)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_LIMIT))
  .default(String(DEFAULT_LIMIT))
  .describe(`records per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT})`);

export const cursorParam = z.string().max(2048).optional().describe("the previous page's nextCursor; repeat the same filters");

export const booleanParam = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

/** The date part names a day that exists (JavaScript would roll 2024-02-30 over to March). */
function realDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** An ISO-8601 date-time with an offset (`2024-05-01T08:00:00Z`), or a date (midnight UTC). */
export const timeParam = z
  .string()
  .superRefine((v, ctx) => {
    const shaped = /^\d{4}-\d{2}-\d{2}$/.test(v) || z.string().datetime({ offset: true }).safeParse(v).success;
    if (!shaped)
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO-8601 date-time with an offset (2024-05-01T08:00:00Z) or a date (2024-05-01)',
      });
    else if (!realDay(v)) ctx.addIssue({ code: 'custom', message: 'is not a real date' });
  })
  .transform((v) => canonicalIso(v));

export const listQuery = {
  connection: connectionRefSchema.optional().describe("only this connection's records (its id or name)"),
  limit: limitParam,
  cursor: cursorParam,
};

export const includeParam = z.enum(['raw']).optional().describe('raw: add the platform payload (needs pii:read)');

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().describe('null on the last page') }).strict();

export const itemOf = <T extends z.ZodTypeAny>(item: T) => z.object({ data: item }).strict();

/** A platform id as a filter value. */
export const externalIdParam = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^\p{Cc}]+$/u, 'must be printable text');
