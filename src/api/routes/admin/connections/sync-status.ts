// GET /admin/connections/{id}/sync: whether this server is syncing the connection, and its latest runs.
import { z } from 'zod';
import { connectionRefSchema, requireConnection } from '../../../access.ts';
import type { ApiApp } from '../../../context.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { itemOf } from '../../../schemas.ts';

const runSchema = z
  .object({
    id: z.string().uuid(),
    stream: z.string(),
    status: z.string(),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime().nullable(),
    records: z.number().int(),
    error: z.string().nullable(),
  })
  .strict();

export default (app: ApiApp) =>
  app.get(
    '/admin/connections/:id/sync',
    {
      schema: {
        tags: ['admin'],
        summary: "A connection's sync: running here or not, and its latest runs",
        params: z.object({ id: connectionRefSchema }).strict(),
        querystring: z.object({}).strict(),
        response: { 200: itemOf(z.object({ running: z.boolean(), runs: z.array(runSchema) }).strict()) },
      },
      config: { access: { family: 'admin' } },
    },
    async (request) => {
      const row = await requireConnection(request, request.params.id);
      const runs = await app.api.svc.store.sync.listRuns({ connectionId: row.id, limit: 20 });
      noteAudit(request, { connectionIds: [row.id], resourceIds: [row.id], records: runs.length });
      return {
        data: {
          running: app.api.syncJobs.isRunning(row.id),
          runs: runs.map((r) => ({
            id: r.id,
            stream: r.stream,
            status: r.status,
            startedAt: r.startedAt.toISOString(),
            finishedAt: r.finishedAt?.toISOString() ?? null,
            records: r.records,
            error: r.error,
          })),
        },
      };
    },
  );
