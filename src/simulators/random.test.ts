import { describe, expect, it } from 'vitest';
import { IndexedIds, Rng, seededUuid, weightTable } from './random.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Rng', () => {
  it('is deterministic per seed', () => {
    const seq = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(new Rng(42).uuid()).toBe(new Rng(42).uuid());
    expect(new Rng(42).uuid()).not.toBe(new Rng(43).uuid());
    expect(seq(1)).toEqual(seq(1));
    expect(seq(1)).not.toEqual(seq(2));
  });

  it('makes well-formed UUIDs, picks, weights and digits', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 100; i++) expect(rng.uuid()).toMatch(UUID);
    expect(seededUuid(1, 'user', 3)).toBe(seededUuid(1, 'user', 3));
    expect(rng.digits(4)).toMatch(/^\d{4}$/);
    const table = weightTable([
      ['a', 1],
      ['b', 0],
    ]);
    expect(Array.from({ length: 20 }, () => rng.weighted(table))).toEqual(Array(20).fill('a'));
    expect(rng.sample([1, 2, 3, 4], 3).sort()).toHaveLength(3);
    expect(new Set(rng.sample([1, 2, 3, 4], 4))).toEqual(new Set([1, 2, 3, 4]));
  });
});

describe('IndexedIds', () => {
  it('round-trips ids to indexes without a map and rejects foreign ids', () => {
    const ids = new IndexedIds(9, 'conversation');
    for (const index of [0, 1, 2, 199_999, 4_999_999]) {
      const id = ids.idOf(index);
      expect(id).toMatch(UUID);
      expect(ids.indexOf(id, 5_000_000)).toBe(index);
    }
    expect(ids.indexOf(ids.idOf(10), 10)).toBeUndefined();
    expect(new IndexedIds(9, 'recording').indexOf(ids.idOf(3), 100)).toBeUndefined();
    expect(ids.indexOf('not-an-id', 100)).toBeUndefined();
    expect(new Set(Array.from({ length: 1000 }, (_, i) => ids.idOf(i))).size).toBe(1000);
  });
});
