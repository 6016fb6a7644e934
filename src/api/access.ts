// Which connections a request may see, and the API's record ids. Every data route goes through here, so
// a key restricted to some connections can never read another's data: a connection it may not see
// answers exactly like one that does not exist.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConnectionRow } from '../store/index.ts';
import { ApiError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** No control characters (PostgreSQL refuses NUL in text; none belongs in an id). */
const PRINTABLE = /^[^\p{Cc}]+$/u;

export const uuidSchema = z.string().toLowerCase().regex(UUID, 'must be a uuid');

/** A connection by its id or its name. */
export const connectionRefSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be a connection id or name');

/** Records are keyed by (connection, platform id): an API id joins the two, `<connection id>:<external id>`. */
export const recordId = (connectionId: string, externalId: string) => `${connectionId}:${externalId}`;

export const recordIdSchema = z
  .string()
  .max(600)
  .regex(PRINTABLE, 'must be printable text')
  .transform((value, ctx) => {
    const connectionId = value.slice(0, 36).toLowerCase();
    const externalId = value.slice(37);
    if (!UUID.test(connectionId) || value[36] !== ':' || !externalId) {
      ctx.addIssue({ code: 'custom', message: 'must be <connection id>:<external id>, as the record lists give it' });
      return z.NEVER;
    }
    return { connectionId, externalId };
  });

/** The connections the caller's key may see (all of them for a key made without --connection). */
export async function permittedConnections(request: FastifyRequest): Promise<ConnectionRow[]> {
  return permitted(request, await request.server.api.svc.store.connections.list());
}

function permitted<C extends { id: string }>(request: FastifyRequest, all: C[]): C[] {
  const principal = request.principal;
  if (!principal) throw new Error('permittedConnections needs an authenticated route');
  const allowed = principal.connectionIds;
  return allowed === null ? all : all.filter((c) => allowed.includes(c.id));
}

/** By id or name; 404 otherwise, whether or not it exists. */
function named<C extends { id: string; name: string }>(rows: C[], ref: string): C {
  const lower = ref.toLowerCase();
  const row = rows.find((c) => c.id === lower || c.name === ref);
  if (!row) throw new ApiError(404, 'connection_not_found', `no connection ${JSON.stringify(ref)}`);
  return row;
}

/** One connection the caller may see, by id or name; 404 otherwise, whether or not it exists. */
export async function requireConnection(request: FastifyRequest, ref: string): Promise<ConnectionRow> {
  return named(await permittedConnections(request), ref);
}

/**
 * The ids of the connections a list covers: the one the `connection` filter names, or every permitted
 * one. From the recently read list (recent.ts): record reads need no more than ids and names.
 */
export async function connectionScope(request: FastifyRequest, ref?: string): Promise<string[]> {
  const rows = permitted(request, (await request.server.api.recent.connections.get('all')) ?? []);
  return ref === undefined ? rows.map((c) => c.id) : [named(rows, ref).id];
}

/** Whether the caller's key may see this connection's records (one it may not see answers as a missing one). */
export async function maySee(request: FastifyRequest, connectionId: string): Promise<boolean> {
  return (await connectionScope(request)).includes(connectionId);
}
