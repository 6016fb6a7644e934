// `switchboard serve [--port P] [--host H]`: the read API (and the admin API) until Ctrl-C.
import { Command, InvalidArgumentError } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../connections/service.ts';
import type { Logger } from '../log.ts';
import { withServices } from './context.ts';

export const DEFAULT_API_PORT = 8080;

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0 picks a free one)');
  return n;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the read-only data API and the admin API (see docs/api.md) until Ctrl-C')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, DEFAULT_API_PORT)
    .option('--host <host>', 'address to bind; anything but loopback should sit behind TLS', '127.0.0.1')
    .action((opts: { port: number; host: string }) =>
      withServices(async (svc) => {
        const { app, url } = await listen(svc, opts);
        console.log(`Switchboard API listening at ${url}  (docs: ${url}/docs, OpenAPI: ${url}/openapi.json)\nPress Ctrl-C to stop.`);
        await untilStopped(app);
      }),
    );
}

/** Builds the API and listens; the URL uses the address actually bound (port 0 picks one). */
export async function listen(
  svc: Services & { blobsRoot: string },
  opts: { port: number; host: string; logger?: Logger },
): Promise<{ app: FastifyInstance; url: string }> {
  // Loaded here, not at the top: Fastify and the OpenAPI tooling would slow every other command's start.
  const { buildApi } = await import('../api/app.ts');
  const app = await buildApi({ svc, logger: opts.logger });
  try {
    await app.listen({ port: opts.port, host: opts.host });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return { app, url: `http://${host}:${port}` };
}

/** Resolves once Ctrl-C (or SIGTERM) has stopped the server: in-flight requests end and the audit trail is written. */
export function untilStopped(app: FastifyInstance): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      app.close().then(resolve, reject);
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
}
