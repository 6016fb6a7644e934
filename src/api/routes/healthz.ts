// GET /healthz: the process answers (for liveness probes; says nothing about the store).
import { z } from 'zod';
import type { ApiApp } from '../context.ts';

export default (app: ApiApp) =>
  app.get(
    '/healthz',
    {
      schema: { tags: ['health'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }).strict() } },
      config: { access: { family: 'public' } },
    },
    async () => ({ status: 'ok' as const }),
  );
