// Starts the Cisco Finesse simulator: `startCiscoFinesseSimulator(options)` is what the CLI
// (`switchboard sim cisco-finesse`), connector tests and benchmarks call. Two nodes (primary and
// secondary) over one deployment, HTTPS by default as on Finesse 12.5+ (reference §2).
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonStartOptions, resolveSizes, SimClock, SimStats, type RunningSimulator, type SimulatorOptions } from '../control-plane.ts';
import { FinesseSim } from './context.ts';
import { FinesseNodes } from './nodes.ts';
import { SIZE_LIMITS, type DeploymentType } from './seed.ts';
import { createFinesseHandlers } from './server.ts';
import { BUILT_IN_PRINCIPALS } from './state.ts';
import { simulatorCertificate } from './tls.ts';

export interface CiscoFinesseSimulatorOptions extends SimulatorOptions {
  /** UCCX (default) or UCCE, any case. */
  deployment?: string;
  /** https (default: 12.5+ serves nothing else) or http. */
  scheme?: 'https' | 'http';
  /** The secondary node's address; default 127.0.0.2 when host is 127.0.0.1 (see nodes.ts). */
  secondaryHost?: string;
  /** Where to write the CA certificate; default a file in the temp directory, removed on close. */
  caFile?: string;
}

export interface FinesseCredentials {
  username: string;
  password: string;
}

export interface FinesseUserPrincipal extends FinesseCredentials {
  loginId: string;
  loginName: string;
}

export interface CiscoFinesseConnect {
  scheme: 'https' | 'http';
  deploymentType: DeploymentType;
  host: string;
  port: number;
  secondaryHost: string;
  /** Equal to port unless the secondary could not bind another loopback address. */
  secondaryPort: number;
  primaryUrl: string;
  secondaryUrl: string;
  /** The self-signed certificate to trust (HTTPS only), and the file it was written to. */
  caPem?: string;
  caFile?: string;
  /** A supervisor who is a member of one team and supervises every seeded team: team mode sees it all. */
  leastPrivilege: FinesseUserPrincipal;
  /** The application user: every configuration API, and the one account a lockout hurts most. */
  admin: FinesseCredentials;
  /** An agent of the first team, supervising none. */
  agent: FinesseUserPrincipal;
}

export type RunningCiscoFinesseSimulator = RunningSimulator<'cisco-finesse', CiscoFinesseConnect>;

function deploymentOf(value: string | undefined): DeploymentType {
  const upper = (value ?? 'UCCX').toUpperCase();
  if (upper !== 'UCCX' && upper !== 'UCCE') throw new Error(`deployment must be uccx or ucce, got ${value}`);
  return upper;
}

export async function startCiscoFinesseSimulator(options: CiscoFinesseSimulatorOptions = {}): Promise<RunningCiscoFinesseSimulator> {
  const { seed, now, faults } = commonStartOptions(options);
  const scheme = options.scheme ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') throw new Error(`scheme must be https or http, got ${scheme}`);
  const deployment = deploymentOf(options.deployment);
  const sizes = resolveSizes(options.sizes, SIZE_LIMITS);
  // Finesse documents no request rate limit (reference §5): rateLimitPerMinute and unthrottled do not apply.

  const sim = new FinesseSim(new SimClock(now), new SimStats(faults), faults, { seed, sizes, deployment, now });
  const certificate = scheme === 'https' ? await simulatorCertificate() : undefined;
  const nodes = new FinesseNodes(sim, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    secondaryHost: options.secondaryHost,
    tls: certificate,
  });
  await nodes.start(createFinesseHandlers(sim, nodes));
  const { primary, secondary } = sim.addresses;
  const caFile = certificate && (options.caFile ?? join(tmpdir(), `switchboard-sim-finesse-${primary.port}-ca.pem`));
  if (certificate && caFile) await writeFile(caFile, certificate.cert);

  const user = (p: (typeof BUILT_IN_PRINCIPALS)['agent' | 'teamSupervisor']): FinesseUserPrincipal => {
    const loginId = deployment === 'UCCE' ? p.ucceLoginId : p.loginName;
    return { username: loginId, password: p.password, loginId, loginName: p.loginName };
  };
  const lp = user(BUILT_IN_PRINCIPALS.teamSupervisor);
  const agent = user(BUILT_IN_PRINCIPALS.agent);
  const admin = { ...BUILT_IN_PRINCIPALS.admin };
  const connect: CiscoFinesseConnect = {
    scheme,
    deploymentType: deployment,
    host: primary.host,
    port: primary.port,
    secondaryHost: secondary.host,
    secondaryPort: secondary.port,
    primaryUrl: nodes.url('primary'),
    secondaryUrl: nodes.url('secondary'),
    ...(certificate ? { caPem: certificate.cert, caFile } : {}),
    leastPrivilege: lp,
    admin,
    agent,
  };
  return {
    platform: 'cisco-finesse',
    baseUrl: connect.primaryUrl,
    connect,
    connection: {
      settings: {
        host: primary.host,
        // One port serves both nodes only when the secondary got its own address.
        ...(nodes.sharedPort ? { secondaryHost: secondary.host } : {}),
        port: String(primary.port),
        scheme,
        username: lp.username,
        mode: 'team',
        ...(certificate ? { caCertificate: certificate.cert } : {}),
        // The limit this deployment enforces: none, so the connector need not pace at a real one's budget.
        requestsPerMinute: '0',
      },
      secrets: { password: lp.password },
    },
    connectHelp: connectHelp(connect, nodes.sharedPort),
    close: async () => {
      await nodes.close();
      if (caFile && options.caFile === undefined) await unlink(caFile).catch(() => undefined);
    },
  };
}

function connectHelp(c: CiscoFinesseConnect, sharedPort: boolean): string {
  const who = (p: FinesseCredentials) => `username: ${p.username}  password: ${p.password}`;
  const flags = [
    `--host ${c.host}`,
    ...(sharedPort ? [`--secondary-host ${c.secondaryHost}`] : []),
    `--port ${c.port}`,
    `--username ${c.leastPrivilege.username}`,
    '--mode team',
    c.caFile ? `--ca-file ${c.caFile}` : '--scheme http',
  ];
  return `Cisco Finesse simulator (${c.deploymentType}) listening on ${c.primaryUrl} (primary) and ${c.secondaryUrl} (secondary)
Ground truth: ${c.primaryUrl}/_sim/truth  (what team mode sees: ${c.primaryUrl}/_sim/truth?as=${c.leastPrivilege.username})
${c.caFile ? `CA certificate (self-signed): ${c.caFile}` : 'Plain HTTP: no certificate (real Finesse 12.5+ is HTTPS only)'}${
    sharedPort ? '' : `\nThe secondary node listens on another port (${c.secondaryPort}): the connection below uses the primary only.`
  }

Team-scoped supervisor (least privilege: a member of one team, supervises every team):
  ${who(c.leastPrivilege)}
Administrator (the application user; five wrong passwords lock it out for five minutes):
  ${who(c.admin)}
Agent (one team, no supervision):
  ${who(c.agent)}

Connect Switchboard to it:
  SWITCHBOARD_FINESSE_PASSWORD=${c.leastPrivilege.password} switchboard connections add cisco-finesse --name sim-finesse \\
    ${flags.join(' ')}`;
}
