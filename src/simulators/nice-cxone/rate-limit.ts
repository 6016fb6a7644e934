// Two throttles. Media Playback's documented one: N requests per window per tenant (150 per 5 minutes by
// default, reference §5.3, §6.2), a sliding window on the simulated clock so tests can move past it.
// And an optional per-token budget for the other APIs, whose real limits are unpublished (§6.2): off by
// default, a fixed minute of real time when set (like the Genesys simulator's).

export class SlidingWindow {
  private stamps: number[] = [];

  constructor(
    public limit: number,
    public windowMs: number,
  ) {}

  /** Counts a request at `now`; undefined when allowed, else the seconds until a slot frees up. */
  take(now: number): number | undefined {
    const since = now - this.windowMs;
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] as number) <= since) drop++;
    if (drop > 0) this.stamps = this.stamps.slice(drop);
    if (this.stamps.length >= this.limit) return Math.max(1, Math.ceil(((this.stamps[0] as number) + this.windowMs - now) / 1000));
    this.stamps.push(now);
    return undefined;
  }

  /** Requests counted in the window ending at `now`. */
  used(now: number): number {
    return this.stamps.filter((s) => s > now - this.windowMs).length;
  }

  clear(): void {
    this.stamps = [];
  }
}

const MINUTE_MS = 60_000;

export class PerTokenLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(public perMinute: number) {}

  /** undefined when allowed (or unthrottled), else the seconds until the token's minute resets. */
  take(token: string, now = Date.now()): number | undefined {
    if (this.perMinute <= 0) return undefined;
    let window = this.windows.get(token);
    if (!window || now - window.start >= MINUTE_MS) {
      if (this.windows.size > 10_000) for (const [t, w] of this.windows) if (now - w.start >= MINUTE_MS) this.windows.delete(t);
      window = { start: now, count: 0 };
      this.windows.set(token, window);
    }
    window.count++;
    return window.count > this.perMinute ? Math.max(1, Math.ceil((window.start + MINUTE_MS - now) / 1000)) : undefined;
  }

  clear(): void {
    this.windows.clear();
  }
}
