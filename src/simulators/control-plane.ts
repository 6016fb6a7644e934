// The /_sim/* control plane every simulator mounts, and the pieces it drives: the simulated clock, the
// request statistics and the fault injector. Each platform supplies callbacks for what only it knows
// (how to re-seed, what the ground truth is) and may add its own /_sim routes to the same router.
import { FaultInjector, FaultSpecError, isControlPlane, parseFaultSpec, withFaults, type FaultResponses } from './faults.ts';
import { dispatch, json, readJson, Router, type Handler, type Query, type SimRequest, type SimResponse } from './http-kit.ts';

export interface SimulatorSizes {
  users?: number;
  queues?: number;
  conversations?: number;
  days?: number;
  /** Platforms whose teams are not derived from users (Cisco Finesse). */
  teams?: number;
}

export interface SimulatorOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1. */
  seed?: number;
  sizes?: SimulatorSizes;
  /** e.g. `5xx=0.1,429=0.05,reset=0.02,truncate=0.01,latency=20` */
  faults?: string;
  /** Per token; 0 = unthrottled. */
  rateLimitPerMinute?: number;
  /** Turn off every throttle the platform has, per-API ones included (demos, benchmarks). */
  unthrottled?: boolean;
  /** The simulated clock's start (ISO-8601); default real now. Fixing it makes timestamps reproducible. */
  now?: string;
}

/** The data sizes of the simulators with conversations, resolved. */
export type Sizes = Required<Pick<SimulatorSizes, 'users' | 'queues' | 'conversations' | 'days'>>;

/**
 * Validates requested sizes against a simulator's own defaults and maxima; unset ones keep `base`. Only
 * the sizes the simulator has defaults for are read: each simulator picks the ones it knows.
 */
export function resolveSizes<S extends { [K in keyof SimulatorSizes]?: number }>(
  sizes: SimulatorSizes | undefined,
  limits: { defaults: S; max: S },
  base: S = limits.defaults,
): S {
  const out: Record<string, number> = { ...base };
  for (const key of Object.keys(limits.defaults) as (keyof SimulatorSizes & keyof S)[]) {
    const value = sizes?.[key];
    if (value === undefined) continue;
    const min = key === 'conversations' ? 0 : 1;
    const max = limits.max[key] as number;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ControlError(`sizes.${key} must be an integer ${min}-${max}`);
    }
    out[key] = value;
  }
  return out as S;
}

/**
 * The start-up options every simulator reads the same way, checked once: the data seed, the simulated
 * clock's start, and the fault injector (seeded, so a faulty run is reproducible).
 */
export function commonStartOptions(options: SimulatorOptions): { seed: number; now: number | undefined; faults: FaultInjector } {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const now = options.now === undefined ? undefined : Date.parse(options.now);
  if (Number.isNaN(now)) throw new Error(`now must be an ISO-8601 date-time, got ${options.now}`);
  const faults = new FaultInjector(seed);
  faults.set(parseFaultSpec(options.faults ?? ''));
  return { seed, now, faults };
}

/** The per-token request limit: the platform's default unless asked otherwise; 0 (none) when unthrottled. */
export function rateLimitOption(options: SimulatorOptions, platformDefault: number): number {
  const limit = options.unthrottled ? 0 : (options.rateLimitPerMinute ?? platformDefault);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`rateLimitPerMinute must be an integer >= 0, got ${limit}`);
  return limit;
}

export interface RunningSimulator<P extends string = string, C = unknown> {
  platform: P;
  /** One listener serves the platform API, its token endpoint, media and /_sim/*. */
  baseUrl: string;
  /** Where and how to connect, for scripts (`switchboard sim --json`). */
  connect: C;
  /** The same for people: credentials and the `switchboard connections add` command to paste. */
  connectHelp: string;
  /**
   * The least-privilege principal as settings and secrets of a `switchboard connections add` for this
   * platform (the demo connects with it), including the tenant limits this simulator enforces.
   */
  connection: { settings: Record<string, string>; secrets: Record<string, string> };
  close(): Promise<void>;
}

