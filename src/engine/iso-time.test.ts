import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.ts';

describe('isoTime', () => {
  it('formats as toISOString does across 1970-9999, leap days and the ends of the range included', () => {
    const edges = [0, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    const random = Array.from({ length: 20_000 }, (_, i) => Math.floor((((i * 7919) % 20_000) / 20_000) * Date.UTC(9999, 11, 31) + i));
    for (const ms of [...edges, ...random]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves what it does not format to toISOString, errors included', () => {
    expect(isoTime(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoTime(Date.UTC(10_000, 0, 1))).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoTime(1.7)).toBe(new Date(1.7).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
