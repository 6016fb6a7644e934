// Reason codes and wrap-up reasons are read the same way (reference/cisco-finesse-api.md §3.6–§3.10):
// admin mode lists them all and learns each team's assignments from Team/{id}/…; team mode reads the
// team-level copy (TeamResource, 12.5+) of each team it belongs to, or before 12.5 its own user-scoped list.
import type { QueryValue } from '../../../engine/types.ts';
import { xmlList, xmlNode, type XmlNode } from '../../../engine/xml.ts';
import type { TaggedRecord } from '../../../model.ts';
import type { StreamBatch, StreamContext, StreamDefinition } from '../../connector.ts';
import { noReadableTeam, openTeamScope, refusalOf, scopeLabel, type TeamRef, type Unreadable } from '../account.ts';
import { enc, getXml, idOf, isTrue, listItems } from '../api.ts';
import { isTeamNotFound, readApiError } from '../errors.ts';
import { byMode, requires } from './mode.ts';

export interface CodeKind {
  /** Root of the lists, and the item element: `ReasonCodes`/`ReasonCode`, `WrapUpReasons`/`WrapUpReason`. */
  list: 'ReasonCodes' | 'WrapUpReasons';
  item: 'ReasonCode' | 'WrapUpReason';
  /** Each list is asked for once per category (the parameter is required for reason codes, §3); [null] for none. */
  categories: readonly (string | null)[];
  map(item: XmlNode, category: string | null, teamIds: Iterable<string>): TaggedRecord | undefined;
}

interface Seen {
  item: XmlNode;
  category: string | null;
  teams: Set<string>;
}

/** Codes by id across lists: the first list's item is kept as raw, the teams of every list are joined. */
class Codes {
  private readonly byId = new Map<string, Seen>();
  constructor(private readonly kind: CodeKind) {}

  add(doc: XmlNode, category: string | null, teamId?: string): void {
    for (const item of xmlList(xmlNode(doc[this.kind.list])?.[this.kind.item])) {
      const id = idOf(item);
      if (!id) continue;
      const seen = this.byId.get(id) ?? { item, category, teams: new Set<string>() };
      if (teamId) seen.teams.add(teamId);
      this.byId.set(id, seen);
    }
  }

  /** Keeps only the codes every team sees (forAll), for a list that also holds a team outside the scope. */
  keepGlobalOnly(isGlobal: (item: XmlNode) => boolean): void {
    for (const [id, seen] of this.byId) if (!isGlobal(seen.item)) this.byId.delete(id);
  }

  records(): TaggedRecord[] {
    return [...this.byId.values()].flatMap((s) => this.kind.map(s.item, s.category, s.teams) ?? []);
  }
}

const categoryQuery = (category: string | null): Record<string, QueryValue> | undefined => (category ? { category } : undefined);

/**
 * GET /finesse/api/ReasonCodes?category=NOT_READY and …=LOGOUT (`ALL` is only observed on UCCX), or
 * /WrapUpReasons; then /Teams and, per team, /Team/{id}/ReasonCodes?category=… or /Team/{id}/WrapUpReasons
 * for the assignments. A team deleted between the calls (404) is passed over.
 * https://developer.cisco.com/docs/finesse/reasoncode/ · https://developer.cisco.com/docs/finesse/wrapupreason/
 * · https://developer.cisco.com/docs/finesse/teamnotreadyreasoncode/
 */
export async function* adminCodes(ctx: StreamContext, kind: CodeKind): AsyncIterable<StreamBatch> {
  const codes = new Codes(kind);
  let pages = 0;
  for (const category of kind.categories) {
    codes.add((await getXml(ctx.http, kind.list, { query: categoryQuery(category) })).doc, category);
    pages++;
  }
  const teams = await listItems(ctx.http, 'Teams', 'Team');
  pages++;
  for (const team of teams) {
    const teamId = idOf(team);
    if (!teamId) continue;
    for (const category of kind.categories) {
      const res = await getXml(ctx.http, `Team/${enc(teamId)}/${kind.list}`, { query: categoryQuery(category), acceptStatuses: [404] });
      pages++;
      if (res.status === 404) break;
      codes.add(res.doc, category, teamId);
    }
  }
  const records = codes.records();
  yield { records, pages, total: records.length };
}