/** Simulated time: real time plus an offset, or frozen. Tests move it to close conversations or expire tokens. */
export class SimClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(start?: number) {
    if (start !== undefined) this.offsetMs = start - Date.now();
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  set(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt = ms;
    else this.offsetMs = ms - Date.now();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Running again from `startMs` (the real now when undefined), as at a simulator's start; returns it. */
  restart(startMs?: number): number {
    const start = startMs ?? Date.now();
    this.freeze(false);
    this.set(start);
    return start;
  }

  freeze(frozen: boolean): void {
    const now = this.now();
    this.frozenAt = frozen ? now : undefined;
    this.offsetMs = now - Date.now();
  }
}

export interface StatsSnapshot {
  since: string;
  /** Platform requests (never /_sim/*). */
  requests: number;
  /** By HTTP status; sockets reset by fault injection count under "reset". */
  byStatus: Record<string, number>;
  /** By `METHOD /route/pattern`, or "unmatched". */
  byFamily: Record<string, number>;
  tokenRequests: number;
  failedTokenRequests: number;
  /** Every 429 served, from the rate limit or injected. */
  tooManyRequests: number;
  /** Faults injected, by kind. */
  faults: Record<string, number>;
}

export class SimStats {
  private since = new Date();
  private requests = 0;
  private byStatus = new Map<string, number>();
  private byFamily = new Map<string, number>();
  private tokenRequests = 0;
  private failedTokenRequests = 0;

  constructor(private readonly faults: FaultInjector) {}

  record(family: string, status: number | 'reset'): void {
    this.requests++;
    bump(this.byStatus, String(status));
    bump(this.byFamily, family);
  }

  tokenRequest(ok: boolean): void {
    this.tokenRequests++;
    if (!ok) this.failedTokenRequests++;
  }

  clear(): void {
    this.since = new Date();
    this.requests = this.tokenRequests = this.failedTokenRequests = 0;
    this.byStatus.clear();
    this.byFamily.clear();
  }

