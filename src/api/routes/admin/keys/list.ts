// GET /admin/keys: keys and admin tokens, never their secrets.
import { z } from 'zod';
import type { ApiApp } from '../../../context.ts';
import { keyViewSchema, listApiKeys } from '../../../keys.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { booleanParam } from '../../../schemas.ts';

export default (app: ApiApp) =>
  app.get(
    '/admin/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'API keys and admin tokens',
        querystring: z.object({ includeRevoked: booleanParam.describe('true: revoked keys too') }).strict(),
        response: { 200: z.object({ data: z.array(keyViewSchema) }).strict() },
      },
      config: { access: { family: 'admin' } },
    },
    async (request) => {
      // lastUsedAt comes from the audit trail, whose rows are written in batches: write what is pending first.
      await app.api.audit.flush();
      const data = await listApiKeys(app.api.svc.store, { includeRevoked: request.query.includeRevoked });
      noteAudit(request, { resourceIds: data.map((k) => k.id), records: data.length });
      return { data };
    },
  );
