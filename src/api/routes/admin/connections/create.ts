// POST /admin/connections: add a connection, validated and encrypted by the same code as
// `switchboard connections add`. Its secrets travel in the body (use TLS in front of a non-loopback
// server) and are scrubbed from logs from then on.
import { z } from 'zod';
import { connectors, requireConnector } from '../../../../connectors/catalog.ts';
import { addConnection } from '../../../../connections/service.ts';
import { InvalidSettingsError } from '../../../../connections/settings.ts';
import { normalizeFeatures } from '../../../../doctor/features.ts';
import { registerSecret } from '../../../../log.ts';
import { NameTakenError } from '../../../../store/index.ts';
import { connectionSchema, viewConnection } from '../../../connection-view.ts';
import type { ApiApp } from '../../../context.ts';
import { ApiError } from '../../../errors.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { itemOf } from '../../../schemas.ts';

const platforms = connectors.map((c) => c.id) as [string, ...string[]];

const body = z
  .object({
    platform: z.enum(platforms),
    name: z.string().min(1).max(63),
    settings: z.record(z.string().max(65_536)).describe("the connector's settings by field name, as `connections add` takes them"),
    secrets: z.record(z.string().min(1).max(8192)).describe("the connector's secrets by field name"),
    features: z.array(z.string().max(64)).max(32).optional().describe('what to sync; default everything'),
    allowInsecureHttp: z.boolean().optional(),
  })
  .strict();

export default (app: ApiApp) =>
  app.post(
    '/admin/connections',
    {
      schema: { tags: ['admin'], summary: 'Add a connection', body, response: { 201: itemOf(connectionSchema) } },
      config: { access: { family: 'admin' } },
    },
    async (request, reply) => {
      const input = request.body;
      Object.values(input.secrets).forEach(registerSecret);
      const connector = requireConnector(input.platform);
      let features: string[];
      try {
        features = normalizeFeatures(connector, input.features);
      } catch (err) {
        throw new ApiError(400, 'invalid_features', (err as Error).message);
      }
      try {
        const row = await addConnection(app.api.svc, { ...input, settings: input.settings });
        const saved = await app.api.svc.store.connections.setFeatures(row.id, features);
        app.api.recent.connections.forget();
        noteAudit(request, { connectionIds: [row.id], resourceIds: [row.id], records: 1 });
        return reply.code(201).send({ data: await viewConnection(app.api.svc.store, saved) });
      } catch (err) {
        if (err instanceof InvalidSettingsError) throw new ApiError(400, 'invalid_settings', err.message);
        if (err instanceof NameTakenError) throw new ApiError(409, 'name_taken', err.message);
        throw err;
      }
    },
  );
