// Finesse XML bodies (reference §3): every response starts with the standalone declaration; element
// names and their order follow the documented objects, including their inconsistencies (`ReasonCode` in
// a User, `reasonCode` in a team member summary) and the undocumented `<id>` of a reason code.
import { XMLBuilder } from 'fast-xml-parser';
import type { SimResponse } from '../http-kit.ts';
import { isoTime } from '../iso-time.ts';
import { hashString } from '../random.ts';
import type { DeploymentType, FinReasonCode, FinTeam, FinUser, FinWrapUpReason } from './seed.ts';
import type { FinesseState } from './state.ts';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
/** The exact Content-Type is UNCONFIRMED (reference §3); clients should accept any XML type. */
export const XML_CONTENT_TYPE = 'application/xml';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

export type XmlTree = Record<string, unknown>;

export function xmlResponse(status: number, tree: XmlTree): SimResponse {
  return { status, headers: { 'content-type': XML_CONTENT_TYPE }, body: XML_DECLARATION + (builder.build(tree) as string) };
}

export const API = '/finesse/api';

export function reasonCodeXml(c: FinReasonCode): XmlTree {
  return {
    uri: `${API}/ReasonCode/${c.id}`,
    id: c.id,
    category: c.category,
    code: c.code,
    label: c.label,
    forAll: c.forAll,
    systemCode: c.systemCode,
  };
}

/** `<ReasonCodes category="…">`: the root echoes the category asked for (reference §3.6). */
export const reasonCodesXml = (category: string, codes: FinReasonCode[]): XmlTree => ({
  ReasonCodes: { '@_category': category, ReasonCode: codes.map(reasonCodeXml) },
});

/** The documented shape has no `<id>`; clients take the id from the uri. */
export const wrapUpReasonXml = (w: FinWrapUpReason): XmlTree => ({ uri: `${API}/WrapUpReason/${w.id}`, label: w.label, forAll: w.forAll });

export const wrapUpReasonsXml = (reasons: FinWrapUpReason[]): XmlTree => ({
  WrapUpReasons: { WrapUpReason: reasons.map(wrapUpReasonXml) },
});

const teamRef = (t: FinTeam): XmlTree => ({ uri: `${API}/Team/${t.id}`, id: t.id, name: t.name });

export const teamsXml = (teams: FinTeam[]): XmlTree => ({ Teams: { Team: teams.map(teamRef) } });

/** The full User object (reference §3.2); `teams` lists the teams the user supervises. */
export function userXml(state: FinesseState, u: FinUser): XmlTree {
  const code = state.reasonCodes.get(u.reasonCodeId);
  const team = state.teams.get(u.teamId);
  const ucce = state.deployment === 'UCCE';
  return {
    uri: `${API}/User/${u.loginId}`,
    roles: { role: u.supervisor ? ['Agent', 'Supervisor'] : ['Agent'] },
    loginId: u.loginId,
    loginName: u.loginName,
    state: u.state,
    stateChangeTime: isoTime(u.stateChangeTime),
    pendingState: '',
    reasonCodeId: u.reasonCodeId,
    ...(code
      ? {
          ReasonCode: {
            category: code.category,
            uri: `${API}/ReasonCode/${code.id}`,
            code: code.code,
            label: code.label,
            forAll: code.forAll,
            systemCode: code.systemCode,
            id: code.id,
          },
        }
      : {}),
    settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'OPTIONAL', deviceSelection: 'NOT_ALLOWED' },
    extension: u.extension,
    mobileAgent: { mode: '', dialNumber: '' },
    firstName: u.firstName,
    lastName: u.lastName,
    teamId: u.teamId,
    teamName: team?.name ?? '',
    ...(ucce ? { skillTargetId: String(5_000 + (hashString(u.loginId) % 90_000)) } : {}),
    dialogs: `${API}/User/${u.loginId}/Dialogs`,
    teams: { Team: u.supervisedTeamIds.flatMap((id) => (state.teams.has(id) ? [teamRef(state.teams.get(id) as FinTeam)] : [])) },
    mediaType: 1,
  };
}

/** A member in a Team object (reference §3.4); `mediaState` exists on UCCX only. */
function memberXml(state: FinesseState, u: FinUser, deployment: DeploymentType): XmlTree {
  const code = state.reasonCodes.get(u.reasonCodeId);
  return {
    uri: `${API}/User/${u.loginId}`,
    loginId: u.loginId,
    firstName: u.firstName,
    lastName: u.lastName,
    dialogs: `${API}/User/${u.loginId}/Dialogs`,
    extension: u.extension,
    pendingState: '',
    state: u.state,
    stateChangeTime: isoTime(u.stateChangeTime),
    ...(code
      ? { reasonCode: { category: code.category, code: code.code, label: code.label, id: code.id, uri: `${API}/ReasonCode/${code.id}` } }
      : {}),
    ...(deployment === 'UCCX' ? { mediaState: u.state === 'TALKING' ? 'BUSY' : 'IDLE' } : {}),
  };
}

export const teamXml = (state: FinesseState, t: FinTeam): XmlTree => ({
  Team: { ...teamRef(t), users: { User: state.members(t.id).map((u) => memberXml(state, u, state.deployment)) } },
});
