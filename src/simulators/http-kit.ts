// A tiny HTTP toolkit on node:http for the simulators. Not fastify: a benchmark pulls 200 000
// conversations through one simulator, and fault injection must be able to reset sockets and cut bodies
// short, which needs direct control of the socket.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SimResponse {
  status: number;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /**
   * Fault directives carried out by the writer: 'reset' destroys the socket without answering;
   * 'truncate' sends the headers with the full Content-Length, then half the body, then destroys the socket.
   */
  abort?: 'reset' | 'truncate';
  /** Runs once the whole response has been handed to the socket (for work that must not delay it). */
  afterSend?: () => void;
  /**
   * A body produced piece by piece instead of `body` (bodies too large to hold, such as hostile ones):
   * sent chunked, without Content-Length, and never truncated by fault injection.
   */
  stream?: Iterable<Buffer> | AsyncIterable<Buffer>;
}

/** Query parameters. Arrays may arrive comma-joined (`?id=a,b`, the Genesys SDK's way) or repeated. */
export class Query {
  constructor(
    readonly params: URLSearchParams,
    private readonly caseInsensitive = false,
  ) {}

  private values(name: string): string[] {
    if (!this.caseInsensitive) return this.params.getAll(name);
    const wanted = name.toLowerCase();
    const out: string[] = [];
    for (const [key, value] of this.params) if (key.toLowerCase() === wanted) out.push(value);
    return out;
  }

  has(name: string): boolean {
    return this.values(name).length > 0;
  }

  /** The first value, or undefined. */
  get(name: string): string | undefined {
    return this.values(name)[0];
  }

  /** Every value, comma lists split, blanks dropped. */
  all(name: string): string[] {
    return this.values(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
  }

  /** An integer, undefined when absent, NaN when present but not an integer (callers answer 400). */
  int(name: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return undefined;
    return /^-?\d+$/.test(raw.trim()) ? Number.parseInt(raw, 10) : Number.NaN;
  }

  /** true/false (any case), undefined when absent or anything else. */
  bool(name: string): boolean | undefined {
    const raw = this.get(name)?.toLowerCase();
    return raw === 'true' ? true : raw === 'false' ? false : undefined;
  }
}

export interface SimRequest {
  method: string;
  /** Decoded-per-segment matching happens on this raw path (no query string). */
  path: string;
  query: Query;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Path parameters of the matched route. */
  params: Record<string, string>;
  /** `METHOD /pattern` of the matched route, for stats; set by Router.match. */
  route?: string;
  raw: IncomingMessage;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export function json(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: value === undefined ? '' : JSON.stringify(value),
  };
}

export function text(status: number, body: string | Buffer, contentType = 'text/plain'): SimResponse {
  return { status, headers: { 'content-type': contentType }, body };
}

/** The body parsed as JSON; undefined when empty; throws SyntaxError when malformed. */
export function readJson(req: SimRequest): unknown {
  const raw = req.body.toString('utf8').trim();
  return raw === '' ? undefined : JSON.parse(raw);
}

export function readForm(req: SimRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

interface Route<T> {
  method: string;
  pattern: string;
  segments: string[];
  value: T;
}

export interface RouteMatch<T> {
  value: T;
  params: Record<string, string>;
  pattern: string;
}

/**
 * Method + path-pattern routing (`/api/v2/users/{userId}`). Where two patterns match, the one with a
 * literal segment earliest wins, so `/users/me` beats `/users/{userId}` whatever the declaration order.
 */
export class Router<T = Handler> {
  private readonly routes: Route<T>[] = [];

  constructor(private readonly options: { caseInsensitive?: boolean } = {}) {}

  add(method: string, pattern: string, value: T): this {
    const segments = pattern.split('/').slice(1);
    const clash = this.routes.find((r) => r.method === method && r.pattern === pattern);
    if (clash) throw new Error(`route declared twice: ${method} ${pattern}`);
    this.routes.push({ method, pattern, segments: segments.map((s) => this.fold(s)), value });
    return this;
  }

  get(pattern: string, value: T): this {
    return this.add('GET', pattern, value);
  }

  post(pattern: string, value: T): this {
    return this.add('POST', pattern, value);
  }

  delete(pattern: string, value: T): this {
    return this.add('DELETE', pattern, value);
  }

  /** Every declared `METHOD pattern`, for completeness checks (e.g. a permission table). */
  declared(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }

  match(method: string, path: string): RouteMatch<T> | undefined {
    const parts = path.split('/').slice(1);
    let best: { route: Route<T>; params: Record<string, string>; score: string } | undefined;
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = '';
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          const value = safeDecode(part);
          if (value === undefined || value === '') ok = false;
          else params[seg.slice(1, -1)] = value;
          score += '0';
        } else {
          ok = seg === this.fold(part);
          score += '1';
        }
      }
      if (ok && (!best || score > best.score)) best = { route, params, score };
    }
    return best && { value: best.route.value, params: best.params, pattern: best.route.pattern };
  }

  private fold(segment: string): string {
    return this.options.caseInsensitive && !segment.startsWith('{') ? segment.toLowerCase() : segment;
  }
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Runs a Router<Handler>: sets params/route on the request, or answers with `notFound`. */
export function dispatch(router: Router, req: SimRequest, notFound: Handler): SimResponse | Promise<SimResponse> {
  const found = router.match(req.method, req.path);
  if (!found) return notFound(req);
  req.params = found.params;
  req.route = `${req.method} ${found.pattern}`;
  return found.value(req);
}

