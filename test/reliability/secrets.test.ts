// The platform secret never leaves the vault: not in CLI output or errors, not in the database files.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulators/index.ts';
import { addConnectionArgs, runCli, type CliResult } from '../harness/cli.ts';
import { platformHarnesses } from '../harness/platforms.ts';
import { tempDir } from '../harness/sync-harness.ts';

describe.each(platformHarnesses.map((h) => [h.platform, h] as const))('%s secrets', (platform, harness) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await harness.start({ sizes: { users: 10, queues: 2, conversations: 30, days: 1 } });
  });
  afterAll(() => sim.close());

  it('never prints or stores a secret in the clear, even when the platform rejects it', async () => {
    const dataDir = await tempDir();
    const env = { SWITCHBOARD_DATA_DIR: dataDir };
    const good = harness.credentials(sim);
    const bad = harness.wrongCredentials(sim);
    const secrets = [...Object.values(good.secrets), ...Object.values(bad.secrets)];
    const outputs: CliResult[] = [];
    try {
      // Secrets on stdin, one per line, as a script would pipe them.
      const add = addConnectionArgs(platform, 'good', good);
      outputs.push(await runCli(add.args, env, `${Object.values(good.secrets).join('\n')}\n`));
      const addBad = addConnectionArgs(platform, 'bad', bad);
      outputs.push(await runCli(addBad.args, env, `${Object.values(bad.secrets).join('\n')}\n`));
      expect(outputs.map((o) => o.code)).toEqual([0, 0]);
      outputs.push(await runCli(['connections', 'test', 'good'], env));
      outputs.push(await runCli(['connections', 'test', 'bad', '--json'], env));
      outputs.push(await runCli(['sync', 'good', '--json'], env));
      outputs.push(await runCli(['sync', 'bad'], env));
      outputs.push(await runCli(['connections', 'list', '--json'], env));
      expect(outputs[3]?.code).toBe(1);
      expect(outputs[5]?.stderr).toMatch(/blocked|rejected/);

      for (const out of outputs) {
        for (const secret of secrets) {
          expect(out.stdout).not.toContain(secret);
          expect(out.stderr).not.toContain(secret);
        }
      }
      for (const file of await readdir(dataDir)) {
        if (!file.startsWith('switchboard.db')) continue;
        const bytes = await readFile(path.join(dataDir, file));
        for (const secret of secrets) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
