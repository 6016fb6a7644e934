// GET /v1/sync-runs: what each sync of the key's connections did, newest first.
import { z } from 'zod';
import { connectionScope } from '../../../access.ts';
import type { ApiApp } from '../../../context.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { listQuery, pageOf } from '../../../schemas.ts';

const runSchema = z
  .object({
    id: z.string().uuid(),
    connectionId: z.string().uuid(),
    stream: z.string(),
    status: z.enum(['running', 'succeeded', 'failed', 'skipped']).describe('running also for a run whose process died'),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime().nullable(),
    records: z.number().int(),
    pages: z.number().int(),
    error: z.string().nullable().describe('why a run failed or was skipped'),
  })
  .strict();

const cursorKey = z.tuple([z.string().regex(/^\d{1,15}$/)]) as z.ZodType<string[]>;

export default (app: ApiApp) =>
  app.get(
    '/v1/sync-runs',
    {
      schema: {
        tags: ['sync-runs'],
        summary: 'Sync runs, newest first',
        querystring: z
          .object({
            ...listQuery,
            stream: z
              .string()
              .max(64)
              .regex(/^[a-z][a-z0-9-]*$/, 'must be a stream name')
              .optional(),
            status: runSchema.shape.status.optional(),
          })
          .strict(),
        response: { 200: pageOf(runSchema) },
      },
      config: { access: { family: 'v1', scope: 'health:read' } },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      const connectionIds = await connectionScope(request, filters.connection);
      const before = cursor === undefined ? undefined : Number(app.api.cursors.decode(cursor, '/v1/sync-runs', filters, cursorKey)[0]);
      const runs = await app.api.svc.store.sync.pageRuns({
        connectionIds,
        stream: filters.stream,
        status: filters.status,
        beforeSeq: before,
        limit: limit + 1,
      });
      const data = runs.slice(0, limit).map(({ seq: _seq, details: _details, ...run }) => ({
        ...run,
        startedAt: run.startedAt.toISOString(),
        finishedAt: run.finishedAt?.toISOString() ?? null,
      }));
      const last = runs[limit - 1];
      noteAudit(request, { connectionIds: data.map((r) => r.connectionId), resourceIds: data.map((r) => r.id), records: data.length });
      return {
        data,
        nextCursor: runs.length > limit && last ? app.api.cursors.encode('/v1/sync-runs', filters, [String(last.seq)]) : null,
      };
    },
  );
