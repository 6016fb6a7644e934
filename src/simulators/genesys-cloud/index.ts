// Starts the Genesys Cloud simulator: `startGenesysCloudSimulator(options)` is what the CLI
// (`switchboard sim genesys-cloud`), connector tests and benchmarks call.
import { commonStartOptions, rateLimitOption, SimClock, SimStats, type RunningSimulator, type SimulatorOptions } from '../control-plane.ts';
import { listen } from '../http-kit.ts';
import { GenesysSim, resolveSizes } from './context.ts';
import { RateLimiter } from './rate-limit.ts';
import { createGenesysHandler, MAX_REQUEST_BYTES } from './server.ts';
import { BUILT_IN_CLIENTS } from './state.ts';

export interface GenesysCloudConnect {
  /** Both equal baseUrl: point the SDK at it with setGateway({host, protocol: 'http', port}). */
  apiUrl: string;
  loginUrl: string;
  /** Roles with exactly the five read permissions Switchboard needs, in all divisions. */
  leastPrivilegeClient: { clientId: string; clientSecret: string };
  /** A "Master Admin" role with `*` policies in all divisions. */
  overPrivilegedClient: { clientId: string; clientSecret: string };
}

export type RunningGenesysCloudSimulator = RunningSimulator<'genesys-cloud', GenesysCloudConnect>;

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 300;

export async function startGenesysCloudSimulator(options: SimulatorOptions = {}): Promise<RunningGenesysCloudSimulator> {
  const { seed, now, faults } = commonStartOptions(options);
  const rateLimitPerMinute = rateLimitOption(options, DEFAULT_RATE_LIMIT_PER_MINUTE);
  const sizes = resolveSizes(options.sizes);

  const clock = new SimClock(now);
  const sim = new GenesysSim(clock, new SimStats(faults), faults, new RateLimiter(rateLimitPerMinute), {
    seed,
    sizes,
    now,
    rateLimitPerMinute,
  });
  const { handler, tooLarge } = createGenesysHandler(sim);
  const server = await listen(handler, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxBodyBytes: MAX_REQUEST_BYTES,
    tooLarge,
  });
  sim.baseUrl = server.baseUrl;
  const lp = BUILT_IN_CLIENTS.leastPrivilege;
  const op = BUILT_IN_CLIENTS.overPrivileged;
  return {
    platform: 'genesys-cloud',
    baseUrl: server.baseUrl,
    connect: { apiUrl: server.baseUrl, loginUrl: server.baseUrl, leastPrivilegeClient: { ...lp }, overPrivilegedClient: { ...op } },
    connection: {
      settings: { region: 'mypurecloud.com', clientId: lp.clientId, apiUrl: server.baseUrl, loginUrl: server.baseUrl },
      secrets: { clientSecret: lp.clientSecret },
    },
    connectHelp: `Genesys Cloud simulator listening on ${server.baseUrl}  (ground truth: ${server.baseUrl}/_sim/truth)

Least-privilege OAuth client (exactly the read permissions Switchboard needs, in all divisions):
  client id:     ${lp.clientId}
  client secret: ${lp.clientSecret}
Over-privileged OAuth client (an admin role):
  client id:     ${op.clientId}
  client secret: ${op.clientSecret}

Connect Switchboard to it:
  SWITCHBOARD_CLIENT_SECRET=${lp.clientSecret} switchboard connections add genesys-cloud --name sim-genesys \\
    --region mypurecloud.com --client-id ${lp.clientId} --api-url ${server.baseUrl} --login-url ${server.baseUrl}`,
    close: () => server.close(),
  };
}
