// GET /openapi.json: the OpenAPI 3.1 document, generated from the zod schemas that validate requests.
import type { ApiApp } from '../context.ts';

export default (app: ApiApp) =>
  app.get('/openapi.json', { schema: { hide: true }, config: { access: { family: 'public' } } }, async () => app.swagger());
