// What every CXone route handler sees: the simulator (state, clock, stats, throttles, signing keys) and,
// for API calls, the employee behind the bearer token with the permissions of their role.
import { randomBytes } from 'node:crypto';
import { resolveSizes as resolveSharedSizes, SimClock, SimStats, type SimulatorSizes, type Sizes } from '../control-plane.ts';
import type { FaultInjector } from '../faults.ts';
import { json, type SimRequest, type SimResponse } from '../http-kit.ts';
import type { JwtSigner } from './jwt.ts';
import { PerTokenLimiter, SlidingWindow } from './rate-limit.ts';
import { DEFAULT_SIZES, MAX_SIZES, type CxEmployee } from './seed.ts';
import { NiceState, type TokenGrant } from './state.ts';

export type { Sizes };

export interface MediaPlaybackConfig {
  /** Requests per window for the tenant (reference §5.3: 150 per 5 minutes unless raised by NICE). */
  limit: number;
  windowSeconds: number;
  /** Whether 429s carry Retry-After; undocumented (§6.2), so off by default. */
  retryAfter: boolean;
  /** Off: every media-playback call answers 403 (how an unlicensed tenant is refused is UNCONFIRMED). */
  licensed: boolean;
  /** Lifetime of a fileToPlayUrl on the simulated clock; the real TTL is UNCONFIRMED (§5.3). */
  linkTtlSeconds: number;
}

export const DEFAULT_MEDIA_PLAYBACK: Readonly<MediaPlaybackConfig> = Object.freeze({
  limit: 150,
  windowSeconds: 300,
  retryAfter: false,
  licensed: true,
  linkTtlSeconds: 300,
});

/** This simulator's sizes: its own defaults and maxima. */
export const resolveSizes = (sizes: SimulatorSizes | undefined, base?: Sizes) =>
  resolveSharedSizes(sizes, { defaults: DEFAULT_SIZES, max: MAX_SIZES }, base);

export interface StartOptions {
  seed: number;
  sizes: Sizes;
  now?: number;
  rateLimitPerMinute: number;
  /** Media playback unthrottled too, and it stays so across resets. */
  unthrottled: boolean;
}

export class NiceSim {
  state: NiceState;
  seed: number;
  sizes: Sizes;
  /** Set once the listener is up: issuer, api_endpoint and media links are absolute. */
  baseUrl = '';
  media: MediaPlaybackConfig = { ...DEFAULT_MEDIA_PLAYBACK };
  readonly mediaThrottle = new SlidingWindow(DEFAULT_MEDIA_PLAYBACK.limit, DEFAULT_MEDIA_PLAYBACK.windowSeconds * 1000);
  /** Bumped by POST /_sim/media-playback/links/expire: links signed under an older generation are expired. */
  mediaLinkGeneration = 0;
  /** Signs media and extract links; per process, so links never outlive the simulator. */
  readonly linkKey = randomBytes(32);
  readonly limiter: PerTokenLimiter;
  /** Whether 429s outside Media Playback carry Retry-After: CXone sends none reliably (reference §6.2). */
  retryAfter = false;

  constructor(
    readonly clock: SimClock,
    readonly stats: SimStats,
    readonly faults: FaultInjector,
    readonly signer: JwtSigner,
    private readonly startOptions: StartOptions,
  ) {
    this.seed = startOptions.seed;
    this.sizes = startOptions.sizes;
    this.limiter = new PerTokenLimiter(startOptions.rateLimitPerMinute);
    this.state = this.build(startOptions.now ?? clock.now());
    this.setMedia(this.startMedia());
  }

  /** The media-playback configuration the simulator started with (and returns to on reset). */
  private startMedia(): MediaPlaybackConfig {
    // Unthrottled: a limit no client reaches, keeping the 5-minute window the tenant reports.
    return this.startOptions.unthrottled ? { ...DEFAULT_MEDIA_PLAYBACK, limit: 1_000_000_000 } : { ...DEFAULT_MEDIA_PLAYBACK };
  }

  private build(anchorMs = this.clock.now()): NiceState {
    return new NiceState({ seed: this.seed, ...this.sizes, anchorMs });
  }

  setMedia(config: MediaPlaybackConfig): void {
    this.media = config;
    this.mediaThrottle.limit = config.limit;
    this.mediaThrottle.windowMs = config.windowSeconds * 1000;
  }

  /** Back to the state at start: clock, seed, sizes, throttles; data anchored at the start time. */
  reset(): void {
    const anchor = this.startOptions.now ?? Date.now();
    this.clock.freeze(false);
    this.clock.set(anchor);
    this.seed = this.startOptions.seed;
    this.sizes = this.startOptions.sizes;
    this.setMedia(this.startMedia());
    this.mediaThrottle.clear();
    this.mediaLinkGeneration++;
    this.limiter.perMinute = this.startOptions.rateLimitPerMinute;
    this.limiter.clear();
    this.retryAfter = false;
    this.faults.reset(this.seed);
    this.state = this.build(anchor);
  }

  reseed(seed: number | undefined, sizes: SimulatorSizes | undefined): void {
    this.sizes = resolveSizes(sizes, this.sizes);
    if (seed !== undefined) this.seed = seed;
    this.limiter.clear();
    this.mediaThrottle.clear();
    this.state = this.build();
  }
}

export interface ApiContext {
  req: SimRequest;
  sim: NiceSim;
  state: NiceState;
  employee: CxEmployee;
  permissions: ReadonlySet<string>;
  grant: TokenGrant;
  /** The simulated clock when the request arrived. */
  now: number;
}

export type ApiHandler = (ctx: ApiContext) => SimResponse | Promise<SimResponse>;

export const ok = (value: unknown, status = 200): SimResponse => json(status, value);

export const noContent = (): SimResponse => ({ status: 204, headers: {}, body: '' });
