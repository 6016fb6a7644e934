import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleep } from './backoff.ts';
import { createHttpClient } from './http-client.ts';
import { sendJson, startTestServer, type TestServer } from './http-test-server.ts';
import { createRateBudget } from './rate-budget.ts';
import type { RateBudget } from './types.ts';

describe('rate budget (virtual time)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Runs `count` acquires from `workers` concurrent callers on fake timers; returns grant times. */
  async function grants(budget: RateBudget, count: number, workers = 4): Promise<number[]> {
    const times: number[] = [];
    const worker = async () => {
      while (times.length < count) {
        await budget.acquire();
        times.push(Date.now());
      }
    };
    let finished = false;
    const running = Promise.all(Array.from({ length: workers }, worker)).then(() => (finished = true));
    while (!finished) await vi.advanceTimersByTimeAsync(50);
    await running;
    return times.slice(0, count);
  }

  function busiestWindow(times: number[], windowMs: number): number {
    let best = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while ((times[j] as number) - (times[i] as number) >= windowMs) i++;
      best = Math.max(best, j - i + 1);
    }
    return best;
  }

  it('paces evenly just under the limit, in any window', async () => {
    vi.useFakeTimers();
    const budget = createRateBudget({ requestsPerMinute: 300, now: () => Date.now() });
    const times = await grants(budget, 1200);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(300);
    const perMinute = (times.length - 1) / (((times.at(-1) as number) - (times[0] as number)) / 60_000);
    expect(perMinute).toBeGreaterThan(0.9 * 300);
  });

  it('adopts the limit the platform reports, and its window', async () => {
    vi.useFakeTimers();
    const budget = createRateBudget({ requestsPerMinute: 300, now: () => Date.now() });
    budget.observe({ limit: 30, windowSeconds: 10 });
    const times = await grants(budget, 200);
    expect(busiestWindow(times, 10_000)).toBeLessThanOrEqual(30);
    expect(busiestWindow(times, 10_000)).toBeGreaterThanOrEqual(27);
  });

  it('makes everyone wait after a 429, then resumes paced', async () => {
    vi.useFakeTimers();
    const budget = createRateBudget({ requestsPerMinute: 600, now: () => Date.now() });
    const start = Date.now();
    await budget.acquire();
    budget.penalize(5_000);
    const times = await grants(budget, 10, 5);
    expect(Math.min(...times) - start).toBeGreaterThanOrEqual(5_000);
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(11);
  });

  it('waits for the reset when the platform says the window is spent', async () => {
    vi.useFakeTimers();
    const budget = createRateBudget({ requestsPerMinute: 100, now: () => Date.now() });
    const start = Date.now();
    budget.observe({ limit: 100, used: 50, resetSeconds: 30 });
    await budget.acquire();
    expect(Date.now() - start).toBeLessThan(1_000);
    budget.observe({ limit: 100, used: 99, resetSeconds: 7 });
    const waiting = budget.acquire();
    await vi.advanceTimersByTimeAsync(7_000);
    await waiting;
    expect(Date.now() - start).toBeGreaterThanOrEqual(7_000);
  });

  it('does not pace an unlimited budget, but still honours a 429', async () => {
    const wait = vi.fn(async () => undefined);
    let t = 0;
    const budget = createRateBudget({ requestsPerMinute: 0, now: () => t, sleep: wait });
    budget.observe({ limit: 10, used: 10, resetSeconds: 60 });
    for (let i = 0; i < 10_000; i++) await budget.acquire();
    expect(wait).not.toHaveBeenCalled();
    budget.penalize(2_000);
    t = 500;
    await budget.acquire();
    expect(wait).toHaveBeenCalledWith(1_500, undefined);
    expect(createRateBudget({ requestsPerMinute: Infinity, sleep: wait })).toBeDefined();
  });

  it('stops waiting on abort', async () => {
    const budget = createRateBudget({ requestsPerMinute: 1 });
    await budget.acquire();
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });
});

describe('rate budget against a fixed-window server', () => {
  // The platform's minute is scaled to one real second: the budget runs on a clock 60 times faster,
  // the server allows LIMIT requests per real second.
  const LIMIT = 100;
  const WINDOW_MS = 1_000;
  const SCALE = 60;
  const scaledNow = () => performance.now() * SCALE;
  const scaledSleep = (ms: number, signal?: AbortSignal) => sleep(ms / SCALE, signal);

  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  async function run(budget: RateBudget, withHeaders: boolean, durationMs = 3_000) {
    const t0 = performance.now();
    let window = -1;
    let used = 0;
    let ok = 0;
    let limited = 0;
    server = await startTestServer((_req, res) => {
      const now = performance.now() - t0;
      const current = Math.floor(now / WINDOW_MS);
      if (current !== window) [window, used] = [current, 0];
      const headers = withHeaders
        ? { 'x-limit': String(LIMIT), 'x-used': String(used + 1), 'x-reset-ms': String((current + 1) * WINDOW_MS - now) }
        : undefined;
      if (++used > LIMIT) {
        limited++;
        return sendJson(res, 429, { message: 'too many' }, headers);
      }
      ok++;
      sendJson(res, 200, { ok: true }, headers);
    });
    const http = createHttpClient({
      baseUrl: server.url,
      budget,
      platform: {
        requestsPerMinute: LIMIT,
        readRateHeaders: (h) =>
          h['x-limit']
            ? { limit: Number(h['x-limit']), used: Number(h['x-used']), resetSeconds: (Number(h['x-reset-ms']) / 1000) * SCALE }
            : undefined,
      },
    });
    const worker = async () => {
      while (performance.now() - t0 < durationMs) {
        await http.request({ method: 'GET', url: '/x', acceptStatuses: [429] });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await http.close();
    const allowed = LIMIT * ((performance.now() - t0) / WINDOW_MS);
    return { share: ok / allowed, limitedShare: limited / (ok + limited) };
  }

  it('reaches at least 90% of the allowed rate with at most 1% of 429s', async () => {
    const budget = createRateBudget({ requestsPerMinute: LIMIT, now: scaledNow, sleep: scaledSleep });
    const { share, limitedShare } = await run(budget, false);
    expect(share).toBeGreaterThanOrEqual(0.9);
    expect(limitedShare).toBeLessThanOrEqual(0.01);
  });

  it('learns the real limit from the rate headers when configured too high', async () => {
    const budget = createRateBudget({ requestsPerMinute: LIMIT * 4, now: scaledNow, sleep: scaledSleep });
    const { share, limitedShare } = await run(budget, true);
    expect(share).toBeGreaterThanOrEqual(0.9);
    expect(limitedShare).toBeLessThanOrEqual(0.01);
  });
});
