import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, sleep } from './backoff.ts';

describe('backoffDelay', () => {
  it('grows exponentially from the base and never exceeds the cap', () => {
    const top = () => 0.999999;
    expect(backoffDelay(1, { baseMs: 200, capMs: 20_000 }, top)).toBe(199);
    expect(backoffDelay(3, { baseMs: 200, capMs: 20_000 }, top)).toBe(799);
    expect(backoffDelay(30, { baseMs: 200, capMs: 20_000 }, top)).toBe(19_999);
    for (let retry = 1; retry < 40; retry++) {
      const d = backoffDelay(retry);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(20_000);
    }
  });

  it('spreads waits over the whole range (full jitter)', () => {
    expect(backoffDelay(5, {}, () => 0)).toBe(0);
    const draws = Array.from({ length: 200 }, () => backoffDelay(4));
    expect(Math.min(...draws)).toBeLessThan(400);
    expect(Math.max(...draws)).toBeGreaterThan(1200);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('42', now)).toBe(42_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1_500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });

  it('gives undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('sleep', () => {
  it('rejects with the signal reason as soon as it aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(waiting).rejects.toThrow('stop');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
