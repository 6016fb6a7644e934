// `switchboard start`: the demo. Starts every built-in simulator, connects to each with its
// least-privilege principal exactly as a user would, syncs everything and says what landed where.
import { Command, InvalidArgumentError } from 'commander';
import { addConnection, getConnection, removeConnection, testConnection, type Services } from '../connections/service.ts';
import type { SyncSummary } from '../engine/sync-runner.ts';
import { simulators, type RunningSimulator } from '../simulators/index.ts';
import { withServices } from './context.ts';
import { syncOne } from './sync-command.ts';

const demoName = (platform: string) => `demo-${platform}`;

export function startCommand(): Command {
  return new Command('start')
    .description('run the demo: simulated Genesys Cloud and NICE CXone tenants, least-privilege connections to them, and a full sync')
    .option(
      '--port <port>',
      'first port for the simulators, one each from here (0 picks free ones)',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number');
        return n;
      },
      0,
    )
    .action((opts: { port: number }) =>
      withServices(async (svc) => {
        const running: RunningSimulator[] = [];
        try {
          const summaries: SyncSummary[] = [];
          for (const [i, [platform, sim]] of Object.entries(simulators).entries()) {
            // Real tenants throttle (Genesys: 300 requests/minute per token); the demo's do not, so it
            // takes seconds. `switchboard sim --rate-limit` shows the pacing.
            const started = await sim.start({ port: opts.port ? opts.port + i : 0, unthrottled: true });
            running.push(started);
            console.log(`${sim.title} simulator running at ${started.baseUrl}`);
            summaries.push(await demoSync(svc, platform, started));
          }
          const failed = summaries.filter((s) => s.status !== 'succeeded');
          if (failed.length) process.exitCode = 1;
          const names = summaries.map((s) => s.connection).join(' ');
          console.log(`\nTry: npm run switchboard -- connections list   ·   npm run switchboard -- sync ${names.split(' ')[0]}`);
        } finally {
          await Promise.all(running.map((r) => r.close()));
        }
      }),
    );
}

async function demoSync(svc: Services & { blobsRoot: string }, platform: string, sim: RunningSimulator): Promise<SyncSummary> {
  const name = demoName(platform);
  // A fresh demo connection each run: the simulator's port and data are new every time.
  if (
    await getConnection(svc, name).then(
      () => true,
      () => false,
    )
  )
    await removeConnection(svc, name);
  await addConnection(svc, { platform, name, settings: sim.connection.settings, secrets: sim.connection.secrets });
  const test = await testConnection(svc, name);
  console.log(`connection "${name}" (least-privilege principal): ${test.ok ? 'OK' : 'FAILED'}, ${test.verdict}`);
  if (!test.ok) throw new Error(`the demo connection ${name} failed its test`);
  return syncOne(svc, name, { media: true, backfillDays: 30 });
}
