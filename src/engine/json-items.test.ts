import { describe, expect, it } from 'vitest';
import { arrayItemTexts } from './json-items.ts';

const split = (value: Record<string, unknown>, key = 'items', space?: number) => {
  const text = JSON.stringify(value, null, space);
  const items = (JSON.parse(text) as Record<string, unknown[]>)[key] ?? [];
  return { texts: arrayItemTexts(text, key, items.length), items };
};

describe('arrayItemTexts', () => {
  it('returns each element exactly as it appears in the document', () => {
    const { texts, items } = split({ before: { items: 'not this one' }, items: [{ a: 1 }, { b: [1, { c: '}' }] }, []], after: 2 });
    expect(texts).toEqual(items.map((i) => JSON.stringify(i)));
  });

  it('is not confused by brackets, quotes and backslashes inside strings', () => {
    const tricky = ['"', '\\', '\\"', '{', '}', '[', ']', 'a\\"}]{["', '\u0000', 'é😀'];
    const { texts, items } = split({ items: tricky.map((s, i) => ({ [s]: s, i, nested: [{ s }] })) });
    expect(texts?.map((t) => JSON.parse(t))).toEqual(items);
  });

  it('keeps the whitespace of a pretty-printed document', () => {
    const { texts, items } = split({ items: [{ a: [1, 2] }, { b: {} }] }, 'items', 2);
    expect(texts?.map((t) => JSON.parse(t))).toEqual(items);
    expect(texts?.[0]).toContain('\n');
  });

  it('gives up (undefined) rather than return a wrong split', () => {
    expect(arrayItemTexts('{"items":[1,2]}', 'items', 2)).toBeUndefined();
    expect(arrayItemTexts('{"other":[{}]}', 'items', 1)).toBeUndefined();
    expect(arrayItemTexts('{"items":[{}]}', 'items', 2)).toBeUndefined();
  });

  it('finds empty and single-element arrays', () => {
    expect(arrayItemTexts('{"items":[]}', 'items', 0)).toEqual([]);
    expect(arrayItemTexts('{"items" :[ {"x":"]"} ]}', 'items', 1)).toBeUndefined();
    expect(arrayItemTexts('{"items":[ {"x":"]"} ]}', 'items', 1)).toEqual(['{"x":"]"}']);
  });
});
