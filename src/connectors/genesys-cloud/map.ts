// Genesys Cloud payloads → unified records (reference/genesys-cloud-api.md §6).
import type { Agent, Division, Interaction, Queue, QueueMember, ReasonCode, Recording, WrapUpCode } from '../../model.ts';
import { CHANNELS } from '../../model.ts';

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const idOf = (v: unknown): string | null => (v && typeof v === 'object' ? str((v as Json).id) : null);

export function mapUser(u: Json): Agent {
  const state = str(u.state);
  return {
    externalId: String(u.id),
    raw: u,
    name: str(u.name) ?? String(u.id),
    email: str(u.email),
    username: str(u.username),
    state: state === 'inactive' || state === 'deleted' ? state : 'active',
    divisionId: idOf(u.division),
    teamId: idOf(u.team),
  };
}

export function mapDivision(d: Json): Division {
  return { externalId: String(d.id), raw: d, name: str(d.name) ?? String(d.id), isHome: d.homeDivision === true };
}

export function mapQueue(q: Json): Queue {
  return {
    externalId: String(q.id),
    raw: q,
    name: str(q.name) ?? String(q.id),
    divisionId: idOf(q.division),
    description: str(q.description),
  };
}

export function mapQueueMember(queueId: string, m: Json): QueueMember {
  const agentId = idOf(m.user) ?? String(m.id);
  return {
    externalId: `${queueId}:${agentId}`,
    raw: m,
    queueId,
    agentId,
    joined: typeof m.joined === 'boolean' ? m.joined : null,
  };
}

export function mapWrapUpCode(w: Json): WrapUpCode {
  return { externalId: String(w.id), raw: w, name: str(w.name) ?? String(w.id), divisionId: idOf(w.division), teamIds: [] };
}

/** System presences (the platform's fixed set) by the category an agent's state falls into. */
const PRESENCE_CATEGORY: Record<string, ReasonCode['category']> = {
  available: 'available',
  'on queue': 'available',
  break: 'break',
  meal: 'break',
  busy: 'busy',
  meeting: 'busy',
  training: 'busy',
  away: 'not_ready',
  idle: 'not_ready',
  offline: 'logout',
};

export function mapPresenceDefinition(p: Json): ReasonCode {
  const labels = (p.languageLabels ?? {}) as Record<string, string>;
  const system = (str(p.systemPresence) ?? '').toLowerCase().replace(/_/g, ' ');
  const name = labels.en_US ?? str(p.name) ?? labels[Object.keys(labels)[0] ?? ''] ?? str(p.systemPresence) ?? String(p.id);
  return {
    externalId: String(p.id),
    raw: p,
    name,
    category: PRESENCE_CATEGORY[system] ?? 'other',
    isSystem: (str(p.type) ?? '').toLowerCase() === 'system',
    active: p.deactivated !== true,
    code: null,
    teamIds: [],
  };
}

interface Segment {
  queueId?: string;
  wrapUpCode?: string;
}
interface Session {
  mediaType?: string;
  ani?: string;
  dnis?: string;
  recording?: boolean;
  segments?: Segment[];
}
interface Participant {
  purpose?: string;
  userId?: string;
  sessions?: Session[];
}

const CHANNEL_BY_MEDIA: Record<string, Interaction['channel']> = { callback: 'callback', cobrowse: 'other', screenshare: 'other' };
const address = (a: string | undefined): string | null => (a ? a.replace(/^(tel|sip):/, '') : null);

export function mapConversation(c: Json): Interaction {
  const participants = (c.participants ?? []) as Participant[];
  const queueIds = new Set<string>();
  const agentIds = new Set<string>();
  const wrapUps = new Set<string>();
  let media: string | undefined;
  let hasRecording = false;
  let customer: Session | undefined;
  for (const p of participants) {
    if ((p.purpose === 'agent' || p.purpose === 'user') && p.userId) agentIds.add(p.userId);
    for (const s of p.sessions ?? []) {
      media ??= s.mediaType;
      if (s.recording) hasRecording = true;
      if (p.purpose === 'customer' || p.purpose === 'external') customer ??= s;
      for (const seg of s.segments ?? []) {
        if (seg.queueId) queueIds.add(seg.queueId);
        if (seg.wrapUpCode) wrapUps.add(seg.wrapUpCode);
      }
    }
  }
  const direction = str(c.originatingDirection);
  const channel =
    media && (CHANNELS as readonly string[]).includes(media)
      ? (media as Interaction['channel'])
      : (CHANNEL_BY_MEDIA[media ?? ''] ?? 'other');
  return {
    externalId: String(c.conversationId),
    raw: c,
    channel,
    direction: direction === 'inbound' || direction === 'outbound' ? direction : 'unknown',
    startedAt: String(c.conversationStart),
    endedAt: str(c.conversationEnd),
    queueIds: [...queueIds],
    agentIds: [...agentIds],
    wrapUpCodeIds: [...wrapUps],
    divisionIds: Array.isArray(c.divisionIds) ? (c.divisionIds as string[]) : [],
    // Inbound: the customer called from ani and dialled dnis. Outbound: the customer is the dialled number.
    customerAddress: address(direction === 'outbound' ? customer?.dnis : customer?.ani),
    dialedAddress: address(customer?.dnis),
    hasRecording,
  };
}

const MEDIA_KIND: Record<string, Recording['mediaKind']> = {
  audio: 'audio',
  screen: 'screen',
  chat: 'chat',
  email: 'email',
  messaging: 'message',
};

/** Recording metadata (GET …/recordingmetadata), before any media is fetched. */
export function mapRecordingMetadata(conversationId: string, r: Json): Recording {
  return {
    externalId: String(r.id),
    raw: r,
    interactionId: conversationId,
    mediaKind: MEDIA_KIND[str(r.media) ?? ''] ?? 'other',
    startedAt: str(r.startTime),
    endedAt: str(r.endTime),
    contentType: null,
    bytes: null,
    sha256: null,
    blobKey: null,
    state: 'listed',
    error: null,
  };
}
