// The v34 JSON of directory objects (reference §4.1–4.5), abridged to the fields the reference names plus
// the neighbours a real record carries. Times use the ACD's seven-digit format.
import { iso7 } from './contacts.ts';
import type { Json } from './listing.ts';
import {
  MEDIA_TYPES,
  type CxAssignment,
  type CxDisposition,
  type CxEmployee,
  type CxSkill,
  type CxTeam,
  type CxUnavailableCode,
} from './seed.ts';
import type { NiceState } from './state.ts';

const isoOrNull = (ms: number | undefined) => (ms === undefined ? null : iso7(ms));

export function agentJson(state: NiceState, e: CxEmployee): Json {
  const team = state.teams.get(e.teamId);
  const role = state.roles.get(e.roleId);
  return {
    agentId: e.agentId,
    userName: e.userName,
    firstName: e.firstName,
    middleName: '',
    lastName: e.lastName,
    emailAddress: e.emailAddress,
    isActive: e.isActive,
    locked: e.locked ?? false,
    teamId: e.teamId,
    teamName: team?.teamName ?? '',
    teamUuId: team?.teamUuid ?? '',
    reportToId: 0,
    reportToName: '',
    isSupervisor: e.isSupervisor,
    profileId: role?.securityProfileId ?? 0,
    profileName: role?.name ?? '',
    createDate: iso7(e.createDate),
    lastLogin: isoOrNull(e.lastLogin),
    lastUpdated: iso7(e.lastUpdated),
    hireDate: iso7(e.hireDate),
    inactiveDate: isoOrNull(e.inactiveDate),
    terminationDate: isoOrNull(e.inactiveDate),
    rehireStatus: true,
    timeZone: 'UTC',
    timeZoneOffset: '00:00:00',
    location: e.location,
    country: '',
    state: '',
    city: e.location,
    federatedId: '',
    internalId: '',
    custom1: '',
    custom2: '',
    custom3: '',
    custom4: '',
    custom5: '',
    employmentType: 1,
    employmentTypeName: 'Full-Time',
    atHome: false,
    systemUser: '',
    systemDomain: '',
    crmUserName: '',
    sipUser: '',
    recordingNumbers: [],
    phoneRefusalTimeout: 45,
    chatRefusalTimeout: 45,
    workItemRefusalTimeout: 45,
    userID: e.userId,
  };
}

function teamCodeJson(c: CxUnavailableCode): Json {
  return { outstateId: c.id, outstateName: c.name, isActive: c.isActive, isAcw: c.isACW, agentTimeoutMins: c.agentTimeout };
}

export function teamCodes(state: NiceState, t: CxTeam, activeOnly = false): Json[] {
  return t.unavailableCodeIds
    .map((id) => state.unavailableCodes.get(id))
    .filter((c): c is CxUnavailableCode => c !== undefined && (!activeOnly || c.isActive))
    .map(teamCodeJson);
}

export function teamAgents(state: NiceState, t: CxTeam): Json[] {
  return [...state.employees.values()]
    .filter((e) => e.teamId === t.teamId)
    .sort((a, b) => a.agentId - b.agentId)
    .map((e) => ({ agentId: e.agentId, firstName: e.firstName, lastName: e.lastName, isActive: e.isActive }));
}

export function teamJson(state: NiceState, t: CxTeam): Json {
  let agentCount = 0;
  for (const e of state.employees.values()) if (e.teamId === t.teamId) agentCount++;
  return {
    teamId: t.teamId,
    teamName: t.teamName,
    isActive: t.isActive,
    description: '',
    notes: t.notes,
    lastUpdateTime: iso7(t.lastUpdateTime),
    createDate: iso7(t.createDate),
    agentCount,
    teamLeadId: '',
    divisionNo: 0,
    teamUuid: t.teamUuid,
    maxConcurrentChats: 2,
    voiceThreshold: 0,
    chatThreshold: 0,
    emailThreshold: 0,
    workItemThreshold: 0,
    niceAudioRecordingEnabled: true,
    niceScreenRecordingEnabled: false,
    niceQmEnabled: false,
    niceWfmEnabled: false,
    niceSpeechAnalyticsEnabled: false,
    unavailableCodes: teamCodes(state, t),
  };
}

export function skillJson(s: CxSkill): Json {
  return {
    skillId: s.skillId,
    skillName: s.skillName,
    mediaTypeId: s.mediaTypeId,
    mediaTypeName: MEDIA_TYPES[s.mediaTypeId],
    workItemQueueType: null,
    isActive: s.isActive,
    campaignId: s.campaignId,
    campaignName: s.campaignName,
    notes: '',
    isOutbound: s.isOutbound,
    outboundStrategy: s.isOutbound ? 'Personal Connection' : '',
    isRestricted: false,
    requireDisposition: s.dispositionIds.length > 0,
    allowSecondaryDisposition: false,
    enableShortAbandon: true,
    shortAbandonThreshold: 10,
    enableServiceLevel: true,
    serviceLevelThreshold: 30,
    serviceLevelGoal: 80,
    maxSecondsACW: 120,
    createdOn: iso7(s.createDate),
    lastUpdateTime: iso7(s.lastUpdateTime),
  };
}

export function skillDispositions(state: NiceState, s: CxSkill): Json[] {
  return s.dispositionIds
    .map((id) => state.dispositions.get(id))
    .filter((d): d is CxDisposition => d !== undefined)
    .map((d, i) => ({
      dispositionId: d.dispositionId,
      dispositionName: d.dispositionName,
      priority: i + 1,
      displayOrder: i + 1,
      classification: d.classificationId,
      systemOutcome: d.systemOutcome,
      isActive: d.isActive,
    }));
}

export function assignmentJson(state: NiceState, a: CxAssignment): Json {
  const agent = state.employees.get(a.agentId);
  const skill = state.skills.get(a.skillId);
  return {
    agentId: a.agentId,
    firstName: agent?.firstName ?? '',
    lastName: agent?.lastName ?? '',
    teamId: agent?.teamId ?? 0,
    skillId: a.skillId,
    skillName: skill?.skillName ?? '',
    mediaTypeId: skill?.mediaTypeId ?? 0,
    mediaTypeName: MEDIA_TYPES[skill?.mediaTypeId ?? 0] ?? '',
    isOutbound: skill?.isOutbound ?? false,
    agentProficiencyValue: a.proficiency,
    agentProficiencyName: String(a.proficiency),
    isActive: a.isActive,
    isSkillActive: skill?.isActive ?? false,
  };
}

export function unavailableCodeJson(c: CxUnavailableCode, withNotes = false): Json {
  return {
    id: c.id,
    name: c.name,
    isActive: c.isActive,
    isACW: c.isACW,
    agentTimeout: c.agentTimeout,
    ...(withNotes ? { notes: c.notes } : {}),
  };
}

export function dispositionJson(d: CxDisposition): Json {
  return {
    dispositionId: d.dispositionId,
    dispositionName: d.dispositionName,
    classificationId: d.classificationId,
    isActive: d.isActive,
    isPreviewDisposition: d.isPreviewDisposition,
    lastUpdated: iso7(d.lastUpdated),
    notes: d.notes,
    systemOutcome: d.systemOutcome,
  };
}
