// Starts the NICE CXone simulator: `startNiceCxoneSimulator(options)` is what the CLI
// (`switchboard sim nice-cxone`), connector tests and benchmarks call.
import { commonStartOptions, rateLimitOption, SimClock, SimStats, type RunningSimulator, type SimulatorOptions } from '../control-plane.ts';
import { listen } from '../http-kit.ts';
import { NiceSim, resolveSizes } from './context.ts';
import { JwtSigner } from './jwt.ts';
import { createNiceHandler } from './server.ts';
import { BUILT_IN_PRINCIPALS, TENANT } from './state.ts';

export interface NiceCxonePrincipal {
  clientId: string;
  clientSecret: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface NiceCxoneConnect {
  /** = baseUrl: the issuer (auth host) override; discovery and /auth/token live here. */
  issuerUrl: string;
  /** = baseUrl: what /.well-known/cxone-configuration returns as api_endpoint. */
  apiUrl: string;
  /** The business unit number (the token's icBUId). */
  businessUnit: string;
  environment: 'production';
  /** A dedicated service employee whose role holds exactly the read permissions a puller needs. */
  leastPrivilege: NiceCxonePrincipal;
  /** An employee with the Administrator role. */
  overPrivileged: NiceCxonePrincipal;
}

export type RunningNiceCxoneSimulator = RunningSimulator<'nice-cxone', NiceCxoneConnect>;

const principal = (p: NiceCxonePrincipal): NiceCxonePrincipal => ({
  clientId: p.clientId,
  clientSecret: p.clientSecret,
  accessKeyId: p.accessKeyId,
  accessKeySecret: p.accessKeySecret,
});

export async function startNiceCxoneSimulator(options: SimulatorOptions = {}): Promise<RunningNiceCxoneSimulator> {
  const { seed, now, faults } = commonStartOptions(options);
  // The ACD publishes no rate limits (reference §6.2), so the per-token limit is off unless asked for.
  const rateLimitPerMinute = rateLimitOption(options, 0);
  const sizes = resolveSizes(options.sizes);

  const clock = new SimClock(now);
  const sim = new NiceSim(clock, new SimStats(faults), faults, await JwtSigner.create(), {
    seed,
    sizes,
    now,
    rateLimitPerMinute,
    unthrottled: options.unthrottled ?? false,
  });
  const server = await listen(createNiceHandler(sim), {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    // Query names are not case-sensitive on the ACD: NICE's own SDK sends `orderby` (reference §4.0).
    caseInsensitiveQuery: true,
  });
  sim.baseUrl = server.baseUrl;
  const lp = principal(BUILT_IN_PRINCIPALS.leastPrivilege);
  const op = principal(BUILT_IN_PRINCIPALS.overPrivileged);
  const businessUnit = String(TENANT.businessUnitId);
  const describe = (p: NiceCxonePrincipal) =>
    `  client id: ${p.clientId}  client secret: ${p.clientSecret}\n  access key id: ${p.accessKeyId}  access key secret: ${p.accessKeySecret}`;
  return {
    platform: 'nice-cxone',
    baseUrl: server.baseUrl,
    connect: {
      issuerUrl: server.baseUrl,
      apiUrl: server.baseUrl,
      businessUnit,
      environment: 'production',
      leastPrivilege: lp,
      overPrivileged: op,
    },
    connection: {
      settings: {
        businessUnit,
        accessKeyId: lp.accessKeyId,
        clientId: lp.clientId,
        environment: 'production',
        issuerUrl: server.baseUrl,
        // The limits this tenant enforces, so the connector paces by them (0 = none).
        requestsPerMinute: String(rateLimitPerMinute),
        mediaPlaybackPerMinute: options.unthrottled ? '0' : String((sim.media.limit * 60) / sim.media.windowSeconds),
      },
      secrets: { accessKeySecret: lp.accessKeySecret, clientSecret: lp.clientSecret },
    },
    connectHelp: `NICE CXone simulator listening on ${server.baseUrl} (issuer and API host; ground truth: ${server.baseUrl}/_sim/truth)
Business unit: ${businessUnit}

Least-privilege service employee (a role with exactly the read permissions Switchboard needs):
${describe(lp)}
Administrator employee:
${describe(op)}

Connect Switchboard to it:
  SWITCHBOARD_CLIENT_SECRET=${lp.clientSecret} SWITCHBOARD_ACCESS_KEY_SECRET=${lp.accessKeySecret} \\
    switchboard connections add nice-cxone --name sim-cxone --business-unit ${businessUnit} \\
    --access-key-id ${lp.accessKeyId} --client-id ${lp.clientId} --issuer-url ${server.baseUrl}`,
    close: () => server.close(),
  };
}
