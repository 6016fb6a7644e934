// GET /admin/audit: the audit trail, newest first.
import { z } from 'zod';
import { connectionRefSchema } from '../../../access.ts';
import { AuditQueryError, readAudit } from '../../../audit-trail.ts';
import type { ApiApp } from '../../../context.ts';
import { ApiError } from '../../../errors.ts';
import { KEY_NAME } from '../../../keys.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { limitParam, cursorParam, pageOf } from '../../../schemas.ts';

const entrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string().datetime(),
    keyId: z.string().nullable(),
    keyName: z.string().nullable(),
    method: z.string(),
    route: z.string().nullable().describe('the route pattern; null for a path no route serves'),
    path: z.string(),
    status: z.number().int(),
    errorCode: z.string().nullable(),
    connectionIds: z.array(z.string()),
    resourceIds: z.array(z.string()),
    records: z.number().int(),
    durationMs: z.number().int(),
    ip: z.string().nullable(),
  })
  .strict();

const when = z.string().max(40).describe('24h, 7d, 30m ago, or a date or date-time');
const cursorKey = z.tuple([z.string().regex(/^\d{1,15}$/)]) as z.ZodType<string[]>;

export default (app: ApiApp) =>
  app.get(
    '/admin/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit trail, newest first',
        querystring: z
          .object({
            key: z.string().regex(KEY_NAME, 'must be a key name or id').optional().describe("a key's id or name"),
            connection: connectionRefSchema.optional(),
            since: when.optional(),
            until: when.optional(),
            limit: limitParam,
            cursor: cursorParam,
          })
          .strict(),
        response: { 200: pageOf(entrySchema) },
      },
      config: { access: { family: 'admin' } },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      await app.api.audit.flush();
      const beforeSeq = cursor === undefined ? undefined : Number(app.api.cursors.decode(cursor, '/admin/audit', filters, cursorKey)[0]);
      let rows;
      try {
        rows = await readAudit(app.api.svc.store, { ...filters, beforeSeq, limit: limit + 1 });
      } catch (err) {
        if (err instanceof AuditQueryError) throw new ApiError(400, 'invalid_parameter', err.message);
        throw err;
      }
      const data = rows.slice(0, limit).map((r) => ({ ...r, at: r.at.toISOString() }));
      noteAudit(request, { records: data.length });
      const last = rows[limit - 1];
      return { data, nextCursor: rows.length > limit && last ? app.api.cursors.encode('/admin/audit', filters, [String(last.seq)]) : null };
    },
  );
