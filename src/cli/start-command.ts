// `switchboard start`: the demo. Starts the built-in Genesys Cloud simulator, connects to it with its
// least-privilege OAuth client exactly as a user would, syncs everything and says what landed where.
import { Command, InvalidArgumentError } from 'commander';
import { addConnection, getConnection, removeConnection, testConnection } from '../connections/service.ts';
import { startGenesysCloudSimulator } from '../simulators/genesys-cloud/index.ts';
import { withServices } from './context.ts';
import { syncOne } from './sync-command.ts';

const DEMO_CONNECTION = 'demo-genesys-cloud';

export function startCommand(): Command {
  return new Command('start')
    .description('run the demo: a simulated Genesys Cloud org, a least-privilege connection to it, and a full sync')
    .option(
      '--port <port>',
      'port for the simulator (0 picks a free one)',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number');
        return n;
      },
      0,
    )
    .action((opts: { port: number }) =>
      withServices(async (svc) => {
        // Real orgs allow 300 requests/minute per token by default; the demo org is unthrottled so the
        // demo takes seconds (`switchboard sim --rate-limit` shows the pacing).
        const sim = await startGenesysCloudSimulator({ port: opts.port, rateLimitPerMinute: 0 });
        try {
          console.log(`Genesys Cloud simulator running at ${sim.baseUrl}`);
          if (
            await getConnection(svc, DEMO_CONNECTION).then(
              () => true,
              () => false,
            )
          )
            await removeConnection(svc, DEMO_CONNECTION);
          const { clientId, clientSecret } = sim.connect.leastPrivilegeClient;
          await addConnection(svc, {
            platform: 'genesys-cloud',
            name: DEMO_CONNECTION,
            settings: { region: 'mypurecloud.com', clientId, apiUrl: sim.connect.apiUrl, loginUrl: sim.connect.loginUrl },
            secrets: { clientSecret },
          });
          const test = await testConnection(svc, DEMO_CONNECTION);
          console.log(`connection "${DEMO_CONNECTION}" (least-privilege OAuth client): ${test.ok ? 'OK' : 'FAILED'}, ${test.verdict}`);
          if (!test.ok) throw new Error('the demo connection failed its test');
          const summary = await syncOne(svc, DEMO_CONNECTION, { media: true, backfillDays: 30 });
          if (summary.status !== 'succeeded') process.exitCode = 1;
          console.log(`\nTry: npm run switchboard -- connections list   ·   npm run switchboard -- sync ${DEMO_CONNECTION}`);
        } finally {
          await sim.close();
        }
      }),
    );
}
