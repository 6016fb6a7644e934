import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createCursorCodec } from './cursor.ts';
import { ApiError } from './errors.ts';

const key = z.tuple([z.string(), z.string()]) as z.ZodType<string[]>;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? `${err.statusCode} ${err.code}` : String(err);
  }
  return 'accepted';
};

describe('page cursors', () => {
  const codec = createCursorCodec(Buffer.alloc(32, 3));
  const cursor = codec.encode('/v1/agents', { connection: 'a', includeDeleted: true }, ['c1', 'x:1']);

  it('give back the sort key for the same route and filters, in any order of fields', () => {
    expect(codec.decode(cursor, '/v1/agents', { includeDeleted: true, connection: 'a' }, key)).toEqual(['c1', 'x:1']);
  });

  it('refuse a cursor made with another key, altered, or of the wrong shape', () => {
    const other = createCursorCodec(Buffer.alloc(32, 4)).encode('/v1/agents', { connection: 'a', includeDeleted: true }, ['c1', 'x:1']);
    const [body, tag] = cursor.split('.') as [string, string];
    const altered = Buffer.from(Buffer.from(body, 'base64url').toString().replace('c1', 'c2')).toString('base64url');
    for (const bad of [
      other,
      `${altered}.${tag}`,
      `${body}.${tag.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      body,
      '',
      'a.b',
      'x'.repeat(3000),
    ]) {
      expect(
        codeOf(() => codec.decode(bad, '/v1/agents', { connection: 'a', includeDeleted: true }, key)),
        bad.slice(0, 30),
      ).toBe('400 invalid_cursor');
    }
    const wrongShape = codec.encode('/v1/agents', {}, ['only-one']);
    expect(codeOf(() => codec.decode(wrongShape, '/v1/agents', {}, key))).toBe('400 invalid_cursor');
  });

  it('refuse a cursor of another route or other filters', () => {
    expect(codeOf(() => codec.decode(cursor, '/v1/teams', { connection: 'a', includeDeleted: true }, key))).toBe('400 cursor_mismatch');
    expect(codeOf(() => codec.decode(cursor, '/v1/agents', { connection: 'b', includeDeleted: true }, key))).toBe('400 cursor_mismatch');
  });
});
