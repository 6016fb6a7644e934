// How stored records look in API responses: the unified model's fields, an API id, row metadata, and
// personal data masked unless the key holds pii:read. The database writes each record's JSON
// (store/json-view.ts); this file says what it shows. `raw` (the platform payload, which carries personal
// data the model does not name) is only ever sent to pii:read keys that ask for it.
import { z } from 'zod';
import {
  agentSchema,
  divisionSchema,
  interactionSchema,
  reasonCodeSchema,
  recordingSchema,
  teamSchema,
  wrapUpCodeSchema,
  queueSchema,
} from '../model.ts';
import type { FieldMask, JsonRecord, JsonRecordView } from '../store/index.ts';
import { recordId } from './access.ts';

export const MASKED = '[masked]';

const meta = {
  id: z.string().describe('`<connectionId>:<externalId>`; the id of the single-record route'),
  connectionId: z.string().uuid(),
  syncedAt: z.string().datetime().describe('when Switchboard last wrote the record'),
  deletedAt: z.string().datetime().nullable().describe('when the platform stopped listing it; null while it exists'),
  raw: z.unknown().optional().describe('the platform payload, with include=raw (needs pii:read)'),
};

type ModelSchema = z.ZodObject<z.ZodRawShape & { raw: z.ZodUnknown }>;
const withMeta = <S extends ModelSchema>(schema: S) => schema.omit({ raw: true }).extend(meta).strict();

export const recordSchemas = {
  agent: withMeta(agentSchema),
  team: withMeta(teamSchema),
  queue: withMeta(queueSchema),
  division: withMeta(divisionSchema),
  reasonCode: withMeta(reasonCodeSchema),
  wrapUpCode: withMeta(wrapUpCodeSchema),
  interaction: withMeta(interactionSchema),
  recording: withMeta(recordingSchema)
    .omit({ blobKey: true })
    .extend({ mediaUrl: z.string().nullable().describe('where the stored media is served; null until it is stored') }),
} as const;

export type PresentedEntity = keyof typeof recordSchemas;

/** Personal data per entity: what pii:read unmasks. */
const PERSONAL: Partial<Record<PresentedEntity, Record<string, FieldMask>>> = {
  agent: {
    email: { text: MASKED },
    // Genesys Cloud and NICE CXone usernames are usually the person's email address.
    username: { text: MASKED, ifContains: '@' },
  },
  interaction: { customerAddress: { text: MASKED }, dialedAddress: { text: MASKED } },
};

/** What the database writes of each record (store/json-view.ts): every field but a recording's blob key. */
export function recordView(entity: PresentedEntity, opts: { pii: boolean; raw: boolean }): JsonRecordView {
  return {
    ...(entity === 'recording' ? { omit: ['blobKey'] } : {}),
    ...(opts.pii ? {} : { masks: PERSONAL[entity] }),
    raw: opts.raw,
  };
}

/** Fields a record's JSON needs read beside it: a recording's state says whether it has a media URL. */
export const alsoRead = (entity: PresentedEntity): string[] => (entity === 'recording' ? ['state'] : []);

/** The record's JSON as sent: what the database wrote, and a recording's media URL. */
export function recordJsonText(entity: PresentedEntity, record: JsonRecord): string {
  if (entity !== 'recording') return record.json;
  const id = recordId(record.connectionId, record.externalId);
  const mediaUrl = record.also.state === 'stored' ? `/v1/recordings/${encodeURIComponent(id).replace(/%3A/g, ':')}/media` : null;
  return `${record.json.slice(0, record.json.lastIndexOf('}'))},"mediaUrl":${JSON.stringify(mediaUrl)}}`;
}
