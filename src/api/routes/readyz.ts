// GET /readyz: the store answers a query (for readiness probes and load balancers).
import { sql } from '../../store/kysely.ts';
import { z } from 'zod';
import type { ApiApp } from '../context.ts';
import { ApiError, errorBodySchema } from '../errors.ts';

export default (app: ApiApp) =>
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the store is reachable',
        response: { 200: z.object({ status: z.literal('ready') }).strict(), 503: errorBodySchema },
      },
      config: { access: { family: 'public' } },
    },
    async (request) => {
      try {
        await sql`select 1`.execute(app.api.svc.store.db);
      } catch (err) {
        request.log.warn({ err }, 'store unreachable');
        throw new ApiError(503, 'store_unavailable', 'the store does not answer');
      }
      return { status: 'ready' as const };
    },
  );
