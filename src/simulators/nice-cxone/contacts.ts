// Lazily generated completed contacts. Contact i is a pure function of (seed, i), and its lastUpdateTime
// increases with i, so "updated since" maps to an index range by binary search and 200 000 contacts cost
// no memory until asked for. Its start is derived backwards from lastUpdateTime, so start order differs
// from update order, as it does on the platform. This is the benchmark's hot path: keys and lookup
// tables are built once in the constructor.
import { isoTime } from '../iso-time.ts';
import { IndexedIds, Rng, deriveSeed, mix32 } from '../random.ts';
import { MEDIA_TYPES, type CxSkill, type SeedParams, type SeededDirectory } from './seed.ts';

/** No contact spans more than this from its start to its last update (queue + talk + ACW + warehousing). */
export const MAX_CONTACT_SPAN_MS = 61 * 60_000;
/** Contacts completing after the seed anchor (they appear as the clock moves on) are spread over this. */
const PENDING_WINDOW_MS = 55 * 60_000;
/** Contact ids are `ID_BASE + startSecond * ID_INDEX_SPAN + index`: roughly start-ordered, 16 digits, unique. */
const ID_BASE = 1e15;
const ID_INDEX_SPAN = 1e7;

export interface ContactTiming {
  skill: number;
  abandoned: boolean;
  preQueue: number;
  inQueue: number;
  agent: number;
  hold: number;
  postQueue: number;
  acw: number;
  startMs: number;
  endMs: number;
  acwEndMs: number;
  warehousedMs: number;
  acwWarehousedMs: number;
  lastUpdateMs: number;
}

export interface ContactCore extends ContactTiming {
  index: number;
  contactId: number;
  /** Index into the seeded agents; -1 when nobody answered. */
  agentIndex: number;
  fromAddress: string;
  toAddress: string;
  dispositionId: number;
  recorded: boolean;
  refused: boolean;
  endReason: string;
}

interface AgentInfo {
  agentId: number;
  firstName: string;
  lastName: string;
  teamId: number;
  teamName: string;
}

const END_REASONS = ['Contact Hung Up', 'Agent Hung Up', 'Contact Hung Up', 'Transferred'];

export class ContactSpace {
  readonly count: number;
  /** The last few contacts complete after the seed anchor. */
  readonly pendingCount: number;
  private readonly closedCount: number;
  private readonly t0: number;
  private readonly closedSlot: number;
  private readonly pendingT0: number;
  private readonly pendingSlot: number;
  private readonly idEpoch: number;
  private readonly updateKey: number;
  private readonly timeKey: number;
  private readonly coreKey: number;
  private readonly segmentIds: IndexedIds;
  private readonly mediaContactIds: IndexedIds;
  readonly skills: readonly CxSkill[];
  private readonly agents: readonly AgentInfo[];
  /** Per skill, indexes of the agents actively assigned to it (answering agents are picked among them). */
  private readonly skillAgents: number[][];

  constructor(params: SeedParams, directory: SeededDirectory) {
    const n = params.conversations;
    this.count = n;
    this.pendingCount = n === 0 ? 0 : Math.max(1, Math.min(50, Math.floor(n / 100)));
    this.closedCount = n - this.pendingCount;
    this.t0 = params.anchorMs - params.days * 86_400_000;
    this.closedSlot = this.closedCount > 0 ? (params.anchorMs - 60_000 - this.t0) / this.closedCount : 0;
    this.pendingT0 = params.anchorMs + 60_000;
    this.pendingSlot = this.pendingCount > 0 ? PENDING_WINDOW_MS / this.pendingCount : 0;
    this.idEpoch = this.t0 - MAX_CONTACT_SPAN_MS - 60_000;
    this.updateKey = deriveSeed(params.seed, 'contact-update');
    this.timeKey = deriveSeed(params.seed, 'contact-timing');
    this.coreKey = deriveSeed(params.seed, 'contact-core');
    this.segmentIds = new IndexedIds(params.seed, 'media-segment');
    this.mediaContactIds = new IndexedIds(params.seed, 'media-contact');
    this.skills = directory.skills;
    const teamNames = new Map(directory.teams.map((t) => [t.teamId, t.teamName]));
    this.agents = directory.agents.map((a) => ({
      agentId: a.agentId,
      firstName: a.firstName,
      lastName: a.lastName,
      teamId: a.teamId,
      teamName: teamNames.get(a.teamId) ?? '',
    }));
    const agentIndex = new Map(directory.agents.map((a, i) => [a.agentId, i]));
    const active = new Set(directory.agents.filter((a) => a.isActive).map((a) => a.agentId));
    this.skillAgents = directory.skills.map((s) =>
      directory.assignments
        .filter((x) => x.skillId === s.skillId && x.isActive && active.has(x.agentId))
        .map((x) => agentIndex.get(x.agentId) as number),
    );
  }

