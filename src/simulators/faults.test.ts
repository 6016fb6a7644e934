import { describe, expect, it } from 'vitest';
import { FaultInjector, formatFaultSpec, parseFaultSpec } from './faults.ts';

describe('parseFaultSpec', () => {
  it('parses every fault kind', () => {
    expect(parseFaultSpec('5xx=0.1,429=0.05,reset=0.02,truncate=0.01,latency=20')).toEqual({
      serverError: 0.1,
      tooManyRequests: 0.05,
      reset: 0.02,
      truncate: 0.01,
      latencyMs: 20,
    });
    expect(parseFaultSpec('')).toEqual({ serverError: 0, tooManyRequests: 0, reset: 0, truncate: 0, latencyMs: 0 });
    expect(parseFaultSpec(' 429 = 0.5 , ')).toMatchObject({ tooManyRequests: 0.5 });
  });

  it.each([
    ['5xx', /not key=value/],
    ['5xx=abc', /5xx must be a rate between 0 and 1, got "abc"/],
    ['reset=-0.1', /reset must be a rate/],
    ['latency=1.5', /latency must be whole milliseconds/],
    ['teapot=0.1', /unknown fault "teapot"/],
    ['5xx=0.1,5xx=0.2', /given twice/],
    ['5xx=0.6,429=0.6', /add up to 1.2/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });

  it('formats back to a canonical spec', () => {
    expect(formatFaultSpec(parseFaultSpec('latency=5,truncate=0.25,5xx=0.5'))).toBe('5xx=0.5,truncate=0.25,latency=5');
  });
});

describe('FaultInjector', () => {
  const draws = (injector: FaultInjector, n: number) => Array.from({ length: n }, () => injector.draw().kind ?? 'none');

  it('draws the same sequence for the same seed, and roughly the configured shares', () => {
    const a = new FaultInjector(7);
    const b = new FaultInjector(7);
    for (const i of [a, b]) i.set(parseFaultSpec('5xx=0.2,429=0.1,reset=0.1,truncate=0.1'));
    const seqA = draws(a, 2000);
    expect(draws(b, 2000)).toEqual(seqA);
    const share = (kind: string) => seqA.filter((k) => k === kind).length / seqA.length;
    expect(share('5xx')).toBeGreaterThan(0.15);
    expect(share('5xx')).toBeLessThan(0.25);
    expect(share('none')).toBeGreaterThan(0.45);
    expect(a.counts['5xx']).toBe(seqA.filter((k) => k === '5xx').length);
  });

  it('starts over after reset, with no faults', () => {
    const injector = new FaultInjector(3);
    injector.set(parseFaultSpec('5xx=0.5'));
    const first = draws(injector, 50);
    injector.reset();
    expect(draws(injector, 5)).toEqual(['none', 'none', 'none', 'none', 'none']);
    injector.reset();
    injector.set(parseFaultSpec('5xx=0.5'));
    expect(draws(injector, 50)).toEqual(first);
  });
});
