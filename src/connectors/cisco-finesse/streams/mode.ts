// Each stream reads one way per mode (reference/cisco-finesse-api.md §7): admin mode through the
// configuration APIs, team mode through what an agent or supervisor may read of its own teams.
import { MissingPermissionError } from '../../../engine/errors.ts';
import type { XmlNode } from '../../../engine/xml.ts';
import type { TaggedRecord } from '../../../model.ts';
import type { StreamBatch, StreamContext, StreamDefinition } from '../../connector.ts';
import { readOwnUser } from '../account.ts';
import { listItems } from '../api.ts';
import { modeOf } from '../endpoints.ts';
import { ADMINISTRATOR, TEAM_MEMBER } from '../permissions.ts';

/**
 * Every stream takes either role: a member of the teams it reads, or the administrator. The least
 * privilege comes first: it is the one the setup guide asks for, the other being accepted instead.
 */
export const requires = { any: [TEAM_MEMBER, ADMINISTRATOR] };

type Read = (ctx: StreamContext) => AsyncIterable<StreamBatch>;

/**
 * In admin mode a role refusal (401 ApiErrors `Authorization Failure`) is taken at its word only once the
 * account has read its own User: Finesse documents that 401 also for a caller it did not authenticate
 * (§4), and a wrong password read as "not an administrator" would be sent again by every stream. A
 * refusal of its own record turns into a rejected credential (account.ts), which stops everything.
 */
export function byMode(read: { admin: Read; team: Read }): StreamDefinition['read'] {
  return async function* readByMode(ctx) {
    if (modeOf(ctx.settings) === 'team') {
      yield* read.team(ctx);
      return;
    }
    try {
      yield* read.admin(ctx);
    } catch (err) {
      if (err instanceof MissingPermissionError) await readOwnUser(ctx.http, ctx.settings.username ?? '');
      throw err;
    }
  };
}

/** Admin mode over one whole list (`Users`, `Teams`): one request, one batch. */
export function wholeList(root: string, item: string, toRecord: (node: XmlNode) => TaggedRecord | undefined): Read {
  return async function* readWholeList(ctx) {
    const records = (await listItems(ctx.http, root, item)).flatMap((node) => toRecord(node) ?? []);
    yield { records, pages: 1, total: records.length };
  };
}
