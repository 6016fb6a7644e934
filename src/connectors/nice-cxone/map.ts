// NICE CXone payloads (ACD API v34.0, Media Playback v1) → unified records
// (reference/nice-cxone-api.md §4.1–§4.6, §5.2).
import { isoTime } from '../../engine/iso-time.ts';
import type { Agent, Interaction, Queue, QueueMember, ReasonCode, Recording, Team, WrapUpCode } from '../../model.ts';

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** ACD ids are integers; 0 (or nothing) means "none" in references such as a contact's agentId. */
export function idText(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v !== 0) return String(v);
  if (typeof v === 'string' && v.trim() !== '' && v.trim() !== '0') return v.trim();
  return null;
}

/** CXone dates are UTC, often with 7 fractional digits; a date without a zone is read as UTC (§4.0). */
export function parseTime(v: unknown): Date | undefined {
  const s = str(v);
  if (!s) return undefined;
  const date = new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const isoDate = (v: unknown): string | null => parseTime(v)?.toISOString() ?? null;

/** The references among `values` that name something (idText), in order. */
function idList(...values: unknown[]): string[] {
  const ids: string[] = [];
  for (const v of values) {
    const id = idText(v);
    if (id !== null) ids.push(id);
  }
  return ids;
}

/** GET /agents item: an employee with an ACD agent profile, keyed by its numeric agentId. */
export function mapAgent(a: Json): Agent {
  const id = String(a.agentId);
  const name = [str(a.firstName), str(a.lastName)].filter(Boolean).join(' ');
  return {
    externalId: id,
    raw: a,
    name: name || str(a.userName) || id,
    email: str(a.emailAddress),
    username: str(a.userName),
    state: a.isActive === false ? 'inactive' : 'active',
    // The business unit is the only division-like scope, and it is the whole connection.
    divisionId: null,
    teamId: idText(a.teamId),
  };
}

export function mapTeam(t: Json): Team {
  const id = String(t.teamId);
  return { externalId: id, raw: t, name: str(t.teamName) ?? id, divisionId: null };
}

/** Skills are CXone's queues (DESIGN.md's entity table). */
export function mapSkill(s: Json): Queue {
  const id = String(s.skillId);
  // A skill has no description field in v34 (§4.3); everything else stays in raw.
  return { externalId: id, raw: s, name: str(s.skillName) ?? id, divisionId: null, description: null };
}

/** An agentSkillAssignments item: one agent's assignment to one skill. */
export function mapSkillAssignment(a: Json): QueueMember | undefined {
  const queueId = idText(a.skillId);
  const agentId = idText(a.agentId);
  if (!queueId || !agentId) return undefined;
  return {
    externalId: `${queueId}:${agentId}`,
    raw: a,
    queueId,
    agentId,
    joined: typeof a.isActive === 'boolean' ? a.isActive : null,
  };
}

/**
 * Unavailable codes in either shape (§4.4): GET /unavailable-codes gives `{id, name, isActive, isACW}`;
 * a team's list gives `{outstateId, outstateName, isActive, isAcw}` (spelt `outStateId`/`outStateName`
 * by NICE's SDK). Every one is a way of being not ready, after-call work included.
 */
export function mapUnavailableCode(u: Json): ReasonCode | undefined {
  const id = idText(u.id ?? u.outstateId ?? u.outStateId);
  if (!id) return undefined;
  return {
    externalId: id,
    raw: u,
    name: str(u.name) ?? str(u.outstateName) ?? str(u.outStateName) ?? id,
    category: 'not_ready',
    isSystem: false,
    active: u.isActive !== false,
    code: null,
    teamIds: [],
  };
}

/** Dispositions are CXone's wrap-up codes. */
export function mapDisposition(d: Json): WrapUpCode {
  const id = String(d.dispositionId);
  return { externalId: id, raw: d, name: str(d.dispositionName) ?? id, divisionId: null, teamIds: [] };
}

/** Channels by media type name: a tenant has a handful of names, and contacts come by the million. */
const channelsByName = new Map<string, Interaction['channel']>();

/** Media type names (§4.6: 3 Chat and 4 Phone Call are evidenced; the rest by name only). */
function channelOf(c: Json): Interaction['channel'] {
  const name = str(c.mediaTypeName);
  if (!name) return c.mediaTypeId === 4 ? 'voice' : c.mediaTypeId === 3 ? 'chat' : 'other';
  let channel = channelsByName.get(name);
  if (channel === undefined) {
    channel = channelOfName(name.toLowerCase());
    if (channelsByName.size < 1000) channelsByName.set(name, channel);
  }
  return channel;
}

function channelOfName(name: string): Interaction['channel'] {
  if (/phone|call|voice/.test(name)) return 'voice';
  if (/chat/.test(name)) return 'chat';
  if (/e-?mail/.test(name)) return 'email';
  if (/sms|text|social|digital|message|whatsapp/.test(name)) return 'message';
  if (/video/.test(name)) return 'video';
  return 'other';
}

/**
 * Whether Media Playback may hold a recording: the completed-contact record has no recording flag (§4.6),
 * so every contact an agent handled is asked about; Media Playback's 404 settles the rest (§5.2).
 */
export function mayHaveRecording(c: Json): boolean {
  return idText(c.agentId) !== null && c.abandoned !== true;
}

/** A GET /contacts/completed item (v34 field names). */
export function mapCompletedContact(c: Json): Interaction {
  const start = parseTime(c.contactStartDate)?.getTime() ?? parseTime(c.lastUpdateTime)?.getTime() ?? 0;
  const seconds = typeof c.totalDurationSeconds === 'number' && c.totalDurationSeconds >= 0 ? c.totalDurationSeconds : 0;
  const outbound = c.isOutbound === true;
  return {
    externalId: String(c.contactId),
    raw: c,
    channel: channelOf(c),
    direction: typeof c.isOutbound === 'boolean' ? (outbound ? 'outbound' : 'inbound') : 'unknown',
    startedAt: isoTime(start),
    // A completed contact has ended; its end is its start plus its total duration.
    endedAt: isoTime(start + seconds * 1000),
    queueIds: idList(c.skillId),
    agentIds: idList(c.agentId),
    wrapUpCodeIds: idList(c.primaryDispositionId, c.secondaryDispositionId),
    divisionIds: [],
    // Inbound: the customer called from fromAddress to toAddress (a point of contact); outbound the reverse.
    customerAddress: str(outbound ? c.toAddress : c.fromAddress),
    dialedAddress: str(c.toAddress),
    hasRecording: mayHaveRecording(c),
  };
}

const MEDIA_KIND: [RegExp, Recording['mediaKind']][] = [
  [/screen/i, 'screen'],
  [/voice|call|phone/i, 'audio'],
  [/chat/i, 'chat'],
  [/email/i, 'email'],
  [/sms|whatsapp|message|social|digital/i, 'message'],
];

function segmentIdOf(data: Json): string | null {
  const first = (list: unknown): Json | undefined => (Array.isArray(list) ? (list as Json[])[0] : undefined);
  return str(first(data.segmentsDataList)?.segmentId) ?? str(first(data.participantDataList)?.segmentId);
}

export interface PlaybackInteraction {
  record: Recording;
  /** The temporary pre-signed media URL, fetched without credentials (§5.3). */
  fileToPlayUrl: string | null;
}

/**
 * GET /media-playback/v1/contacts?acd-call-id= → one recording per element of `interactions` (a call,
 * a chat or an e-mail, each with its own media file), keyed by its first segment's id: the handle Media
 * Playback itself uses (GET /segments/{segmentId}). Without one, by contact id and position.
 */
export function mapPlayback(acdContactId: string, body: Json): PlaybackInteraction[] {
  const list = Array.isArray(body.interactions) ? body.interactions : Array.isArray(body.Interactions) ? body.Interactions : [];
  return (list as Json[]).map((interaction, index) => {
    const data = (interaction.data && typeof interaction.data === 'object' ? interaction.data : {}) as Json;
    const kindText = `${str(interaction.mediaType) ?? ''} ${str(interaction['@type']) ?? ''} ${str(interaction.channelType) ?? ''}`;
    const { fileToPlayUrl: _url, ...dataWithoutUrl } = data;
    return {
      fileToPlayUrl: str(data.fileToPlayUrl),
      record: {
        externalId: segmentIdOf(data) ?? `${acdContactId}:${index}`,
        // The signed URL is a short-lived credential of its own: it is not kept.
        raw: { ...interaction, data: dataWithoutUrl, contactId: body.contactId, acdcontactId: body.acdcontactId },
        interactionId: acdContactId,
        mediaKind: MEDIA_KIND.find(([re]) => re.test(kindText))?.[1] ?? 'other',
        startedAt: isoDate(interaction.startTime) ?? isoDate(data.startTime),
        endedAt: isoDate(interaction.endTime) ?? isoDate(data.endTime),
        contentType: null,
        bytes: null,
        sha256: null,
        blobKey: null,
        state: 'listed',
        error: null,
      },
    };
  });
}
