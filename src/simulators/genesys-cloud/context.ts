// What every Genesys route handler sees: the simulator (state, clock, stats, limits) and, for /api/v2
// calls, the authenticated client with its grants.
import { randomBytes } from 'node:crypto';
import { resolveSizes as resolveSharedSizes, SimClock, SimStats, type SimulatorSizes, type Sizes } from '../control-plane.ts';
import type { FaultInjector } from '../faults.ts';
import { json, type SimRequest, type SimResponse } from '../http-kit.ts';
import type { Grant } from './permissions.ts';
import { RateLimiter } from './rate-limit.ts';
import { DEFAULT_SIZES, MAX_SIZES } from './seed.ts';
import { GenesysState, type GcClient } from './state.ts';

export type { Sizes };

/** Default lag between the simulated now and the analytics data-availability date. */
export const DEFAULT_AVAILABILITY_LAG_MS = 5 * 60_000;

/** This simulator's sizes: its own defaults and maxima. */
export const resolveSizes = (sizes: SimulatorSizes | undefined, base?: Sizes) =>
  resolveSharedSizes(sizes, { defaults: DEFAULT_SIZES, max: MAX_SIZES }, base);

export class GenesysSim {
  state: GenesysState;
  seed: number;
  sizes: Sizes;
  lagMs = DEFAULT_AVAILABILITY_LAG_MS;
  /** Set once the listener is up; recording download URLs are absolute. */
  baseUrl = '';
  /** Signs recording download URLs; per process, so URLs never outlive the simulator. */
  readonly mediaKey = randomBytes(32);

  constructor(
    readonly clock: SimClock,
    readonly stats: SimStats,
    readonly faults: FaultInjector,
    readonly limiter: RateLimiter,
    private readonly startOptions: { seed: number; sizes: Sizes; now?: number; rateLimitPerMinute: number },
  ) {
    this.seed = startOptions.seed;
    this.sizes = startOptions.sizes;
    this.state = this.build(startOptions.now ?? clock.now());
  }

  /** Seeds data placed relative to `anchorMs` (exactly the configured start time when there is one). */
  private build(anchorMs = this.clock.now()): GenesysState {
    return new GenesysState({ seed: this.seed, ...this.sizes, anchorMs, lagMs: this.lagMs });
  }

  /** Back to the state at start: clock, seed, sizes, rate limit; new data anchored at the clock. */
  reset(): void {
    const anchor = this.startOptions.now ?? Date.now();
    this.clock.freeze(false);
    this.clock.set(anchor);
    this.lagMs = DEFAULT_AVAILABILITY_LAG_MS;
    this.seed = this.startOptions.seed;
    this.sizes = this.startOptions.sizes;
    this.limiter.perMinute = this.startOptions.rateLimitPerMinute;
    this.limiter.clear();
    this.faults.reset(this.seed);
    this.state = this.build(anchor);
  }

  reseed(seed: number | undefined, sizes: SimulatorSizes | undefined): void {
    this.sizes = resolveSizes(sizes, this.sizes);
    if (seed !== undefined) this.seed = seed;
    this.limiter.clear();
    this.state = this.build();
  }

  /** Jobs see the data lake up to here. */
  availableAt(): number {
    return this.clock.now() - this.lagMs;
  }
}

export interface ApiContext {
  req: SimRequest;
  sim: GenesysSim;
  state: GenesysState;
  client: GcClient;
  grants: Grant[];
  /** The simulated clock when the request arrived. */
  now: number;
}

export type ApiHandler = (ctx: ApiContext) => SimResponse | Promise<SimResponse>;

export const ok = (value: unknown, status = 200): SimResponse => json(status, value);

/** `{id, name, selfUri}` of a division, the way users, queues and wrap-up codes embed it. */
export function divisionRef(state: GenesysState, divisionId: string): Record<string, string> {
  const division = state.divisions.get(divisionId);
  return { id: divisionId, name: division?.name ?? '', selfUri: `/api/v2/authorization/divisions/${divisionId}` };
}
