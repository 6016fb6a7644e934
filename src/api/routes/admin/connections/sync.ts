// POST /admin/connections/{id}/sync: start a sync in the background (sync-jobs.ts); 202 at once.
import { z } from 'zod';
import { connectionRefSchema, requireConnection } from '../../../access.ts';
import type { ApiApp } from '../../../context.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { itemOf } from '../../../schemas.ts';

export default (app: ApiApp) =>
  app.post(
    '/admin/connections/:id/sync',
    {
      schema: {
        tags: ['admin'],
        summary: 'Start a sync of a connection',
        description: 'Watch it with GET /admin/connections/{id}/sync, GET /v1/sync-runs or /metrics.',
        params: z.object({ id: connectionRefSchema }).strict(),
        body: z
          .object({
            streams: z.array(z.string().max(64)).max(32).optional().describe("default: the connection's chosen features"),
            full: z.boolean().optional().describe('ignore saved cursors and re-read everything'),
            media: z.boolean().optional().describe('false: recording metadata only'),
          })
          .strict()
          .default({}),
        response: {
          202: itemOf(z.object({ connectionId: z.string().uuid(), streams: z.array(z.string()), status: z.literal('started') }).strict()),
        },
      },
      config: { access: { family: 'admin' } },
    },
    async (request, reply) => {
      const row = await requireConnection(request, request.params.id);
      noteAudit(request, { connectionIds: [row.id], resourceIds: [row.id] });
      const { streams } = app.api.syncJobs.start(row, request.body);
      return reply.code(202).send({ data: { connectionId: row.id, streams, status: 'started' as const } });
    },
  );
