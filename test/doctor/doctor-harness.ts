// What the doctor suites share: a CLI environment on either dialect (a data directory, and for PostgreSQL
// a fresh database), a guide read as JSON from the real CLI, and the doctor run in-process on a test
// connection with the features chosen.
import { rm } from 'node:fs/promises';
import { expect } from 'vitest';
import type { ConnectionSettings, Feature, GuideStep } from '../../src/connectors/connector.ts';
import { runDoctor, type DoctorOutcome } from '../../src/doctor/run.ts';
import type { DoctorReport } from '../../src/doctor/types.ts';
import { runCli, type CliResult } from '../harness/cli.ts';
import { freshDatabaseUrl, type TestDialect } from '../harness/databases.ts';
import { connectTo, tempDir, type TestConnection } from '../harness/sync-harness.ts';

export interface CliEnv {
  env: Record<string, string | undefined>;
  run(args: string[], extra?: Record<string, string>): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export async function cliEnv(dialect: TestDialect): Promise<CliEnv> {
  const dataDir = await tempDir();
  const env = {
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_DATABASE_URL: dialect === 'postgres' ? await freshDatabaseUrl() : undefined,
    SWITCHBOARD_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
  };
  return {
    env,
    run: (args, extra = {}) => runCli(args, { ...env, ...extra }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export interface JsonGuide {
  features: Feature[];
  permissions: { name: string }[];
  steps: GuideStep[];
}

async function guideOf(cli: CliEnv, platform: string, features?: string): Promise<JsonGuide> {
  const res = await cli.run(['guide', platform, '--format', 'json', ...(features ? ['--features', features] : [])]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as JsonGuide;
}

/**
 * The guide's last step, run as written: its flags filled from `values` (by flag), its secrets through
 * the env vars it names (the caller's `secrets`), plus the simulator's host overrides, which no real
 * setup needs.
 */
function addArgs(platform: string, step: GuideStep, name: string, values: Record<string, string>, overrides: string[]): string[] {
  expect(step.id).toBe('connections-add');
  const v = step.values as { command: string; flags: string[]; features?: string[] };
  expect(v.command).toContain(`switchboard connections add ${platform} --name <name>`);
  const flags = v.flags.flatMap((flag) => {
    const value = values[flag];
    if (value === undefined) throw new Error(`the guide asks for --${flag}, which this test cannot fill`);
    return [`--${flag}`, value];
  });
  return [
    'connections',
    'add',
    platform,
    '--name',
    name,
    ...flags,
    ...(v.features ? ['--features', v.features.join(',')] : []),
    ...overrides,
  ];
}

export type StepHandlers = Record<string, (values: NonNullable<GuideStep['values']>) => Promise<void>>;

/**
 * Follows a guide as the real CLI prints it: every step but the last through `handlers` (a step the test
 * has no handler for fails it, so a new step cannot go unfollowed), the last as `connections add` with the
 * values `connect` gives, then `doctor --json --strict`, which must pass. Returns the guide and the report.
 */
export async function followGuide(
  dialect: TestDialect,
  platform: string,
  features: string | undefined,
  handlers: StepHandlers,
  connect: () => { values: Record<string, string>; secrets: Record<string, string>; overrides: string[] },
): Promise<{ guide: JsonGuide; report: DoctorReport }> {
  const cli = await cliEnv(dialect);
  try {
    const guide = await guideOf(cli, platform, features);
    for (const step of guide.steps) {
      if (step.id === 'connections-add') {
        const c = connect();
        const added = await cli.run(addArgs(platform, step, 'guided', c.values, c.overrides), c.secrets);
        expect(added.code, added.stderr).toBe(0);
        continue;
      }
      const handler = handlers[step.id];
      if (!handler) throw new Error(`the guide has a step this test does not follow: ${step.id}`);
      await handler(step.values ?? {});
    }
    const res = await cli.run(['doctor', 'guided', '--json', '--strict']);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    return { guide, report: JSON.parse(res.stdout) as DoctorReport };
  } finally {
    await cli.cleanup();
  }
}

export interface DoctorConnection extends TestConnection {
  doctor(): Promise<DoctorOutcome>;
}

/** A test connection (features optional) whose doctor runs in-process, as `switchboard doctor` would. */
export async function doctorConnection(
  dialect: TestDialect,
  platform: string,
  creds: ConnectionSettings,
  name: string,
  features?: Feature[],
): Promise<DoctorConnection> {
  const conn = await connectTo(dialect, platform, creds, name);
  if (features) await conn.svc.store.connections.setFeatures((await conn.connection()).id, features);
  return { ...conn, doctor: () => runDoctor(conn.svc, name, { trigger: 'doctor' }) };
}

/** One check of a throw-away connection, and the connection's status after it. */
export async function doctorOnce(
  dialect: TestDialect,
  platform: string,
  creds: ConnectionSettings,
  name: string,
  features?: Feature[],
): Promise<{ outcome: DoctorOutcome; status: string }> {
  const conn = await doctorConnection(dialect, platform, creds, name, features);
  try {
    return { outcome: await conn.doctor(), status: (await conn.connection()).status };
  } finally {
    await conn.cleanup();
  }
}

export const verdicts = (outcome: DoctorOutcome) => Object.fromEntries(outcome.report.results.map((r) => [r.feature, r.verdict]));
