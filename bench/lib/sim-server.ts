// A built-in simulator in a process of its own, started with SimulatorOptions from BENCH_CONFIG (which
// `switchboard sim` cannot all express: `unthrottled`, for one). Prints one JSON line (SimServerLine) once
// it listens, then serves until SIGTERM or SIGINT.
import { simulators, type SimulatorOptions, type SimulatorPlatform } from '../../src/simulators/index.ts';
import { workerConfig, type SimServerLine } from './processes.ts';

const { platform, options } = workerConfig<{ platform: SimulatorPlatform; options: SimulatorOptions }>();
const entry = simulators[platform];
if (!entry) throw new Error(`no simulator for "${platform}"; choose one of ${Object.keys(simulators).join(', ')}`);
const running = await entry.start({ port: 0, ...options });
const line: SimServerLine<unknown> = { platform, baseUrl: running.baseUrl, connect: running.connect, connection: running.connection };
process.stdout.write(`${JSON.stringify(line)}\n`);
const stop = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGINT', stop).once('SIGTERM', stop);
