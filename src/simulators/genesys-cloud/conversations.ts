// Lazily generated analytics conversations. Conversation i is a pure function of (seed, i): starts are
// increasing in i, so an interval maps to an index range by binary search, and 200 000 conversations cost
// no memory until asked for. Ids embed their index (random.ts IndexedIds) for O(1) lookup by id.
// This is the benchmark's hot path: keys are derived once, tables built once.
import { isoTime } from '../iso-time.ts';
import { IndexedIds, Rng, deriveSeed, mix32, weightTable } from '../random.ts';
import type { GcQueue, GcUser, SeedParams, SeededOrg } from './seed.ts';

/** No conversation lasts longer than this; searches for activity look back this far. */
export const MAX_CONVERSATION_MS = 2 * 3_600_000;
/** Closed conversations last at most this long (2 legs of wait + ring + talk + wrap-up). */
const CLOSED_SPAN_MS = 40 * 60_000;
/** Open conversations started in the last 10 minutes before the seed anchor and run 30+ minutes. */
const OPEN_WINDOW_MS = 10 * 60_000;
const OPEN_EXTRA_TALK_MS = 30 * 60_000;

type MediaType = 'voice' | 'callback' | 'chat' | 'message' | 'email';

interface Leg {
  queue: number;
  /** -1 when the customer abandoned in queue. */
  user: number;
  wrapup: number;
  /** acd (inbound) or dialing (outbound) start. */
  routeStart: number;
  alertStart: number;
  talkStart: number;
  talkEnd: number;
  wrapEnd: number;
}

export interface ConversationCore {
  index: number;
  id: string;
  startMs: number;
  endMs: number;
  mediaType: MediaType;
  direction: 'inbound' | 'outbound';
  ani?: string;
  dnis?: string;
  legs: Leg[];
  recordingId?: string;
  divisionIds: string[];
}

export interface RecordingInfo {
  id: string;
  conversationId: string;
  startMs: number;
  endMs: number;
}

type Json = Record<string, unknown>;

const secs = (rng: Rng, min: number, max: number) => rng.int(min, max) * 1000;
const MEDIA_TYPES = weightTable<MediaType>([
  ['voice', 65],
  ['callback', 5],
  ['chat', 10],
  ['message', 10],
  ['email', 10],
]);

export class ConversationSpace {
  readonly count: number;
  readonly openCount: number;
  private readonly closedCount: number;
  private readonly t0: number;
  private readonly closedSlot: number;
  private readonly openT0: number;
  private readonly openSlot: number;
  private readonly startKey: number;
  private readonly coreKey: number;
  private readonly detailKey: number;
  private readonly conversationIds: IndexedIds;
  private readonly recordingIds: IndexedIds;
  /** Per queue, the indexes of its member users (agents are picked among them). */
  private readonly members: number[][];

  constructor(
    params: SeedParams,
    private readonly org: SeededOrg,
  ) {
    const n = params.conversations;
    this.count = n;
    this.openCount = n === 0 ? 0 : Math.max(1, Math.min(50, Math.floor(n / 100)));
    this.closedCount = n - this.openCount;
    this.t0 = params.anchorMs - params.days * 86_400_000;
    const closedEnd = params.anchorMs - params.lagMs - CLOSED_SPAN_MS;
    this.closedSlot = this.closedCount > 0 ? Math.max(0, closedEnd - this.t0) / this.closedCount : 0;
    this.openT0 = params.anchorMs - OPEN_WINDOW_MS;
    this.openSlot = this.openCount > 0 ? (OPEN_WINDOW_MS - 30_000) / this.openCount : 0;
    this.startKey = deriveSeed(params.seed, 'conversation-start');
    this.coreKey = deriveSeed(params.seed, 'conversation-core');
    this.detailKey = deriveSeed(params.seed, 'conversation-detail');
    this.conversationIds = new IndexedIds(params.seed, 'conversation');
    this.recordingIds = new IndexedIds(params.seed, 'recording');
    const userIndex = new Map(org.users.map((u, i) => [u.id, i]));
    this.members = org.queues.map((q) => q.members.map((m) => userIndex.get(m.userId) as number));
  }

