// How stored records look in API responses: the unified model's fields, an API id, row metadata, and
// personal data masked unless the key holds pii:read. `raw` (the platform payload, which carries personal
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
  type Entity,
} from '../model.ts';
import type { StoredRecord } from '../store/index.ts';
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

const mask = (value: unknown) => (value === null || value === undefined ? value : MASKED);
const EMAIL_SHAPED = /@/;

/** Personal data per entity: what pii:read unmasks. */
const PERSONAL: Partial<Record<Entity, (out: Record<string, unknown>) => void>> = {
  agent(out) {
    out.email = mask(out.email);
    // Genesys Cloud and NICE CXone usernames are usually the person's email address.
    if (typeof out.username === 'string' && EMAIL_SHAPED.test(out.username)) out.username = MASKED;
  },
  interaction(out) {
    out.customerAddress = mask(out.customerAddress);
    out.dialedAddress = mask(out.dialedAddress);
  },
};

export function presentRecord(entity: PresentedEntity, stored: StoredRecord<Entity>, opts: { pii: boolean; raw: boolean }) {
  const { raw, connectionId, syncedAt, deletedAt, ...fields } = stored as StoredRecord<Entity> & Record<string, unknown>;
  const id = recordId(connectionId, stored.externalId);
  const out: Record<string, unknown> = {
    id,
    connectionId,
    ...fields,
    syncedAt: syncedAt.toISOString(),
    deletedAt: deletedAt?.toISOString() ?? null,
  };
  if (entity === 'recording') {
    delete out.blobKey;
    out.mediaUrl = fields.state === 'stored' ? `/v1/recordings/${encodeURIComponent(id).replace(/%3A/g, ':')}/media` : null;
  }
  if (opts.raw) out.raw = raw;
  if (!opts.pii) PERSONAL[entity]?.(out);
  return out;
}
