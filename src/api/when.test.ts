import { describe, expect, it } from 'vitest';
import { KeyInputError, parseExpiry, parseScopes } from './keys.ts';
import { parseWhen } from './when.ts';

const now = new Date('2026-01-10T12:00:00Z');

describe('points in time as operators type them', () => {
  it('reads durations ahead or ago, dates and date-times', () => {
    expect(parseWhen('90d', now, 'ahead')?.toISOString()).toBe('2026-04-10T12:00:00.000Z');
    expect(parseWhen('24h', now, 'ago')?.toISOString()).toBe('2026-01-09T12:00:00.000Z');
    expect(parseWhen('30m', now, 'ago')?.toISOString()).toBe('2026-01-10T11:30:00.000Z');
    expect(parseWhen('2026-02-01', now, 'ago')?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(parseWhen('2026-02-01T08:00:00+02:00', now, 'ago')?.toISOString()).toBe('2026-02-01T06:00:00.000Z');
  });

  it('names no time for anything else', () => {
    for (const text of ['', 'soon', '1w', '-1h', '1.5d', '2026-13-01', '01/02/2026', '1700000000'])
      expect(parseWhen(text, now, 'ago'), text).toBeUndefined();
  });

  it('keeps key expiries in the future, and scopes to the known ones', () => {
    expect(parseExpiry('1d', now).toISOString()).toBe('2026-01-11T12:00:00.000Z');
    expect(() => parseExpiry('2025-01-01', now)).toThrow(KeyInputError);
    expect(() => parseExpiry('tomorrow', now)).toThrow(/not like 90d/);
    expect(parseScopes(' agents:read, pii:read ,agents:read')).toEqual(['agents:read', 'pii:read']);
    expect(() => parseScopes('agents:read,agents:write')).toThrow(/unknown scope agents:write/);
  });
});
