// GET /v1/connections/{id}: one connection (by id or name), with its health.
import { z } from 'zod';
import { connectionRefSchema, requireConnection } from '../../../access.ts';
import { connectionSchema, viewConnection } from '../../../connection-view.ts';
import type { ApiApp } from '../../../context.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { itemOf } from '../../../schemas.ts';

export default (app: ApiApp) =>
  app.get(
    '/v1/connections/:id',
    {
      schema: {
        tags: ['connections'],
        summary: 'One connection, by id or name',
        params: z.object({ id: connectionRefSchema }).strict(),
        querystring: z.object({}).strict(),
        response: { 200: itemOf(connectionSchema) },
      },
      config: { access: { family: 'v1' } },
    },
    async (request) => {
      const row = await requireConnection(request, request.params.id);
      noteAudit(request, { connectionIds: [row.id], resourceIds: [row.id], records: 1 });
      return { data: await viewConnection(app.api.svc.store, row) };
    },
  );
