// POST /admin/keys: a data key, shown once in this response. Admin tokens are only made by the CLI
// (`switchboard keys create --admin`), by someone with access to the server's data.
import { z } from 'zod';
import type { ApiApp } from '../../../context.ts';
import { ApiError } from '../../../errors.ts';
import { createApiKey, KeyInputError, keyViewSchema } from '../../../keys.ts';
import { registerSecret } from '../../../../log.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { SCOPES } from '../../../scopes.ts';
import { itemOf } from '../../../schemas.ts';

const body = z
  .object({
    name: z.string().min(1).max(63),
    scopes: z.array(z.string().max(64)).min(1).max(16).describe(Object.keys(SCOPES).join(', ')),
    connections: z.array(z.string().max(63)).max(256).optional().describe('names or ids; default every connection'),
    expires: z.string().max(40).optional().describe('90d, 12h, 30m or a date; default never'),
    rateLimitPerMinute: z.number().int().optional(),
  })
  .strict();

export default (app: ApiApp) =>
  app.post(
    '/admin/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API key (the key is in this response only)',
        body,
        response: { 201: itemOf(keyViewSchema.extend({ key: z.string().describe('store it now: it cannot be shown again') })) },
      },
      config: { access: { family: 'admin' } },
    },
    async (request, reply) => {
      try {
        const { key, view } = await createApiKey(app.api.svc.store, request.body);
        registerSecret(key);
        noteAudit(request, { resourceIds: [view.id], records: 1 });
        return reply.code(201).send({ data: { ...view, key } });
      } catch (err) {
        if (err instanceof KeyInputError) throw new ApiError(400, 'invalid_key_request', err.message);
        throw err;
      }
    },
  );
