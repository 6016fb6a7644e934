import { describe, expect, it } from 'vitest';
import { canonicalIso } from './codec.ts';

describe('canonicalIso', () => {
  it('keeps a timestamp that is already canonical', () => {
    for (const iso of ['2024-05-01T08:00:00.000Z', '2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z', '2023-12-31T00:00:00.000Z']) {
      expect(canonicalIso(iso)).toBe(iso);
    }
  });

  it('rewrites other forms and offsets into UTC with milliseconds', () => {
    expect(canonicalIso('2024-05-01T10:00:00+02:00')).toBe('2024-05-01T08:00:00.000Z');
    expect(canonicalIso('2024-05-01T08:00:00Z')).toBe('2024-05-01T08:00:00.000Z');
    expect(canonicalIso('2024-05-01T08:00:00.5Z')).toBe('2024-05-01T08:00:00.500Z');
    expect(canonicalIso(new Date(Date.UTC(2024, 4, 1, 8)))).toBe('2024-05-01T08:00:00.000Z');
  });

  it('never keeps a day that does not exist as written, and refuses what is no date', () => {
    // JavaScript would roll these over into the next month or day; they are not kept as they are.
    expect(canonicalIso('2024-02-30T00:00:00.000Z')).toBe('2024-03-01T00:00:00.000Z');
    expect(canonicalIso('2023-02-29T00:00:00.000Z')).toBe('2023-03-01T00:00:00.000Z');
    expect(canonicalIso('1900-02-29T00:00:00.000Z')).toBe('1900-03-01T00:00:00.000Z');
    expect(canonicalIso('2024-04-31T00:00:00.000Z')).toBe('2024-05-01T00:00:00.000Z');
    expect(() => canonicalIso('2024-13-01T00:00:00.000Z')).toThrow(/not a valid date/);
    expect(() => canonicalIso('yesterday')).toThrow(/not a valid date/);
  });
});