  snapshot(): StatsSnapshot {
    return {
      since: this.since.toISOString(),
      requests: this.requests,
      byStatus: Object.fromEntries(this.byStatus),
      byFamily: Object.fromEntries(this.byFamily),
      tokenRequests: this.tokenRequests,
      failedTokenRequests: this.failedTokenRequests,
      tooManyRequests: this.byStatus.get('429') ?? 0,
      faults: { ...this.faults.counts },
    };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export interface ControlPlaneHooks {
  clock: SimClock;
  faults: FaultInjector;
  stats: SimStats;
  /** Back to the seeded state: data, clients, tokens; faults are cleared by the control plane. */
  reset(): void | Promise<void>;
  /** Re-seed with a new seed and/or sizes (validated by the platform; throw ControlError on bad input). */
  seed(body: { seed?: number; sizes?: SimulatorSizes }): void;
  /** The ground truth; the query lets a platform narrow it (e.g. to what one principal can see). */
  truth(query: Query): unknown;
  /** Extra clock fields the platform reports (e.g. a data-availability date), and its own clock settings. */
  describeClock?(): Record<string, unknown>;
  configureClock?(body: Record<string, unknown>): void;
}

/** A bad control-plane request; answered 400 `{error}`. */
export class ControlError extends Error {}

export function controlBody(req: SimRequest): Record<string, unknown> {
  let body: unknown;
  try {
    body = readJson(req);
  } catch {
    throw new ControlError('body is not valid JSON');
  }
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlError('body must be a JSON object');
  return body as Record<string, unknown>;
}

function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ControlError(`${key} must be a number`);
  return value;
}

/** Creates the /_sim router with the shared routes; platforms add theirs to the returned router. */
export function createControlPlane(hooks: ControlPlaneHooks): Router {
  const router = new Router();
  const clock = () => ({ now: new Date(hooks.clock.now()).toISOString(), frozen: hooks.clock.frozen, ...hooks.describeClock?.() });

  router.post('/_sim/reset', async () => {
    hooks.faults.reset();
    hooks.stats.clear();
    await hooks.reset();
    return json(200, { ok: true, clock: clock() });
  });
  router.post('/_sim/seed', (req) => {
    const body = controlBody(req);
    const seed = optionalNumber(body, 'seed');
    if (seed !== undefined && !Number.isInteger(seed)) throw new ControlError('seed must be an integer');
    const sizes = body.sizes;
    if (sizes !== undefined && (typeof sizes !== 'object' || sizes === null)) throw new ControlError('sizes must be an object');
    hooks.faults.reset(seed);
    hooks.stats.clear();
    hooks.seed({ seed, sizes: sizes as SimulatorSizes | undefined });
    return json(200, { ok: true, clock: clock() });
  });

  router.get('/_sim/faults', () => json(200, hooks.faults.toJSON()));
  router.post('/_sim/faults', (req) => {
    const spec = controlBody(req).spec;
    if (typeof spec !== 'string') throw new ControlError('body must be {"spec": "5xx=0.1,429=0.05,…"}');
    hooks.faults.set(parseFaultSpec(spec));
    return json(200, hooks.faults.toJSON());
  });
  router.delete('/_sim/faults', () => {
    hooks.faults.set(parseFaultSpec(''));
    return json(200, hooks.faults.toJSON());
  });

  router.get('/_sim/clock', () => json(200, clock()));
  router.post('/_sim/clock', (req) => {
    const body = controlBody(req);
    const { now, frozen } = body;
    // Freeze first, so that {now, frozen: true} stops the clock exactly at `now`.
    if (frozen !== undefined) {
      if (typeof frozen !== 'boolean') throw new ControlError('frozen must be a boolean');
      hooks.clock.freeze(frozen);
    }
    if (now !== undefined) {
      const ms = typeof now === 'string' ? Date.parse(now) : Number.NaN;
      if (Number.isNaN(ms)) throw new ControlError('now must be an ISO-8601 date-time');
      hooks.clock.set(ms);
    }
    const seconds = optionalNumber(body, 'advanceSeconds');
    const ms = optionalNumber(body, 'advanceMs');
    if (seconds !== undefined) hooks.clock.advance(seconds * 1000);
    if (ms !== undefined) hooks.clock.advance(ms);
    hooks.configureClock?.(body);
    return json(200, clock());
  });

  router.get('/_sim/truth', (req) => json(200, hooks.truth(req.query)));
  router.get('/_sim/stats', () => json(200, hooks.stats.snapshot()));
  router.delete('/_sim/stats', () => {
    hooks.stats.clear();
    return json(200, hooks.stats.snapshot());
  });
  return router;
}

export interface SimulatorPipeline {
  control: Router;
  /** The platform's own handling (auth, routes, errors). */
  platform: Handler;
  faults: FaultInjector;
  faultResponses: FaultResponses;
  stats: SimStats;
  /** The route family of a request the platform handler may never have seen (faulted before routing). */
  familyOf(req: SimRequest): string | undefined;
}

/** /_sim/* to the control plane; everything else through faults and stats to the platform. */
export function composeSimulator(p: SimulatorPipeline): Handler {
  const faulted = withFaults(p.platform, p.faults, p.faultResponses);
  return async (req) => {
    if (isControlPlane(req.path)) return runControl(p.control, req);
    const out = await faulted(req);
    p.stats.record(req.route ?? p.familyOf(req) ?? 'unmatched', out.abort === 'reset' ? 'reset' : out.status);
    return out;
  };
}

async function runControl(router: Router, req: SimRequest): Promise<SimResponse> {
  try {
    return await dispatch(router, req, () => json(404, { error: `no control-plane route ${req.method} ${req.path}` }));
  } catch (err) {
    if (err instanceof ControlError || err instanceof FaultSpecError) return json(400, { error: err.message });
    throw err;
  }
}
