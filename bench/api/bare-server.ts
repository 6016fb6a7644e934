// The baseline of the API benchmark, in its own process: a bare Fastify app whose one route answers
// GET /v1/interactions with the JSON the real API answered, held in memory. No store, no key, no audit.
// `string`: the bytes as captured, sent as they are; `object`: the parsed value, serialised by Fastify on
// every request, as a handler returning data it already holds would. Prints {"url"} once it listens.
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { workerConfig } from '../lib/processes.ts';

export type BareMode = 'string' | 'object';

export interface BareServerConfig {
  mode: BareMode;
  /** The captured response body. */
  bodyFile: string;
}

const cfg = workerConfig<BareServerConfig>();
const text = await readFile(cfg.bodyFile, 'utf8');
const value: unknown = JSON.parse(text);
const app = Fastify({ logger: false });
app.get('/v1/interactions', async (_request, reply) => {
  reply.type('application/json; charset=utf-8');
  return cfg.mode === 'string' ? text : value;
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url: address })}\n`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', stop).once('SIGTERM', stop);
