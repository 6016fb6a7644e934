// How each unified-model entity maps onto its table: one column per model field, named in snake_case.
// The kind tells codec.ts how to convert a value in each direction. entities.test.ts checks this table
// against the zod schemas, so a model field added without a column (and a migration) fails loudly.
import type { Entity } from '../model.ts';
import type { EntityTableName } from './schema.ts';

export type FieldKind = 'text' | 'int' | 'bool' | 'date' | 'json';

export interface EntityTableSpec {
  table: EntityTableName;
  /** Model field name → kind; externalId and raw are common to every entity and not listed. */
  fields: Readonly<Record<string, FieldKind>>;
}

export const ENTITY_TABLES: Readonly<Record<Entity, EntityTableSpec>> = {
  agent: {
    table: 'agents',
    fields: { name: 'text', email: 'text', username: 'text', state: 'text', divisionId: 'text', teamId: 'text' },
  },
  team: { table: 'teams', fields: { name: 'text', divisionId: 'text' } },
  queue: { table: 'queues', fields: { name: 'text', divisionId: 'text', description: 'text' } },
  queueMember: { table: 'queue_members', fields: { queueId: 'text', agentId: 'text', joined: 'bool' } },
  division: { table: 'divisions', fields: { name: 'text', isHome: 'bool' } },
  reasonCode: {
    table: 'reason_codes',
    fields: { name: 'text', category: 'text', isSystem: 'bool', active: 'bool', code: 'text', teamIds: 'json' },
  },
  wrapUpCode: { table: 'wrapup_codes', fields: { name: 'text', divisionId: 'text', teamIds: 'json' } },
  interaction: {
    table: 'interactions',
    fields: {
      channel: 'text',
      direction: 'text',
      startedAt: 'date',
      endedAt: 'date',
      queueIds: 'json',
      agentIds: 'json',
      wrapUpCodeIds: 'json',
      divisionIds: 'json',
      customerAddress: 'text',
      dialedAddress: 'text',
      hasRecording: 'bool',
    },
  },
  recording: {
    table: 'recordings',
    fields: {
      interactionId: 'text',
      mediaKind: 'text',
      startedAt: 'date',
      endedAt: 'date',
      contentType: 'text',
      bytes: 'int',
      sha256: 'text',
      blobKey: 'text',
      state: 'text',
      error: 'text',
    },
  },
};

export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The spec of one entity field, or a clear error naming the fields that exist (never a raw SQL error). */
export function fieldOf(entity: Entity, field: string): { column: string; kind: FieldKind } {
  const spec = ENTITY_TABLES[entity];
  if (field === 'externalId') return { column: 'external_id', kind: 'text' };
  const kind = Object.hasOwn(spec.fields, field) ? spec.fields[field] : undefined;
  if (!kind) {
    throw new Error(`${entity} has no field "${field}" (fields: externalId, ${Object.keys(spec.fields).join(', ')})`);
  }
  return { column: columnName(field), kind };
}
