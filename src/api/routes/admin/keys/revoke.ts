// DELETE /admin/keys/{id}: revoke a key (effective on its next request). The row stays for the audit trail.
import { z } from 'zod';
import type { ApiApp } from '../../../context.ts';
import { ApiError } from '../../../errors.ts';
import { KeyInputError, keyViewSchema, revokeApiKey } from '../../../keys.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { itemOf } from '../../../schemas.ts';

export default (app: ApiApp) =>
  app.delete(
    '/admin/keys/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API key or admin token',
        params: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'must be a key id, as GET /admin/keys lists them') }).strict(),
        response: { 200: itemOf(keyViewSchema) },
      },
      config: { access: { family: 'admin' } },
    },
    async (request) => {
      try {
        const view = await revokeApiKey(app.api.svc.store, request.params.id);
        app.api.recent.keys.forget(view.id);
        noteAudit(request, { resourceIds: [view.id], records: 1 });
        return { data: view };
      } catch (err) {
        if (err instanceof KeyInputError) throw new ApiError(404, 'key_not_found', err.message);
        throw err;
      }
    },
  );
