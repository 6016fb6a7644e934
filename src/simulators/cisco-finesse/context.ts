// What every Finesse route handler sees: the simulator (one deployment state shared by both nodes, the
// lockout counters, node switches, hostile payloads, clock, stats) and, for API calls, the node the
// request reached and the principal it authenticated as.
import { resolveSizes, type SimClock, type SimStats, type SimulatorSizes } from '../control-plane.ts';
import type { FaultInjector } from '../faults.ts';
import type { SimRequest, SimResponse } from '../http-kit.ts';
import { Lockout } from './auth.ts';
import { HostileInjector } from './hostile.ts';
import { SIZE_LIMITS, type DeploymentType, type FinesseSizes } from './seed.ts';
import { FinesseState, type Caller } from './state.ts';

export type NodeName = 'primary' | 'secondary';
export const NODE_NAMES: readonly NodeName[] = ['primary', 'secondary'];

/**
 * IN_SERVICE; OUT_OF_SERVICE: Tomcat answers but every API is 503 SERVER_OUT_OF_SERVICE and SystemInfo
 * says so (reference §2); DOWN: the listener is closed, connections are refused.
 */
export type NodeStatus = 'IN_SERVICE' | 'OUT_OF_SERVICE' | 'DOWN';

/** Where a node listens, as SystemInfo and the control plane report it. */
export interface NodeAddress {
  host: string;
  port: number;
}

export interface StartOptions {
  seed: number;
  sizes: FinesseSizes;
  deployment: DeploymentType;
  now?: number;
}

export class FinesseSim {
  state: FinesseState;
  /** What the data is generated from: /_sim/seed changes it, /_sim/reset restores the start's. */
  seeding: { seed: number; sizes: FinesseSizes };
  readonly deployment: DeploymentType;
  readonly lockout = new Lockout();
  readonly hostile = new HostileInjector();
  readonly status: Record<NodeName, NodeStatus> = { primary: 'IN_SERVICE', secondary: 'IN_SERVICE' };
  /** Platform requests each node answered (control-plane calls excluded), for failover tests. */
  readonly served: Record<NodeName, number> = { primary: 0, secondary: 0 };
  /** Set by nodes.ts once both listeners are up. */
  addresses: Record<NodeName, NodeAddress> = { primary: { host: '', port: 0 }, secondary: { host: '', port: 0 } };

  constructor(
    readonly clock: SimClock,
    readonly stats: SimStats,
    readonly faults: FaultInjector,
    private readonly start: StartOptions,
  ) {
    this.seeding = { seed: start.seed, sizes: start.sizes };
    this.deployment = start.deployment;
    this.state = this.build(start.now ?? clock.now());
  }

  private build(anchorMs = this.clock.now()): FinesseState {
    return new FinesseState({ seed: this.seeding.seed, ...this.seeding.sizes, deployment: this.deployment, anchorMs });
  }

  /** Back to the start: clock, seed, sizes, data, passwords, lockouts, hostile payloads (nodes: nodes.ts). */
  reset(): void {
    const anchor = this.clock.restart(this.start.now);
    this.seeding = { seed: this.start.seed, sizes: this.start.sizes };
    this.faults.reset(this.start.seed);
    this.lockout.clear();
    this.hostile.clear();
    this.served.primary = this.served.secondary = 0;
    this.state = this.build(anchor);
  }

  reseed(seed: number | undefined, sizes: SimulatorSizes | undefined): void {
    this.seeding = { seed: seed ?? this.seeding.seed, sizes: resolveSizes(sizes, SIZE_LIMITS, this.seeding.sizes) };
    this.lockout.clear();
    this.state = this.build();
  }
}

export interface ApiContext {
  /** The node the request reached; both serve the same state. */
  node: NodeName;
  /** undefined only on the endpoints served without credentials. */
  caller: Caller | undefined;
  req: SimRequest;
  sim: FinesseSim;
  state: FinesseState;
  /** The simulated clock when the request arrived. */
  now: number;
}

export type ApiHandler = (ctx: ApiContext) => SimResponse;
