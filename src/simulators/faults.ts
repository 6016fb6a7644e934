// Fault injection shared by every simulator. This file decides WHEN a request fails (seeded, so a run
// is reproducible); the platform decides what its 5xx and 429 bodies look like. Control-plane paths
// (/_sim/*) are never faulted: tests must always be able to reach them.
import type { Handler, SimRequest, SimResponse } from './http-kit.ts';
import { Rng, deriveSeed } from './random.ts';

export interface FaultSpec {
  /** Share of requests answered with a 5xx. */
  serverError: number;
  /** Share of requests answered with a 429 (on top of any real rate limit). */
  tooManyRequests: number;
  /** Share of requests whose socket is destroyed without an answer. */
  reset: number;
  /** Share of responses cut off half-way through the body. */
  truncate: number;
  /** Added to every faultable request, in milliseconds. */
  latencyMs: number;
}

export type FaultKind = '5xx' | '429' | 'reset' | 'truncate';

export const NO_FAULTS: Readonly<FaultSpec> = Object.freeze({
  serverError: 0,
  tooManyRequests: 0,
  reset: 0,
  truncate: 0,
  latencyMs: 0,
});

const RATE_KEYS: Record<FaultKind, Exclude<keyof FaultSpec, 'latencyMs'>> = {
  '5xx': 'serverError',
  '429': 'tooManyRequests',
  reset: 'reset',
  truncate: 'truncate',
};

export class FaultSpecError extends Error {}

/** Parses `5xx=0.1,429=0.05,reset=0.02,truncate=0.01,latency=20`; '' means no faults. */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = { ...NO_FAULTS };
  const fail = (why: string): never => {
    throw new FaultSpecError(`invalid fault spec "${text}": ${why}`);
  };
  const seen = new Set<string>();
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq < 0) fail(`"${item}" is not key=value`);
    const key = item.slice(0, eq).trim().toLowerCase();
    const raw = item.slice(eq + 1).trim();
    if (seen.has(key)) fail(`"${key}" given twice`);
    seen.add(key);
    const value = raw === '' ? Number.NaN : Number(raw);
    if (key === 'latency') {
      if (!Number.isInteger(value) || value < 0 || value > 60_000) fail(`latency must be whole milliseconds 0-60000, got "${raw}"`);
      spec.latencyMs = value;
    } else if (key in RATE_KEYS) {
      if (!Number.isFinite(value) || value < 0 || value > 1) fail(`${key} must be a rate between 0 and 1, got "${raw}"`);
      spec[RATE_KEYS[key as FaultKind]] = value;
    } else {
      fail(`unknown fault "${key}" (expected 5xx, 429, reset, truncate, latency)`);
    }
  }
  const total = spec.serverError + spec.tooManyRequests + spec.reset + spec.truncate;
  if (total > 1) fail(`the rates add up to ${total}, more than 1`);
  return spec;
}

/** The canonical spec string (only non-zero entries). */
export function formatFaultSpec(spec: FaultSpec): string {
  const parts = (Object.keys(RATE_KEYS) as FaultKind[]).filter((k) => spec[RATE_KEYS[k]] > 0).map((k) => `${k}=${spec[RATE_KEYS[k]]}`);
  if (spec.latencyMs > 0) parts.push(`latency=${spec.latencyMs}`);
  return parts.join(',');
}

export interface FaultDecision {
  latencyMs: number;
  kind: FaultKind | undefined;
}

export class FaultInjector {
  private rng: Rng;
  private current: FaultSpec = { ...NO_FAULTS };
  readonly counts: Record<FaultKind, number> = { '5xx': 0, '429': 0, reset: 0, truncate: 0 };

  constructor(private seed: number) {
    this.rng = new Rng(deriveSeed(seed, 'faults'));
  }

  get spec(): FaultSpec {
    return { ...this.current };
  }

  set(spec: FaultSpec): void {
    this.current = { ...spec };
  }

  /** No faults, counts zeroed, PRNG back to the start of its sequence. */
  reset(seed = this.seed): void {
    this.seed = seed;
    this.rng = new Rng(deriveSeed(seed, 'faults'));
    this.current = { ...NO_FAULTS };
    for (const k of Object.keys(this.counts) as FaultKind[]) this.counts[k] = 0;
  }

  /** One draw per request, in arrival order: reproducible for a sequential client. */
  draw(): FaultDecision {
    const s = this.current;
    if (s.serverError + s.tooManyRequests + s.reset + s.truncate === 0) return { latencyMs: s.latencyMs, kind: undefined };
    let roll = this.rng.next();
    for (const kind of Object.keys(RATE_KEYS) as FaultKind[]) {
      roll -= s[RATE_KEYS[kind]];
      if (roll < 0) {
        this.counts[kind]++;
        return { latencyMs: s.latencyMs, kind };
      }
    }
    return { latencyMs: s.latencyMs, kind: undefined };
  }

  toJSON(): { spec: string; faults: FaultSpec; injected: Record<FaultKind, number> } {
    return { spec: formatFaultSpec(this.current), faults: this.spec, injected: { ...this.counts } };
  }
}

export interface FaultResponses {
  /** The platform's 5xx for this request. */
  serverError(req: SimRequest): SimResponse;
  /** The platform's 429 for this request (with its Retry-After). */
  tooManyRequests(req: SimRequest): SimResponse;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isControlPlane(path: string): boolean {
  return path === '/_sim' || path.startsWith('/_sim/');
}

/** Wraps a platform handler with the injector's decisions. */
export function withFaults(handler: Handler, injector: FaultInjector, responses: FaultResponses): Handler {
  return async (req) => {
    if (isControlPlane(req.path)) return handler(req);
    const decision = injector.draw();
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    switch (decision.kind) {
      case 'reset':
        return { status: 0, abort: 'reset' };
      case '5xx':
        return responses.serverError(req);
      case '429':
        return responses.tooManyRequests(req);
      case 'truncate':
        return { ...(await handler(req)), abort: 'truncate' };
      default:
        return handler(req);
    }
  };
}
