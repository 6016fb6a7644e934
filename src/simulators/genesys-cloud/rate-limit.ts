// The per-token request budget (reference §4): a fixed 60-second window of real time (not the simulated
// clock, so tests that move the clock do not refill buckets), `inin-ratelimit-*` headers on every API
// answer while throttling is on, 429 with Retry-After once the budget is spent.
const WINDOW_MS = 60_000;
/**
 * What an unthrottled simulator advertises: a real org always reports some bucket, and clients pace
 * themselves by it, so "unthrottled" is a bucket no client will fill.
 */
const UNTHROTTLED_ALLOWED = 1_000_000_000;

export interface RateDecision {
  /** Seconds until the window resets when the request is over budget. */
  retryAfter?: number;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(public perMinute: number) {}

  take(token: string, now = Date.now()): RateDecision {
    if (this.perMinute <= 0)
      return {
        headers: { 'inin-ratelimit-allowed': String(UNTHROTTLED_ALLOWED), 'inin-ratelimit-count': '1', 'inin-ratelimit-reset': '60' },
      };
    let window = this.windows.get(token);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.windows.size > 10_000) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(token, window);
    }
    window.count++;
    const reset = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    const headers = {
      'inin-ratelimit-allowed': String(this.perMinute),
      'inin-ratelimit-count': String(Math.min(window.count, this.perMinute)),
      'inin-ratelimit-reset': String(reset),
    };
    return window.count > this.perMinute ? { retryAfter: reset, headers } : { headers };
  }

  clear(): void {
    this.windows.clear();
  }

  private prune(now: number): void {
    for (const [token, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(token);
  }
}
