// GET /metrics: Prometheus exposition (plugins/metrics.ts says what is measured).
import type { ApiApp } from '../context.ts';

export default (app: ApiApp) =>
  app.get(
    '/metrics',
    { schema: { tags: ['health'], summary: 'Prometheus metrics' }, config: { access: { family: 'public' } } },
    async (_request, reply) => {
      const registry = app.api.metrics.registry;
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