  /** lastUpdateTime of contact i; strictly increasing in i (the jitter stays inside its slot). */
  lastUpdateOf(i: number): number {
    const u = (mix32(this.updateKey, i) / 4294967296) * 0.9;
    if (i < this.closedCount) return Math.floor(this.t0 + (i + u) * this.closedSlot);
    return Math.floor(this.pendingT0 + (i - this.closedCount + u) * this.pendingSlot);
  }

  /** The first index whose lastUpdateTime is >= ms (count when none). */
  lowerBound(ms: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lastUpdateOf(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many contacts are completed (written to the warehouse) at `now`: indexes [0, visibleCount). */
  visibleCount(now: number): number {
    return this.lowerBound(now + 1);
  }

  /** Durations and instants only: cheap enough to scan every contact for a start-date filter. */
  timing(i: number): ContactTiming {
    const rng = new Rng(mix32(this.timeKey, i));
    const skill = this.skills.length > 0 ? rng.int(0, this.skills.length - 1) : -1;
    const media = this.skills[skill]?.mediaTypeId ?? 4;
    const outbound = this.skills[skill]?.isOutbound ?? false;
    const abandoned = !outbound && (media === 4 ? rng.chance(0.07) : media === 3 ? rng.chance(0.05) : false);
    const preQueue = media === 4 && !outbound ? rng.int(0, 45) : 0;
    const inQueue = outbound ? 0 : abandoned ? rng.int(5, 300) : rng.int(2, media === 1 || media === 6 ? 1800 : 240);
    const agent = abandoned ? 0 : media === 4 ? rng.int(30, 1500) : rng.int(60, 1200);
    const hold = !abandoned && media === 4 && rng.chance(0.3) ? rng.int(10, Math.min(120, agent >> 1)) : 0;
    const postQueue = media === 4 ? rng.int(0, 5) : 0;
    const acw = abandoned ? 0 : rng.int(5, 120);
    const warehouse = rng.int(20, 120);
    const acwWarehouse = rng.int(20, 120);
    const span = preQueue + inQueue + agent + postQueue;
    const total = Math.max(span + warehouse, span + acw + acwWarehouse);
    const lastUpdateMs = this.lastUpdateOf(i);
    const startMs = lastUpdateMs - total * 1000;
    const endMs = startMs + span * 1000;
    const acwEndMs = endMs + acw * 1000;
    return {
      skill,
      abandoned,
      preQueue,
      inQueue,
      agent,
      hold,
      postQueue,
      acw,
      startMs,
      endMs,
      acwEndMs,
      warehousedMs: endMs + warehouse * 1000,
      acwWarehousedMs: acwEndMs + acwWarehouse * 1000,
      lastUpdateMs,
    };
  }

  startOf(i: number): number {
    return this.timing(i).startMs;
  }

  contactIdOf(i: number, startMs = this.startOf(i)): number {
    return ID_BASE + Math.floor((startMs - this.idEpoch) / 1000) * ID_INDEX_SPAN + i;
  }

  /** The index of a contact id we generated, or undefined. */
  indexOfContactId(raw: string): number | undefined {
    if (!/^\d{16}$/.test(raw)) return undefined;
    const id = Number(raw);
    const i = id % ID_INDEX_SPAN;
    return i < this.count && this.contactIdOf(i) === id ? i : undefined;
  }

  core(i: number): ContactCore {
    const t = this.timing(i);
    const rng = new Rng(mix32(this.coreKey, i));
    const skill = this.skills[t.skill];
    const media = skill?.mediaTypeId ?? 4;
    const pool = this.skillAgents[t.skill] ?? [];
    let agentIndex = -1;
    if (!t.abandoned && this.agents.length > 0)
      agentIndex = pool.length > 0 ? (pool[rng.int(0, pool.length - 1)] as number) : rng.int(0, this.agents.length - 1);
    const customerPhone = `${rng.int(201, 989)}555${rng.digits(4)}`;
    const poc = skill?.pointOfContactName ?? '';
    let fromAddress = '';
    let toAddress = '';
    if (media === 4) {
      fromAddress = skill?.isOutbound ? poc : customerPhone;
      toAddress = skill?.isOutbound ? customerPhone : poc;
    } else if (media === 3) {
      fromAddress = `Visitor ${rng.digits(5)}`;
      toAddress = poc;
    } else if (media === 1) {
      fromAddress = `customer${rng.digits(5)}@example.net`;
      toAddress = 'support@example.com';
    }
    const dispositions = skill?.dispositionIds ?? [];
    const dispositionId = !t.abandoned && dispositions.length > 0 && rng.chance(0.85) ? rng.pick(dispositions) : 0;
    return Object.assign(t, {
      index: i,
      contactId: this.contactIdOf(i, t.startMs),
      agentIndex,
      fromAddress,
      toAddress,
      dispositionId,
      recorded: media === 4 && !t.abandoned && rng.chance(0.75),
      refused: !t.abandoned && rng.chance(0.02),
      endReason: t.abandoned ? 'Contact Hung Up' : rng.pick(END_REASONS),
    });
  }

  agentOf(core: ContactCore): AgentInfo | undefined {
    return this.agents[core.agentIndex];
  }

  /** The media-playback segment id of a recorded contact: the simulator's recording id. */
  segmentIdOf(i: number): string {
    return this.segmentIds.idOf(i);
  }

  /** The recording-side contact UUID media playback reports beside the ACD contact id. */
  mediaContactIdOf(i: number): string {
    return this.mediaContactIds.idOf(i);
  }

  indexOfSegment(segmentId: string): number | undefined {
    const i = this.segmentIds.indexOf(segmentId, this.count);
    return i !== undefined && this.core(i).recorded ? i : undefined;
  }

  /** The completed-contact record of API v34 (reference §4.6). */
  json(c: ContactCore): Record<string, unknown> {
    const skill = this.skills[c.skill];
    const agent = this.agents[c.agentIndex];
    const media = skill?.mediaTypeId ?? 4;
    const queued = c.inQueue;
    return {
      contactId: c.contactId,
      masterContactId: c.contactId,
      contactStartDate: iso7(c.startMs),
      lastUpdateTime: iso7(c.lastUpdateMs),
      agentId: agent?.agentId ?? 0,
      firstName: agent?.firstName ?? '',
      lastName: agent?.lastName ?? '',
      teamId: agent?.teamId ?? 0,
      teamName: agent?.teamName ?? '',
      skillId: skill?.skillId ?? 0,
      skillName: skill?.skillName ?? '',
      campaignId: skill?.campaignId ?? 0,
      campaignName: skill?.campaignName ?? '',
      mediaTypeId: media,
      mediaTypeName: MEDIA_TYPES[media],
      mediaSubTypeId: 0,
      mediaSubTypeName: '',
      pointOfContactId: skill?.pointOfContactId ?? 0,
      pointOfContactName: skill?.pointOfContactName ?? '',
      fromAddress: c.fromAddress,
      toAddress: c.toAddress,
      isOutbound: skill?.isOutbound ?? false,
      abandoned: c.abandoned,
      abandonSeconds: c.abandoned ? queued : 0,
      isShortAbandon: c.abandoned && queued < 10,
      inQueueSeconds: queued,
      preQueueSeconds: c.preQueue,
      postQueueSeconds: c.postQueue,
      agentSeconds: c.agent,
      acwSeconds: c.acw,
      holdSeconds: c.hold,
      holdCount: c.hold > 0 ? 1 : 0,
      conferenceSeconds: 0,
      releaseSeconds: 0,
      totalDurationSeconds: c.preQueue + queued + c.agent + c.postQueue,
      callbackTime: 0,
      routingTime: c.abandoned ? 0 : queued,
      routingAttribute: '',
      primaryDispositionId: c.dispositionId,
      secondaryDispositionId: 0,
      dispositionNotes: '',
      endReason: c.endReason,
      refuseReason: c.refused ? 'Agent Timeout' : '',
      refuseTime: c.refused ? iso7(c.startMs + (c.preQueue + 1) * 1000) : null,
      isRefused: c.refused,
      isLogged: c.recorded,
      isTakeover: false,
      serviceLevelFlag: c.abandoned ? 0 : queued <= 30 ? 1 : 0,
      highProficiency: 1,
      lowProficiency: 20,
      transferIndicatorId: c.endReason === 'Transferred' ? 1 : 0,
      transferIndicatorName: c.endReason === 'Transferred' ? 'Transfer' : 'None',
      dateContactWarehoused: iso7(c.warehousedMs),
      dateACWWarehoused: iso7(c.acwWarehousedMs),
      isAnalyticsProcessed: false,
      analyticsProcessedDate: null,
      divisionNo: 0,
      tags: [],
    };
  }
}

/** The ACD's date-time format: UTC with seven fractional digits (reference §4.0), e.g. 2021-07-21T13:38:15.3560000Z. */
export function iso7(ms: number): string {
  return `${isoTime(ms).slice(0, -1)}0000Z`;
}