type TeamAnswer = 'read' | 'no-team-resource' | Unreadable['why'];

/**
 * GET /finesse/api/TeamResource/{teamId}/ReasonCodes?category=… or /WrapUpReasons (12.5+, members of
 * the team; the exact suffixes are UNCONFIRMED, §3.8). 404 `TeamId Not Found` is a missing team; any
 * other 404 means this Finesse has no TeamResource API. Whether supervising a team counts as being
 * "part of" it is UNCONFIRMED: supervised teams are tried too, and a refusal makes a team unreadable,
 * not the stream a failure. A team's lists count only once all of them were read.
 * https://developer.cisco.com/docs/finesse/teamresource/
 */
async function readTeamResource(
  ctx: StreamContext,
  kind: CodeKind,
  team: TeamRef,
): Promise<{ answer: TeamAnswer; pages: number; lists: { doc: XmlNode; category: string | null }[] }> {
  const lists: { doc: XmlNode; category: string | null }[] = [];
  try {
    for (const category of kind.categories) {
      const res = await getXml(ctx.http, `TeamResource/${enc(team.id)}/${kind.list}`, {
        query: categoryQuery(category),
        acceptStatuses: [404],
      });
      if (res.status === 404) {
        const answer = isTeamNotFound(readApiError(res.errorBody)) ? 'not found' : 'no-team-resource';
        return { answer, pages: lists.length + 1, lists: [] };
      }
      lists.push({ doc: res.doc, category });
    }
    return { answer: 'read', pages: lists.length, lists };
  } catch (err) {
    const why = refusalOf(err);
    if (!why) throw err;
    return { answer: why, pages: lists.length + 1, lists: [] };
  }
}

/**
 * Team mode: the global codes and those of each team the account may read, each team through its
 * TeamResource. Where TeamResource is missing (before 12.5), the deprecated user-scoped list:
 * GET /finesse/api/User/{id}/ReasonCodes?category=… or /User/{id}/WrapUpReasons gives the global codes and
 * those of the account's own team only (§3.9). https://developer.cisco.com/docs/finesse/user/
 */
export async function* teamCodes(ctx: StreamContext, kind: CodeKind): AsyncIterable<StreamBatch> {
  const scope = await openTeamScope(ctx.http, ctx.settings);
  let pages = 1;
  let codes = new Codes(kind);
  let readable: TeamRef[] = [];
  let unreadable: Unreadable[] = [];
  let teamResource = true;
  for (const team of scope.candidates) {
    const { answer, pages: used, lists } = await readTeamResource(ctx, kind, team);
    pages += used;
    if (answer === 'no-team-resource') {
      teamResource = false;
      break;
    }
    for (const { doc, category } of lists) codes.add(doc, category, team.id);
    if (answer === 'read') readable.push(team);
    else unreadable.push({ team, why: answer });
  }
  let what: string | undefined;
  if (!teamResource) {
    const own = scope.candidates.find((t) => t.own);
    codes = new Codes(kind);
    for (const category of kind.categories) {
      codes.add(
        (await getXml(ctx.http, `User/${enc(scope.self.id)}/${kind.list}`, { query: categoryQuery(category) })).doc,
        category,
        own?.id,
      );
      pages++;
    }
    // The user-scoped list holds the own team's codes even when --team-id leaves that team out.
    if (!own) codes.keepGlobalOnly((item) => isTrue(item.forAll));
    readable = own ? [own] : [];
    unreadable = scope.candidates
      .filter((t) => t !== own)
      .map((team) => ({ team, why: 'not readable before Finesse 12.5 (no TeamResource API)' }));
    what = 'global codes only';
  } else if (!readable.length) {
    throw noReadableTeam(scope, unreadable, ctx.settings, `/finesse/api/TeamResource`);
  }
  const records = codes.records();
  yield { records, pages, total: records.length, scope: scopeLabel(scope.self, readable, unreadable, what) };
}

/** A snapshot stream of codes, read per mode. */
export function codeStream(def: Pick<StreamDefinition, 'name' | 'entities' | 'description'>, kind: CodeKind): StreamDefinition {
  return {
    ...def,
    kind: 'snapshot',
    requires,
    read: byMode({ admin: (ctx) => adminCodes(ctx, kind), team: (ctx) => teamCodes(ctx, kind) }),
  };
}
