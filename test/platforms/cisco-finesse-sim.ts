// The Finesse simulator for the connector's end-to-end tests: settings for a principal, the /_sim
// control plane over HTTPS (trusting the simulator's generated CA) or HTTP, and the lockout counters.
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { ConnectionSettings } from '../../src/connectors/connector.ts';
import { testConnection } from '../../src/connections/service.ts';
import {
  simulators,
  type CiscoFinesseSimulatorOptions,
  type FinesseCredentials,
  type RunningCiscoFinesseSimulator,
} from '../../src/simulators/index.ts';
import { connectTo, expectGroundTruth, syncNow, type TestConnection } from '../harness/sync-harness.ts';

export type FinesseSim = RunningCiscoFinesseSimulator;

/**
 * A simulator for the suite, reset before each test through `resetVia` (the node a test never takes
 * down). Read `.sim` inside hooks and tests.
 */
export function useFinesse(opts: CiscoFinesseSimulatorOptions = {}, resetVia: 'primary' | 'secondary' = 'primary'): { sim: FinesseSim } {
  const suite = {} as { sim: FinesseSim };
  beforeAll(async () => {
    suite.sim = await startFinesse(opts);
  });
  afterAll(() => suite.sim?.close());
  beforeEach(async () => {
    await control(suite.sim, '/_sim/reset', {}, resetVia);
  });
  return suite;
}

export async function startFinesse(opts: CiscoFinesseSimulatorOptions = {}): Promise<FinesseSim> {
  const start = simulators['cisco-finesse'].start as (o: CiscoFinesseSimulatorOptions) => Promise<FinesseSim>;
  const sim = await start({ scheme: 'http', sizes: { users: 12, teams: 3 }, ...opts });
  if (!sim.connection.settings.secondaryHost) {
    await sim.close();
    throw new Error('these tests need the secondary node on 127.0.0.2 (Linux routes all of 127/8 on lo)');
  }
  return sim;
}

/** Settings for `who`, unpaced (the simulator has no rate limit), over the simulator's scheme and CA. */
export function finesseSettings(sim: FinesseSim, who: FinesseCredentials, extra: Record<string, string> = {}): ConnectionSettings {
  const { connect } = sim;
  return {
    settings: {
      host: connect.host,
      secondaryHost: connect.secondaryHost,
      port: String(connect.port),
      scheme: connect.scheme,
      username: who.username,
      mode: 'team',
      requestsPerMinute: '0',
      ...(connect.caPem ? { caCertificate: connect.caPem } : {}),
      ...extra,
    },
    secrets: { password: who.password },
  };
}

const agents = new WeakMap<FinesseSim, Agent>();

/** A /_sim call on the primary node, or on the secondary while the primary is down. */
export async function control<T>(sim: FinesseSim, path: string, body?: unknown, node: 'primary' | 'secondary' = 'primary'): Promise<T> {
  let dispatcher = agents.get(sim);
  if (!dispatcher && sim.connect.caPem) agents.set(sim, (dispatcher = new Agent({ connect: { ca: sim.connect.caPem } })));
  const base = node === 'primary' ? sim.connect.primaryUrl : sim.connect.secondaryUrl;
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface Truth {
  agent: string[];
  team: string[];
  reasonCode: string[];
  wrapUpCode: string[];
}

export const truthAs = (sim: FinesseSim, who?: FinesseCredentials) =>
  control<Truth>(sim, `/_sim/truth${who ? `?as=${encodeURIComponent(who.username)}` : ''}`);

/** Failed Basic authentications the simulator counted, every user and API family together. */
export const failedLogins = async (sim: FinesseSim) =>
  (await control<{ totalFailedAuthentications: number }>(sim, '/_sim/lockout')).totalFailedAuthentications;

export const setNode = (sim: FinesseSim, node: 'primary' | 'secondary', status: 'IN_SERVICE' | 'OUT_OF_SERVICE' | 'DOWN') =>
  control(sim, `/_sim/nodes/${node}`, { status }, node === 'primary' ? 'secondary' : 'primary');

export const served = async (sim: FinesseSim) =>
  control<{ primary: { requests: number }; secondary: { requests: number } }>(sim, '/_sim/nodes');

/** A connection in a throw-away SQLite store, for the length of `run`. */
export async function withConnection<T>(creds: ConnectionSettings, name: string, run: (conn: TestConnection) => Promise<T>): Promise<T> {
  const conn = await connectTo('sqlite', 'cisco-finesse', creds, name);
  try {
    return await run(conn);
  } finally {
    await conn.cleanup();
  }
}

/** `connections test` of such a connection, and the status it leaves. */
export const verdictOf = (creds: ConnectionSettings, name: string) =>
  withConnection(creds, name, async (conn) => ({
    verdict: await testConnection(conn.svc, conn.name),
    status: (await conn.connection()).status,
  }));

/** Syncs every stream; the store then holds exactly what the simulator says `who` (default: the administrator) reaches. */
export async function expectSyncedTruth(sim: FinesseSim, conn: TestConnection, who?: FinesseCredentials) {
  const summary = await syncNow(conn);
  expect(summary.status, JSON.stringify(summary.streams)).toBe('succeeded');
  await expectGroundTruth(conn, { ...(await truthAs(sim, who)) });
  return summary;
}
