// What the shared conformance and reliability suites need to know about each platform's simulator:
// how to start it, the credentials to connect with, and how to make a principal lacking a permission.
// A platform joins by adding its entry here, and inherits every suite.
import type { ConnectionSettings } from '../../src/connectors/connector.ts';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulators/index.ts';
import { startCiscoFinesseSimulator, type RunningCiscoFinesseSimulator } from '../../src/simulators/cisco-finesse/index.ts';
import { startGenesysCloudSimulator, type RunningGenesysCloudSimulator } from '../../src/simulators/genesys-cloud/index.ts';
import { startNiceCxoneSimulator, type NiceCxonePrincipal, type RunningNiceCxoneSimulator } from '../../src/simulators/nice-cxone/index.ts';

export interface SimStats {
  requests: number;
  tokenRequests: number;
  failedTokenRequests: number;
  tooManyRequests: number;
  byStatus: Record<string, number>;
  byFamily: Record<string, number>;
  /** Faults injected, by kind: 5xx, 429, reset, truncate. */
  faults: Record<string, number>;
}

export interface PlatformHarness<S extends RunningSimulator = RunningSimulator> {
  platform: string;
  start(opts?: SimulatorOptions): Promise<S>;
  /** The least-privilege principal: every stream syncs. */
  credentials(sim: S): ConnectionSettings;
  /** A wrong secret for the least-privilege principal. */
  wrongCredentials(sim: S): ConnectionSettings;
  /**
   * A principal with everything the least-privilege one has except the permission `probe` names. Absent
   * where no single stream can lack a permission alone (Finesse: roles, not permissions, decide).
   */
  withoutPermission?(sim: S): Promise<ConnectionSettings>;
  /** The stream skipped by withoutPermission, and the words its skip message must contain. */
  probe?: { stream: string; mentions: string[] };
  /** The ground truth the least-privilege principal can reach: each entity's external ids. */
  truth(sim: S): Promise<Record<string, string[]>>;
  /** Deletes an agent on the platform, so a snapshot sync must mark it deleted. */
  deleteAgent(sim: S, id: string): Promise<void>;
  /** A latency (ms) that keeps a sync of the crash-resume data busy for a few seconds. */
  crashLatencyMs: number;
  /**
   * Invalidates every live token, as an admin revoking access or a token expiring would. Absent for
   * platforms without tokens (Finesse's Basic auth).
   */
  revokeTokens?(sim: S): Promise<void>;
  /** Failed authentications the simulator counted so far: refused token requests, or refused Basic logins. */
  failedLogins(sim: S): Promise<number>;
  /** Requests a session sends without credentials before its first authenticated one (Finesse: SystemInfo). */
  requestsBeforeAuth: number;
  /** Back to the state start() left the simulator in: seeded data, and the harness's own settings. */
  restore(sim: S): Promise<void>;
}

