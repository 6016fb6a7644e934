// `switchboard sim <platform>`: serve a simulated tenant until stopped.
import { Command, InvalidArgumentError, Option } from 'commander';
import { simulators } from '../simulators/index.ts';
import { UsageError } from './output.ts';

const count = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number of ${what}`);
  return n;
};

/** "300/min", "50/s" or a bare number per minute. */
export function parseRateLimit(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(min|m|s|sec))?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected N/min or N/s, e.g. 300/min');
  const n = Number(m[1]);
  return /^s/i.test(m[2] ?? '') ? n * 60 : n;
}

export function simCommand(): Command {
  return new Command('sim')
    .description('run a built-in platform simulator (for demos, tests and trying Switchboard without a tenant)')
    .addArgument(new Command().createArgument('<platform>', `one of ${Object.keys(simulators).join(', ')}`))
    .option('--port <port>', 'port to listen on (0 picks a free one)', count('port'), 0)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <seed>', 'seed of the generated data', count('seed'), 1)
    .option('--users <n>', 'number of users/agents', count('users'))
    .option('--queues <n>', 'number of queues', count('queues'))
    .option('--conversations <n>', 'number of conversations', count('conversations'))
    .option('--days <n>', 'days of history the conversations span', count('days'))
    .option('--teams <n>', 'number of teams (Cisco Finesse)', count('teams'))
    .addOption(new Option('--deployment <type>', 'Cisco Finesse deployment: uccx or ucce').choices(['uccx', 'ucce']).default('uccx'))
    .option('--http', 'serve plain HTTP instead of HTTPS (Cisco Finesse; real Finesse 12.5+ is HTTPS only)')
    .option('--ca-file <path>', "where to write the simulator's self-signed CA certificate (Cisco Finesse; default: a temp file)")
    .option('--faults <spec>', 'inject faults, e.g. 5xx=0.1,429=0.05,reset=0.02,truncate=0.01,latency=20')
    .addOption(new Option('--rate-limit <limit>', 'per-token request limit, e.g. 300/min (0 = unthrottled)').argParser(parseRateLimit))
    .option('--json', 'print the connection details as one JSON line first, for scripts')
    .action(async (platform: string, opts: Record<string, unknown>) => {
      const sim = simulators[platform as keyof typeof simulators];
      if (!sim) throw new UsageError(`no simulator for "${platform}"; choose one of ${Object.keys(simulators).join(', ')}`);
      const running = await sim.start({
        port: opts.port as number,
        host: opts.host as string,
        seed: opts.seed as number,
        sizes: {
          users: opts.users as number | undefined,
          queues: opts.queues as number | undefined,
          conversations: opts.conversations as number | undefined,
          days: opts.days as number | undefined,
          teams: opts.teams as number | undefined,
        },
        deployment: opts.deployment as string,
        scheme: opts.http ? 'http' : 'https',
        caFile: opts.caFile as string | undefined,
        faults: opts.faults as string | undefined,
        rateLimitPerMinute: opts.rateLimit as number | undefined,
      });
      if (opts.json) process.stdout.write(`${JSON.stringify({ platform, baseUrl: running.baseUrl, ...running.connect })}\n`);
      else console.log(`${running.connectHelp}\n\nPress Ctrl-C to stop.`);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop).once('SIGTERM', stop);
    });
}
