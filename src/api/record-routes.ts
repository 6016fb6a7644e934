// The list and single-record routes of synced entities, made from one description per resource, so that
// every resource pages, filters, scopes, masks and audits the same way.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Entity } from '../model.ts';
import type { RecordPageQuery } from '../store/index.ts';
import { connectionScope, maySee, recordId, recordIdSchema } from './access.ts';
import type { ApiApp, RouteModule } from './context.ts';
import { ApiError, notFound } from './errors.ts';
import { noteAudit } from './plugins/audit.ts';
import { alsoRead, recordJsonText, recordSchemas, recordView, type PresentedEntity } from './records.ts';
import { includeParam, itemOf, listQuery, pageOf, booleanParam } from './schemas.ts';
import type { Scope } from './scopes.ts';

export interface Resource<E extends PresentedEntity> {
  entity: E;
  /** The URL segment: /v1/<path>. */
  path: string;
  /** In messages and error codes: `no agent …`, `agent_not_found`. */
  title: string;
  scope: Scope;
}

/** Filters and order a resource adds to its list, from its extra query parameters. */
export interface ListExtras<S extends z.ZodRawShape> {
  query: S;
  page(q: z.infer<z.ZodObject<S>>): Pick<RecordPageQuery<Entity>, 'orderBy' | 'equals' | 'contains' | 'ranges'>;
  refine?(q: z.infer<z.ZodObject<S>>): string | undefined;
  description: string;
}

/**
 * Record answers are JSON text the database wrote (store/json-view.ts), sent as they are: the route's
 * response schema documents them (and tests check them against it), but no serialiser rebuilds them.
 */
const sendJsonText = (reply: FastifyReply, text: string) => reply.type('application/json; charset=utf-8').send(text);

const externalIdKey = z.string().min(1).max(600);
const cursorKey = (ordered: boolean) =>
  (ordered ? z.tuple([z.string().datetime(), z.string().uuid(), externalIdKey]) : z.tuple([z.string().uuid(), externalIdKey])) as z.ZodType<
    string[]
  >;

/** pii:read unmasks; include=raw needs it too, since payloads carry personal data the model does not name. */
function disclosure(request: FastifyRequest, include: 'raw' | undefined) {
  const pii = request.principal?.scopes.has('pii:read') ?? false;
  if (include === 'raw' && !pii) throw new ApiError(403, 'missing_scope', 'include=raw needs the pii:read scope');
  return { pii, raw: include === 'raw' };
}

export function listRoute<E extends PresentedEntity, S extends z.ZodRawShape = Record<never, never>>(
  resource: Resource<E>,
  extras?: ListExtras<S>,
): RouteModule {
  const url = `/v1/${resource.path}`;
  const base = z.object({
    ...listQuery,
    includeDeleted: booleanParam.describe('true: records the platform no longer lists too'),
    include: includeParam,
  });
  const query = base
    .extend(extras?.query ?? ({} as S))
    .strict()
    .superRefine((q, ctx) => {
      const problem = extras?.refine?.(q as z.infer<z.ZodObject<S>>);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
  return (app: ApiApp) =>
    app.get(
      url,
      {
        schema: {
          tags: [resource.path],
          summary: `List ${resource.title}s`,
          description: extras?.description,
          querystring: query,
          response: { 200: pageOf(recordSchemas[resource.entity]) },
        },
        config: { access: { family: 'v1', scope: resource.scope } },
      },
      async (request, reply) => {
        // include changes what a record shows, not which records: it may differ from page to page.
        const { cursor, limit, include, ...filters } = request.query as z.infer<typeof base> & Record<string, unknown>;
        const shown = disclosure(request, include);
        const connectionIds = await connectionScope(request, filters.connection);
        const page = extras?.page(filters as z.infer<z.ZodObject<S>>) ?? {};
        const after =
          cursor === undefined ? undefined : app.api.cursors.decode(cursor, url, filters, cursorKey(page.orderBy !== undefined));
        // One more than asked tells whether another page exists without an empty last page.
        const found = await app.api.svc.store.pages.records({
          entity: resource.entity,
          connectionIds,
          includeDeleted: filters.includeDeleted ?? false,
          after,
          limit: limit + 1,
          view: recordView(resource.entity, shown),
          also: alsoRead(resource.entity),
          ...page,
        });
        const records = found.records.slice(0, limit);
        const last = found.keys[limit - 1];
        noteAudit(request, {
          connectionIds: records.map((r) => r.connectionId),
          resourceIds: records.map((r) => recordId(r.connectionId, r.externalId)),
          records: records.length,
        });
        const nextCursor = found.records.length > limit && last ? app.api.cursors.encode(url, filters, last) : null;
        const data = records.map((r) => recordJsonText(resource.entity, r)).join(',');
        return sendJsonText(reply, `{"data":[${data}],"nextCursor":${JSON.stringify(nextCursor)}}`);
      },
    );
}

export function getRoute<E extends PresentedEntity>(resource: Resource<E>): RouteModule {
  return (app: ApiApp) =>
    app.get(
      `/v1/${resource.path}/:id`,
      {
        schema: {
          tags: [resource.path],
          summary: `One ${resource.title}, deleted or not`,
          params: z.object({ id: recordIdSchema }).strict(),
          querystring: z.object({ include: includeParam }).strict(),
          response: { 200: itemOf(recordSchemas[resource.entity]) },
        },
        config: { access: { family: 'v1', scope: resource.scope } },
      },
      async (request, reply) => {
        const { connectionId, externalId } = request.params.id;
        const shown = disclosure(request, request.query.include);
        const [found] = (await maySee(request, connectionId))
          ? (
              await app.api.svc.store.pages.records({
                entity: resource.entity,
                connectionIds: [connectionId],
                includeDeleted: true,
                equals: { externalId },
                limit: 1,
                view: recordView(resource.entity, shown),
                also: alsoRead(resource.entity),
              })
            ).records
          : [];
        if (!found) throw notFound(resource.title, recordId(connectionId, externalId));
        noteAudit(request, { connectionIds: [connectionId], resourceIds: [recordId(connectionId, externalId)], records: 1 });
        return sendJsonText(reply, `{"data":${recordJsonText(resource.entity, found)}}`);
      },
    );
}

/** A record of a connection the caller may see; undefined for any other, exactly as for a missing one. */
export async function findRecord<E extends Entity>(request: FastifyRequest, entity: E, connectionId: string, externalId: string) {
  return (await maySee(request, connectionId)) ? request.server.api.svc.store.records.get(connectionId, entity, externalId) : undefined;
}
