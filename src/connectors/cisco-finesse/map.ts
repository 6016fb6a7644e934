// Finesse XML objects (as parsed by api.ts) → unified records (reference/cisco-finesse-api.md §3).
import type { XmlNode } from '../../engine/xml.ts';
import type { Agent, ReasonCode, Team, WrapUpCode } from '../../model.ts';
import { idOf, isTrue, lastSegment, textOf } from './api.ts';

/** A User (GET /User/{id}, /Users) or a Team's member summary; keyed by its login id. */
export function mapUser(u: XmlNode, teamId: string | null = null): Agent | undefined {
  const id = textOf(u.loginId) ?? lastSegment(textOf(u.uri));
  if (!id) return undefined;
  const name = [textOf(u.firstName), textOf(u.lastName)].filter(Boolean).join(' ');
  return {
    externalId: id,
    raw: u,
    name: name || textOf(u.loginName) || id,
    // Finesse keeps no e-mail address for a user.
    email: null,
    username: textOf(u.loginName),
    // A Finesse user is configured or gone; LOGOUT/NOT_READY are its agent state, not its account's.
    state: 'active',
    divisionId: null,
    teamId: textOf(u.teamId) ?? teamId,
  };
}

export function mapTeam(t: XmlNode): Team | undefined {
  const id = idOf(t);
  if (!id) return undefined;
  return { externalId: id, raw: t, name: textOf(t.name) ?? id, divisionId: null };
}

/** Distinct, in numeric order (team ids are digits). */
const teamList = (ids: Iterable<string>): string[] => [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

const CATEGORY: Record<string, ReasonCode['category']> = { NOT_READY: 'not_ready', LOGOUT: 'logout' };

/**
 * A ReasonCode; `listCategory` is the category the list was asked for, used when the item does not
 * say (the user-scoped lists carry it on the root only). System codes (32767 Device Conflict…) are
 * listed by real servers (§3.6) and kept, flagged. Teams are those whose lists hold the code; a global
 * (`forAll`) code has none.
 */
export function mapReasonCode(rc: XmlNode, listCategory: string | null, teamIds: Iterable<string>): ReasonCode | undefined {
  const id = idOf(rc);
  if (!id) return undefined;
  const category = (textOf(rc.category) ?? listCategory ?? '').toUpperCase();
  const code = textOf(rc.code);
  return {
    externalId: id,
    raw: rc,
    name: textOf(rc.label) ?? code ?? id,
    category: CATEGORY[category] ?? 'other',
    isSystem: isTrue(rc.systemCode),
    active: true,
    code,
    teamIds: isTrue(rc.forAll) ? [] : teamList(teamIds),
  };
}

export function mapWrapUpReason(w: XmlNode, teamIds: Iterable<string>): WrapUpCode | undefined {
  const id = idOf(w);
  if (!id) return undefined;
  return {
    externalId: id,
    raw: w,
    name: textOf(w.label) ?? id,
    divisionId: null,
    teamIds: isTrue(w.forAll) ? [] : teamList(teamIds),
  };
}