export async function simJson<T>(
  sim: RunningSimulator,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const res = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const truthOf = (sim: RunningSimulator) => simJson<Record<string, string[]>>(sim, '/_sim/truth');
export const statsOf = (sim: RunningSimulator) => simJson<SimStats>(sim, '/_sim/stats');

const GENESYS_READ_PERMISSIONS = [
  'analytics:conversationDetail:view',
  'routing:queue:view',
  'routing:wrapupCode:view',
  'presence:presenceDefinition:view',
  'recording:recording:view',
];

function genesysSettings(sim: RunningGenesysCloudSimulator, clientId: string, clientSecret: string): ConnectionSettings {
  return {
    settings: { region: 'mypurecloud.com', clientId, apiUrl: sim.connect.apiUrl, loginUrl: sim.connect.loginUrl },
    secrets: { clientSecret },
  };
}

/** Freeze the clock with no data-lake lag, so a complete sync can see exactly the ground truth. */
const prepareGenesys = (sim: RunningSimulator) => simJson(sim, '/_sim/clock', { frozen: true, availabilityLagSeconds: 0 });

export const genesysHarness: PlatformHarness<RunningGenesysCloudSimulator> = {
  platform: 'genesys-cloud',
  async start(opts) {
    const sim = await startGenesysCloudSimulator({ rateLimitPerMinute: 0, ...opts });
    await prepareGenesys(sim);
    return sim;
  },
  async restore(sim) {
    await simJson(sim, '/_sim/reset', {});
    await prepareGenesys(sim);
  },
  credentials: (sim) => genesysSettings(sim, sim.connect.leastPrivilegeClient.clientId, sim.connect.leastPrivilegeClient.clientSecret),
  wrongCredentials: (sim) => genesysSettings(sim, sim.connect.leastPrivilegeClient.clientId, 'not-the-secret'),
  async withoutPermission(sim) {
    const permissions = GENESYS_READ_PERMISSIONS.filter((p) => p !== 'routing:queue:view');
    const client = await simJson<{ clientId: string; clientSecret: string }>(sim, '/_sim/oauth/clients', {
      name: 'no queue view',
      roleDivisions: [{ permissions, divisionId: '*' }],
    });
    return genesysSettings(sim, client.clientId, client.clientSecret);
  },
  probe: { stream: 'queues', mentions: ['routing:queue:view', 'Routing > Queue > View'] },
  failedLogins: async (sim) => (await statsOf(sim)).failedTokenRequests,
  requestsBeforeAuth: 0,
  truth: truthOf,
  deleteAgent: async (sim, id) => void (await simJson(sim, `/_sim/entities/user/${id}/delete`, {})),
  crashLatencyMs: 2,
  async revokeTokens(sim) {
    await simJson(sim, '/_sim/tokens/revoke', {});
  },
};

/** Secrets in the connector's field order: `connections add` reads them from stdin in that order. */
function niceSettings(sim: RunningNiceCxoneSimulator, p: NiceCxonePrincipal): ConnectionSettings {
  return {
    settings: {
      businessUnit: sim.connect.businessUnit,
      accessKeyId: p.accessKeyId,
      clientId: p.clientId,
      environment: sim.connect.environment,
      issuerUrl: sim.connect.issuerUrl,
      // The simulated tenant's Media Playback throttle is raised (as NICE does on request) and the ACD
      // has no limit, so the suites need not pace at a real tenant's default.
      requestsPerMinute: '0',
      mediaPlaybackPerMinute: '0',
    },
    secrets: { accessKeySecret: p.accessKeySecret, clientSecret: p.clientSecret },
  };
}

/**
 * A frozen clock: a complete sync sees exactly the ground truth, and no contact completes mid-sync. The
 * tenant's Media Playback throttle is raised, as NICE does on request, so the suites run in seconds.
 */
async function prepareNiceCxone(sim: RunningSimulator) {
  await simJson(sim, '/_sim/clock', { frozen: true });
  await simJson(sim, '/_sim/media-playback', { limit: 1_000_000 });
}

export const niceCxoneHarness: PlatformHarness<RunningNiceCxoneSimulator> = {
  platform: 'nice-cxone',
  async start(opts) {
    const sim = await startNiceCxoneSimulator(opts);
    await prepareNiceCxone(sim);
    return sim;
  },
  async restore(sim) {
    await simJson(sim, '/_sim/reset', {});
    await prepareNiceCxone(sim);
  },
  credentials: (sim) => niceSettings(sim, sim.connect.leastPrivilege),
  wrongCredentials: (sim) => niceSettings(sim, { ...sim.connect.leastPrivilege, accessKeySecret: 'NOTTHEACCESSKEYSECRETATALL=====' }),
  async withoutPermission(sim) {
    const { leastPrivilege } = await simJson<{ leastPrivilege: string[] }>(sim, '/_sim/permissions');
    const employee = await simJson<NiceCxonePrincipal>(sim, '/_sim/employees', {
      firstName: 'No',
      lastName: 'Play Any',
      permissions: leastPrivilege.filter((p) => p !== 'Play Any'),
    });
    return niceSettings(sim, employee);
  },
  probe: {
    stream: 'recordings',
    mentions: ['Play Any', 'Search & Playback (Interactions Hub) > Player > Play/download recordings > Play Any'],
  },
  failedLogins: async (sim) => (await statsOf(sim)).failedTokenRequests,
  requestsBeforeAuth: 0,
  truth: truthOf,
  deleteAgent: async (sim, id) => void (await simJson(sim, `/_sim/entities/user/${id}/delete`, {})),
  crashLatencyMs: 2,
  async revokeTokens(sim) {
    await simJson(sim, '/_sim/tokens/revoke', {});
  },
};

/**
 * Over plain HTTP (TLS has its own tests in test/platforms); a sync makes about four requests per team.
 * The least-privilege principal is a dedicated supervisor who can read every seeded team, but not codes
 * that no team is assigned: its truth is `?as=`.
 */
export const ciscoFinesseHarness: PlatformHarness<RunningCiscoFinesseSimulator> = {
  platform: 'cisco-finesse',
  start: (opts) =>
    startCiscoFinesseSimulator({ ...opts, scheme: 'http', sizes: { users: opts?.sizes?.users ?? 40, teams: opts?.sizes?.teams ?? 12 } }),
  async restore(sim) {
    await simJson(sim, '/_sim/reset', {});
  },
  credentials: (sim) => finesseSettings(sim, sim.connect.leastPrivilege.password),
  wrongCredentials: (sim) => finesseSettings(sim, 'not-the-password'),
  failedLogins: async (sim) => (await simJson<{ totalFailedAuthentications: number }>(sim, '/_sim/lockout')).totalFailedAuthentications,
  // SystemInfo, read without credentials to choose the node.
  requestsBeforeAuth: 1,
  truth: (sim) => simJson(sim, `/_sim/truth?as=${encodeURIComponent(sim.connect.leastPrivilege.username)}`),
  deleteAgent: async (sim, id) => void (await simJson(sim, `/_sim/users/${id}`, undefined, 'DELETE')),
  crashLatencyMs: 25,
};

function finesseSettings(sim: RunningCiscoFinesseSimulator, password: string): ConnectionSettings {
  return { settings: { ...sim.connection.settings, requestsPerMinute: '0' }, secrets: { password } };
}

export const platformHarnesses: PlatformHarness[] = [
  genesysHarness as unknown as PlatformHarness,
  niceCxoneHarness as unknown as PlatformHarness,
  ciscoFinesseHarness as unknown as PlatformHarness,
];