  /** conversationStart of conversation i; strictly increasing in i (jitter stays inside its slot). */
  startOf(i: number): number {
    const u = (mix32(this.startKey, i) / 4294967296) * 0.9;
    if (i < this.closedCount) return Math.floor(this.t0 + (i + u) * this.closedSlot);
    return Math.floor(this.openT0 + (i - this.closedCount + u) * this.openSlot);
  }

  /** The first index whose start is >= ms (count when none). */
  lowerBound(ms: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.startOf(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  idOf(i: number): string {
    return this.conversationIds.idOf(i);
  }

  indexOf(conversationId: string): number | undefined {
    return this.conversationIds.indexOf(conversationId, this.count);
  }

  /** The conversation index a recording id belongs to, if it is a recording we generated. */
  indexOfRecording(recordingId: string): number | undefined {
    const i = this.recordingIds.indexOf(recordingId, this.count);
    return i !== undefined && this.core(i).recordingId === recordingId ? i : undefined;
  }

  core(i: number): ConversationCore {
    const { org } = this;
    const rng = new Rng(mix32(this.coreKey, i));
    const start = this.startOf(i);
    const open = i >= this.closedCount;
    const mediaType = rng.weighted(MEDIA_TYPES);
    const direction = rng.chance(mediaType === 'voice' ? 0.25 : mediaType === 'email' ? 0.1 : 0) ? 'outbound' : 'inbound';
    const customer = mediaType === 'email' ? `customer${rng.digits(5)}@example.net` : `tel:+1${rng.int(201, 989)}555${rng.digits(4)}`;
    const contact = mediaType === 'email' ? 'support@example.com' : `tel:+1800555${rng.digits(4)}`;
    const addresses =
      mediaType === 'chat' ? {} : direction === 'inbound' ? { ani: customer, dnis: contact } : { ani: contact, dnis: customer };

    const legCount = !open && rng.chance(0.06) ? 2 : 1;
    const abandoned = !open && direction === 'inbound' && rng.chance(0.07);
    const legs: Leg[] = [];
    let cursor = start;
    for (let l = 0; l < legCount; l++) {
      const queue = rng.int(0, org.queues.length - 1);
      const pool = this.members[queue] as number[];
      const user = pool.length > 0 ? (pool[rng.int(0, pool.length - 1)] as number) : rng.int(0, org.users.length - 1);
      const routeStart = cursor;
      const alertStart = routeStart + (direction === 'inbound' ? secs(rng, 5, 120) : 0);
      const talkStart = alertStart + (direction === 'inbound' ? secs(rng, 3, 15) : secs(rng, 5, 30));
      const talk = mediaType === 'email' ? secs(rng, 60, 600) : secs(rng, 60, 900);
      const talkEnd = talkStart + talk + (open && l === legCount - 1 ? OPEN_EXTRA_TALK_MS : 0);
      const wrapEnd = talkEnd + secs(rng, 10, 90);
      const wrapup = rng.int(1, org.wrapupCodes.length - 1);
      if (abandoned) {
        legs.push({
          queue,
          user: -1,
          wrapup: -1,
          routeStart,
          alertStart: 0,
          talkStart: 0,
          talkEnd: routeStart + secs(rng, 10, 300),
          wrapEnd: 0,
        });
        break;
      }
      legs.push({ queue, user, wrapup, routeStart, alertStart, talkStart, talkEnd, wrapEnd });
      cursor = talkEnd;
    }
    const last = legs[legs.length - 1] as Leg;
    const recorded = (mediaType === 'voice' || mediaType === 'callback') && !abandoned && rng.chance(0.75);
    const divisions = new Set<string>();
    for (const leg of legs) {
      divisions.add((org.queues[leg.queue] as GcQueue).divisionId);
      if (leg.user >= 0) divisions.add(org.users[leg.user]?.divisionId as string);
    }
    return {
      index: i,
      id: this.idOf(i),
      startMs: start,
      endMs: Math.max(last.talkEnd, last.wrapEnd),
      mediaType,
      direction,
      ...addresses,
      legs,
      recordingId: recorded ? this.recordingIds.idOf(i) : undefined,
      divisionIds: [...divisions].sort(),
    };
  }

  /** The recordings of a conversation as they exist at `viewAt` (media is available once it has ended). */
  recordings(core: ConversationCore, viewAt: number): RecordingInfo[] {
    if (!core.recordingId || core.endMs > viewAt) return [];
    const first = core.legs[0] as Leg;
    const last = core.legs[core.legs.length - 1] as Leg;
    return [{ id: core.recordingId, conversationId: core.id, startMs: first.talkStart, endMs: last.talkEnd }];
  }

  /**
   * The AnalyticsConversation as the platform would report it at `viewAt`: segments that had not started
   * are absent, running segments have no end, and an unfinished conversation has no conversationEnd.
   */
  detail(core: ConversationCore, viewAt: number): Json | undefined {
    if (core.startMs > viewAt) return undefined;
    const { org } = this;
    const rng = new Rng(mix32(this.detailKey, core.index));
    const inbound = core.direction === 'inbound';
    const last = core.legs[core.legs.length - 1] as Leg;
    const customer = segmentJson('interact', core.startMs, last.talkEnd, viewAt);
    (customer as Json).disconnectType = 'endpoint';
    const participants: Json[] = [
      {
        participantId: rng.uuid(),
        participantName: 'Customer',
        purpose: inbound ? 'customer' : 'external',
        sessions: [sessionJson(rng, core, [customer], false)],
      },
    ];
    for (let l = 0; l < core.legs.length; l++) {
      const leg = core.legs[l] as Leg;
      const queue = org.queues[leg.queue] as GcQueue;
      if (inbound) {
        const abandoned = leg.user < 0;
        const acd = segmentJson('interact', leg.routeStart, abandoned ? leg.talkEnd : leg.alertStart, viewAt);
        if (acd) {
          acd.queueId = queue.id;
          acd.disconnectType = abandoned ? 'peer' : 'transfer';
        }
        participants.push({
          participantId: rng.uuid(),
          participantName: queue.name,
          purpose: 'acd',
          sessions: [sessionJson(rng, core, [acd], false)],
        });
      }
      if (leg.user < 0 || leg.alertStart > viewAt) continue;
      const user = org.users[leg.user] as GcUser;
      const alert = segmentJson(inbound ? 'alert' : 'dialing', leg.alertStart, leg.talkStart, viewAt);
      const talk = segmentJson('interact', leg.talkStart, leg.talkEnd, viewAt);
      const wrap = segmentJson('wrapup', leg.talkEnd, leg.wrapEnd, viewAt);
      if (alert) alert.queueId = queue.id;
      if (talk) {
        talk.queueId = queue.id;
        talk.disconnectType = l < core.legs.length - 1 ? 'transfer' : 'peer';
      }
      if (wrap) {
        wrap.queueId = queue.id;
        wrap.wrapUpCode = org.wrapupCodes[leg.wrapup]?.id;
      }
      participants.push({
        participantId: rng.uuid(),
        participantName: user.name,
        purpose: 'agent',
        userId: user.id,
        sessions: [sessionJson(rng, core, [alert, talk, wrap], core.recordingId !== undefined)],
      });
    }
    const out: Json = { conversationId: core.id, conversationStart: isoTime(core.startMs) };
    if (core.endMs <= viewAt) out.conversationEnd = isoTime(core.endMs);
    out.originatingDirection = core.direction;
    out.conversationInitiator = inbound ? 'external' : 'agent';
    out.customerParticipation = true;
    out.divisionIds = core.divisionIds;
    if (core.mediaType === 'voice') out.mediaStatsMinConversationMos = 3.5 + rng.int(0, 100) / 100;
    out.participants = participants;
    return out;
  }
}

// Plain functions rather than closures inside detail(): this runs for every conversation served.
function segmentJson(type: string, from: number, to: number, viewAt: number): Json | undefined {
  if (from > viewAt) return undefined;
  return to <= viewAt
    ? { segmentStart: isoTime(from), segmentEnd: isoTime(to), segmentType: type }
    : { segmentStart: isoTime(from), segmentType: type };
}

function sessionJson(rng: Rng, core: ConversationCore, segments: (Json | undefined)[], recording: boolean): Json {
  const session: Json = { sessionId: rng.uuid(), mediaType: core.mediaType, direction: core.direction };
  if (core.ani) {
    session.ani = core.ani;
    session.dnis = core.dnis;
  }
  if (recording) session.recording = true;
  session.segments = segments.filter((s) => s !== undefined);
  return session;
}
