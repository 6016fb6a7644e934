// Lockout safety across processes: however many `switchboard sync` processes a scheduler starts, a wrong
// Finesse password costs exactly one failed login per credential change (the simulator's lockout
// counter says so), and only an operator's explicit `connections test` may spend another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCiscoFinesseSimulator } from '../../src/simulators/index.ts';
import { addConnectionArgs, collect, runCli, spawnCli } from '../harness/cli.ts';
import { dialects, freshDatabaseUrl } from '../harness/databases.ts';
import { ciscoFinesseHarness as harness } from '../harness/platforms.ts';
import { tempDir } from '../harness/sync-harness.ts';

const PASSWORD_ENV = 'SWITCHBOARD_FINESSE_PASSWORD';

describe.each(dialects)('Finesse lockout safety across processes (%s)', (dialect) => {
  let sim: RunningCiscoFinesseSimulator;
  beforeAll(async () => {
    sim = await harness.start({ sizes: { users: 12, teams: 3 } });
  });
  afterAll(() => sim.close());

  it('spends one failed login per credential change, whatever the number of syncs and processes', async () => {
    const env = {
      SWITCHBOARD_DATA_DIR: await tempDir(),
      SWITCHBOARD_DATABASE_URL: dialect === 'postgres' ? await freshDatabaseUrl() : undefined,
    };
    const add = addConnectionArgs('cisco-finesse', 'shared-admin', harness.wrongCredentials(sim));
    expect((await runCli(add.args, { ...env, ...add.env })).code).toBe(0);
    const failed = () => harness.failedLogins(sim);
    const start = await failed();

    // A scheduler firing four syncs at once, each in its own process.
    const results = await Promise.all(Array.from({ length: 4 }, () => collect(spawnCli(['sync', 'shared-admin', '--json'], env))));
    expect(results.every((r) => r.code === 1)).toBe(true);
    expect(await failed()).toBe(start + 1);
    // And again later: the connection is blocked, nothing is sent.
    const again = await runCli(['sync', 'shared-admin'], env);
    expect(again.stderr).toMatch(/blocked: the platform rejected its credentials/);
    expect(await failed()).toBe(start + 1);

    // Another wrong password is another credential change: one more failed login, no more.
    const typo = { [PASSWORD_ENV]: 'still-not-it' };
    expect((await runCli(['connections', 'update', 'shared-admin', '--secrets'], { ...env, ...typo })).code).toBe(0);
    await Promise.all([runCli(['sync', 'shared-admin'], env), runCli(['sync', 'shared-admin'], env)]);
    expect(await failed()).toBe(start + 2);

    // An operator's explicit test is the one way to try the same credentials again, once per test.
    const test = await runCli(['connections', 'test', 'shared-admin'], env);
    expect(test.stdout).toMatch(/FAILED .*rejected the credentials/);
    expect(await failed()).toBe(start + 3);

    // The right password clears the block; the account was never locked (five strikes would lock it).
    const fixed = { [PASSWORD_ENV]: sim.connect.leastPrivilege.password };
    expect((await runCli(['connections', 'update', 'shared-admin', '--secrets'], { ...env, ...fixed })).code).toBe(0);
    const synced = await runCli(['sync', 'shared-admin', '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout).status).toBe('succeeded');
    expect(await failed()).toBe(start + 3);
  });
});