export interface ListenOptions {
  host?: string;
  port?: number;
  /** Request bodies above this many bytes are answered with `tooLarge` without reading further. */
  maxBodyBytes?: number;
  tooLarge?: (req: SimRequest) => SimResponse;
  /** Parse query parameter names case-insensitively (some platforms do). */
  caseInsensitiveQuery?: boolean;
  /** Serve HTTPS with this PEM key and certificate instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

export interface KitServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    raw.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        raw.removeAllListeners('data');
        raw.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    raw.on('end', () => resolve(Buffer.concat(chunks)));
    raw.on('error', reject);
  });
}

/** Starts a listener whose every request goes through `handler`; exceptions become plain 500s. */
export async function listen(handler: Handler, options: ListenOptions = {}): Promise<KitServer> {
  const limit = options.maxBodyBytes ?? 1_048_576;
  const onRequest = async (raw: IncomingMessage, res: ServerResponse) => {
    const url = new URL(raw.url ?? '/', 'http://sim.invalid');
    const req: SimRequest = {
      method: (raw.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: new Query(url.searchParams, options.caseInsensitiveQuery),
      headers: raw.headers,
      body: Buffer.alloc(0),
      params: {},
      raw,
    };
    let out: SimResponse;
    try {
      req.body = await readBody(raw, limit);
      out = await handler(req);
    } catch (err) {
      if (err instanceof BodyTooLarge && options.tooLarge) out = options.tooLarge(req);
      else out = text(500, `simulator error: ${err instanceof Error ? err.message : String(err)}`);
    }
    write(res, out);
  };
  const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createServer(onRequest);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    baseUrl: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function write(res: ServerResponse, out: SimResponse): void {
  if (out.abort === 'reset') {
    res.socket?.destroy();
    return;
  }
  if (out.stream) {
    res.writeHead(out.status, out.headers);
    // A client that stops reading (a body-size cap doing its job) ends the pipeline with an error.
    pipeline(Readable.from(out.stream), res).then(out.afterSend, () => res.destroy());
    return;
  }
  const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : (out.body ?? Buffer.alloc(0));
  res.writeHead(out.status, { ...out.headers, 'content-length': body.length });
  if (out.abort === 'truncate' && body.length > 0) {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  if (out.afterSend) res.once('finish', out.afterSend);
  res.end(body);
}

/**
 * A simulator's permission table and its routes must describe the same endpoints, both ways: a route
 * without an entry would answer unchecked, an entry without a route would be a permission never tested.
 */
export function assertRoutesMatchTable(declared: Iterable<string>, table: Record<string, unknown>): void {
  const routes = new Set(declared);
  for (const route of routes) if (!table[route]) throw new Error(`no permission entry for ${route}`);
  for (const route of Object.keys(table)) if (!routes.has(route)) throw new Error(`permission entry without a route: ${route}`);
}
