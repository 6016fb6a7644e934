// GET /v1/connections/{id}/doctor: the latest stored doctor report (by `switchboard doctor` or the check
// before a sync). Served as stored: running the doctor calls the platform, which a read API must not do.
import { z } from 'zod';
import { connectionRefSchema, requireConnection } from '../../../access.ts';
import type { ApiApp } from '../../../context.ts';
import { ApiError } from '../../../errors.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { itemOf } from '../../../schemas.ts';

const doctorSchema = z
  .object({
    connectionId: z.string().uuid(),
    checkedAt: z.string().datetime(),
    trigger: z.enum(['doctor', 'sync']),
    status: z.string().describe('ok, or failing when a chosen feature misses something'),
    report: z.record(z.unknown()).describe('the report `switchboard doctor --json` prints'),
  })
  .strict();

export default (app: ApiApp) =>
  app.get(
    '/v1/connections/:id/doctor',
    {
      schema: {
        tags: ['connections'],
        summary: "The connection's latest doctor report",
        params: z.object({ id: connectionRefSchema }).strict(),
        querystring: z.object({}).strict(),
        response: { 200: itemOf(doctorSchema) },
      },
      config: { access: { family: 'v1', scope: 'health:read' } },
    },
    async (request) => {
      const row = await requireConnection(request, request.params.id);
      noteAudit(request, { connectionIds: [row.id], resourceIds: [row.id] });
      const [latest] = await app.api.svc.store.doctor.history(row.id, 1);
      if (!latest)
        throw new ApiError(404, 'doctor_report_not_found', `no doctor report for ${row.name} yet; run \`switchboard doctor ${row.name}\``);
      noteAudit(request, { records: 1 });
      return {
        data: {
          connectionId: row.id,
          checkedAt: latest.checkedAt.toISOString(),
          trigger: latest.trigger,
          status: latest.status,
          report: latest.report as Record<string, unknown>,
        },
      };
    },
  );
