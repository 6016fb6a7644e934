// A connection as the API shows it: what it is and how it is doing, never its secrets nor its settings
// (hosts, tenant ids and client ids say more about a tenant than an app needs to know).
import { z } from 'zod';
import { requireConnector } from '../connectors/catalog.ts';
import { connectionFeatures } from '../doctor/features.ts';
import type { ConnectionRow, Store } from '../store/index.ts';
import { permittedConnections } from './access.ts';
import type { RouteAccess, RouteModule } from './context.ts';
import { noteAudit } from './plugins/audit.ts';

export const connectionSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    platform: z.string(),
    features: z.array(z.string()).describe('what the connection syncs'),
    status: z.enum(['new', 'ok', 'auth_failed', 'error']),
    statusReason: z.string().nullable(),
    statusAt: z.string().datetime().nullable(),
    lastSync: z
      .object({ stream: z.string(), status: z.string(), startedAt: z.string().datetime(), finishedAt: z.string().datetime().nullable() })
      .strict()
      .nullable()
      .describe('the latest stream run'),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .strict();

export async function viewConnection(store: Store, row: ConnectionRow): Promise<z.infer<typeof connectionSchema>> {
  const [last] = await store.sync.listRuns({ connectionId: row.id, limit: 1 });
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    features: connectionFeatures(requireConnector(row.platform), row.features),
    status: row.status,
    statusReason: row.statusReason,
    statusAt: row.statusAt?.toISOString() ?? null,
    lastSync: last
      ? {
          stream: last.stream,
          status: last.status,
          startedAt: last.startedAt.toISOString(),
          finishedAt: last.finishedAt?.toISOString() ?? null,
        }
      : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** GET /v1/connections (a key's own) and GET /admin/connections (all: an admin token is restricted to none). */
export function listConnectionsRoute(url: string, access: RouteAccess, summary: string): RouteModule {
  return (app) =>
    app.get(
      url,
      {
        schema: {
          tags: [access.family === 'admin' ? 'admin' : 'connections'],
          summary,
          querystring: z.object({}).strict(),
          response: { 200: z.object({ data: z.array(connectionSchema) }).strict() },
        },
        config: { access },
      },
      async (request) => {
        const rows = await permittedConnections(request);
        const data = await Promise.all(rows.map((row) => viewConnection(app.api.svc.store, row)));
        noteAudit(request, { connectionIds: data.map((c) => c.id), resourceIds: data.map((c) => c.id), records: data.length });
        return { data };
      },
    );
}
