import { describe, expect, it } from 'vitest';
import { ENTITIES, entitySchemas } from '../model.ts';
import { ENTITY_TABLES, columnName, fieldOf } from './entities.ts';

describe('entity column map', () => {
  it.each(ENTITIES)('has a column for every field of the %s model, and no other', (entity) => {
    const modelFields = Object.keys(entitySchemas[entity].shape).sort();
    expect(['externalId', 'raw', ...Object.keys(ENTITY_TABLES[entity].fields)].sort()).toEqual(modelFields);
  });

  it('names columns in snake_case', () => {
    expect(columnName('wrapUpCodeIds')).toBe('wrap_up_code_ids');
    expect(fieldOf('interaction', 'hasRecording')).toEqual({ column: 'has_recording', kind: 'bool' });
  });

  it('refuses unknown fields, including inherited object properties', () => {
    expect(() => fieldOf('team', 'toString')).toThrow('team has no field "toString"');
  });
});
