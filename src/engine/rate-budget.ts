// A proactive per-token request budget, so that the platform's 429 stays a rare event rather than the
// way we find the limit. Requests are paced evenly (GCRA, a token bucket with a small burst) at a target
// just under the limit; the platform's own rate headers correct the limit, and a 429 pauses every holder.
// The state is four numbers and the clock is injectable, so it can later be leased through the database.
import { abortReason, sleep as realSleep } from './backoff.ts';
import type { RateBudget, RateObservation } from './types.ts';

export interface RateBudgetOptions {
  /** Requests allowed per minute; 0 or Infinity for no pacing (a 429 still pauses). */
  requestsPerMinute: number;
  /** Milliseconds on a clock that only moves forward. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Pace at 95% of the limit: the slack absorbs the burst and the requests that cross a window boundary
 * in flight, so a fixed-window limiter never sees more than it allows.
 */
const TARGET_SHARE = 0.95;
/** Burst as a share of the per-window limit, capped: pace + burst stays under the limit. */
const BURST_SHARE = 0.03;
const MAX_BURST = 5;
/** When the platform says the window is this close to spent, wait for its reset. */
const NEAR_LIMIT_SHARE = 0.02;

export function createRateBudget(opts: RateBudgetOptions): RateBudget {
  const now = opts.now ?? (() => performance.timeOrigin + performance.now());
  const sleep = opts.sleep ?? realSleep;
  const unlimited = !(opts.requestsPerMinute > 0) || !Number.isFinite(opts.requestsPerMinute);

  let limit = 0;
  let windowSeconds = 60;
  /** Milliseconds between grants at the target rate. */
  let interval = 0;
  /** How far ahead of schedule a grant may be: the burst. */
  let tolerance = 0;
  /** Theoretical arrival time of the next grant (GCRA). */
  let tat = 0;
  let pausedUntil = 0;
  /** Bumped on every pause, so waiters holding a slot from before it take a new one after it. */
  let pauses = 0;

  function setLimit(perWindow: number, seconds: number): void {
    limit = perWindow;
    windowSeconds = seconds;
    interval = (seconds * 1000) / (perWindow * TARGET_SHARE);
    const burst = Math.min(MAX_BURST, Math.max(1, Math.floor(perWindow * BURST_SHARE)));
    tolerance = (burst - 1) * interval;
  }

  function pause(until: number): void {
    if (until <= pausedUntil) return;
    pausedUntil = until;
    // Every waiter re-reserves after a pause, so the schedule restarts at its end, paced (not all at once).
    tat = until;
    pauses++;
  }

  if (!unlimited) setLimit(opts.requestsPerMinute, 60);

  return {
    async acquire(signal) {
      for (;;) {
        if (signal?.aborted) throw abortReason(signal);
        const t = now();
        let at = Math.max(t, pausedUntil);
        if (!unlimited) {
          at = Math.max(at, tat - tolerance);
          tat = Math.max(tat, at) + interval;
        }
        if (at <= t) return;
        const seen = pauses;
        await sleep(at - t, signal);
        if (seen === pauses) return;
      }
    },

    observe(obs: RateObservation) {
      // An explicit "no pacing" (benchmarks, platforms without limits) is not overridden by headers.
      if (unlimited) return;
      if (obs.limit !== undefined && obs.limit > 0) {
        const seconds = obs.windowSeconds !== undefined && obs.windowSeconds > 0 ? obs.windowSeconds : 60;
        if (obs.limit !== limit || seconds !== windowSeconds) setLimit(obs.limit, seconds);
      }
      // `used` also counts other holders of the same token (other workers, other tools), which our own
      // pacing cannot see: when the window is nearly spent, wait for it to reset.
      if (obs.used !== undefined && obs.resetSeconds !== undefined && obs.resetSeconds >= 0) {
        const ofLimit = obs.limit ?? limit;
        if (ofLimit - obs.used <= Math.max(1, Math.ceil(ofLimit * NEAR_LIMIT_SHARE))) {
          pause(now() + obs.resetSeconds * 1000);
        }
      }
    },

    penalize(retryAfterMs: number) {
      pause(now() + Math.max(0, retryAfterMs));
    },
  };
}
