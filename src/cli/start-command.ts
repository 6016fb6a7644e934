// `switchboard start`: the demo. Starts every built-in simulator, connects to each with its
// least-privilege principal exactly as a user would, syncs everything, says what landed where, then
// serves the read API with a demo key until Ctrl-C (the simulators keep running, for admin syncs).
import { Command } from 'commander';
import { createApiKey, revokeApiKey } from '../api/keys.ts';
import { addConnection, getConnection, removeConnection, testConnection, type Services } from '../connections/service.ts';
import type { SyncSummary } from '../engine/sync-runner.ts';
import { createLogger } from '../log.ts';
import { simulators, type RunningSimulator } from '../simulators/index.ts';
import { withServices } from './context.ts';
import { DEFAULT_API_PORT, listen, parsePort, untilStopped } from './serve-command.ts';
import { syncOne } from './sync-command.ts';

const demoName = (platform: string) => `demo-${platform}`;

export function startCommand(): Command {
  return new Command('start')
    .description(
      'run the demo: simulated Genesys Cloud and NICE CXone tenants, least-privilege connections to them, a full sync, then the read API until Ctrl-C',
    )
    .option('--port <port>', 'first port for the simulators, one each from here (0 picks free ones)', parsePort, 0)
    .option(
      '--api-port <port>',
      `port of the read API (0 picks a free one; default ${DEFAULT_API_PORT}, or a free one if taken)`,
      parsePort,
    )
    .action((opts: { port: number; apiPort?: number }) =>
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
          if (!failed.length) await serveDemo(svc, opts.apiPort);
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

const DEMO_KEY = 'demo';
const DEMO_SCOPES = ['agents:read', 'directory:read', 'interactions:read', 'recordings:read', 'health:read'];

/** The read API over the demo's data, with a fresh demo key (the previous run's is revoked), until Ctrl-C. */
async function serveDemo(svc: Services & { blobsRoot: string }, port: number | undefined): Promise<void> {
  for (const key of await svc.store.apiKeys.find(DEMO_KEY)) if (!key.revokedAt) await revokeApiKey(svc.store, key.id);
  const { key } = await createApiKey(svc.store, { name: DEMO_KEY, scopes: DEMO_SCOPES });
  // Request lines would bury the demo's output; SWITCHBOARD_LOG_LEVEL=info shows them.
  const logger = process.env.SWITCHBOARD_LOG_LEVEL ? undefined : createLogger({ name: 'api', level: 'warn' });
  const served = await listen(svc, { port: port ?? DEFAULT_API_PORT, host: '127.0.0.1', logger }).catch((err: NodeJS.ErrnoException) => {
    if (port !== undefined || err.code !== 'EADDRINUSE') throw err;
    console.log(`port ${DEFAULT_API_PORT} is taken; the API takes a free one`);
    return listen(svc, { port: 0, host: '127.0.0.1', logger });
  });
  const { url } = served;
  console.log(`\nSwitchboard API: ${url}   (docs: ${url}/docs)`);
  console.log(`Demo API key (${DEMO_SCOPES.join(', ')}; no pii:read, so customer addresses and agent emails are masked):\n  ${key}`);
  console.log(`Try: curl -H "Authorization: Bearer ${key}" "${url}/v1/interactions?limit=2"`);
  console.log('Press Ctrl-C to stop.');
  await untilStopped(served.app);
}
