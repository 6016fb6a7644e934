// The unified model: what every connector produces and every store/API reader consumes.
// Connectors emit the platform-specific fields below plus `externalId` and `raw`; the engine adds
// `connectionId`, `syncedAt` and `deletedAt` when it writes them (see store/).
import { z } from 'zod';

export const ENTITIES = [
  'agent',
  'team',
  'queue',
  'queueMember',
  'division',
  'reasonCode',
  'wrapUpCode',
  'interaction',
  'recording',
] as const;
export type Entity = (typeof ENTITIES)[number];

/**
 * A platform payload kept as the JSON text it arrived in, so the store writes it as is instead of
 * serialising the parsed object again (JSON.stringify of payloads was ~15% of a bulk sync's CPU). Serialises
 * to the payload.
 */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

const isoDate = z.string().datetime({ offset: true });
const externalId = z.string().min(1).max(512);

const base = { externalId, raw: z.unknown() };

export const agentSchema = z.object({
  ...base,
  name: z.string(),
  email: z.string().nullable(),
  username: z.string().nullable(),
  state: z.enum(['active', 'inactive', 'deleted']),
  divisionId: z.string().nullable(),
  teamId: z.string().nullable(),
});

export const teamSchema = z.object({
  ...base,
  name: z.string(),
  divisionId: z.string().nullable(),
});

export const queueSchema = z.object({
  ...base,
  name: z.string(),
  divisionId: z.string().nullable(),
  description: z.string().nullable(),
});

/** Membership of an agent in a queue; externalId is `${queueId}:${agentId}`. */
export const queueMemberSchema = z.object({
  ...base,
  queueId: z.string(),
  agentId: z.string(),
  joined: z.boolean().nullable(),
});

export const divisionSchema = z.object({
  ...base,
  name: z.string(),
  isHome: z.boolean(),
});

export const REASON_CODE_CATEGORIES = ['not_ready', 'logout', 'break', 'available', 'busy', 'other'] as const;
export const reasonCodeSchema = z.object({
  ...base,
  name: z.string(),
  category: z.enum(REASON_CODE_CATEGORIES),
  /** Built-in by the platform rather than created by the customer. */
  isSystem: z.boolean(),
  active: z.boolean(),
  /** The number agents and reports use, where the platform keeps one apart from the id (Finesse `code`). */
  code: z.string().nullable(),
  /** Teams the code is assigned to; empty when it applies to everyone (Finesse team reason codes). */
  teamIds: z.array(z.string()),
});

export const wrapUpCodeSchema = z.object({
  ...base,
  name: z.string(),
  divisionId: z.string().nullable(),
  /** Teams the code is assigned to; empty when it applies to everyone (Finesse team wrap-up reasons). */
  teamIds: z.array(z.string()),
});

export const CHANNELS = ['voice', 'chat', 'email', 'message', 'callback', 'video', 'other'] as const;
export const DIRECTIONS = ['inbound', 'outbound', 'internal', 'unknown'] as const;
export const interactionSchema = z.object({
  ...base,
  channel: z.enum(CHANNELS),
  direction: z.enum(DIRECTIONS),
  startedAt: isoDate,
  /** Null while the conversation is still open on the platform. */
  endedAt: isoDate.nullable(),
  queueIds: z.array(z.string()),
  agentIds: z.array(z.string()),
  wrapUpCodeIds: z.array(z.string()),
  divisionIds: z.array(z.string()),
  /** Personal data: masked by the API unless the caller holds pii:read. */
  customerAddress: z.string().nullable(),
  dialedAddress: z.string().nullable(),
  hasRecording: z.boolean(),
});

export const RECORDING_STATES = ['listed', 'stored', 'failed', 'unavailable'] as const;
export const recordingSchema = z.object({
  ...base,
  interactionId: z.string(),
  mediaKind: z.enum(['audio', 'screen', 'chat', 'email', 'message', 'other']),
  startedAt: isoDate.nullable(),
  endedAt: isoDate.nullable(),
  contentType: z.string().nullable(),
  bytes: z.number().int().nonnegative().nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /** Key of the stored media under the data directory's blob store. */
  blobKey: z.string().nullable(),
  state: z.enum(RECORDING_STATES),
  error: z.string().nullable(),
});

export const entitySchemas = {
  agent: agentSchema,
  team: teamSchema,
  queue: queueSchema,
  queueMember: queueMemberSchema,
  division: divisionSchema,
  reasonCode: reasonCodeSchema,
  wrapUpCode: wrapUpCodeSchema,
  interaction: interactionSchema,
  recording: recordingSchema,
} as const satisfies Record<Entity, z.ZodTypeAny>;

export type Agent = z.infer<typeof agentSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Queue = z.infer<typeof queueSchema>;
export type QueueMember = z.infer<typeof queueMemberSchema>;
export type Division = z.infer<typeof divisionSchema>;
export type ReasonCode = z.infer<typeof reasonCodeSchema>;
export type WrapUpCode = z.infer<typeof wrapUpCodeSchema>;
export type Interaction = z.infer<typeof interactionSchema>;
export type Recording = z.infer<typeof recordingSchema>;

export interface EntityRecords {
  agent: Agent;
  team: Team;
  queue: Queue;
  queueMember: QueueMember;
  division: Division;
  reasonCode: ReasonCode;
  wrapUpCode: WrapUpCode;
  interaction: Interaction;
  recording: Recording;
}

/** A record tagged with its entity, as connectors emit them. */
export type TaggedRecord = { [E in Entity]: { entity: E; record: EntityRecords[E] } }[Entity];
