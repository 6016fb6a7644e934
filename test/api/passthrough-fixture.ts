// The read API listening on loopback, with connections to the three simulators, for the passthrough
// suites. Nothing is synced: the passthrough reads the platforms, not the store. Raw requests go over a
// socket so that a path reaches the server exactly as written (fetch would resolve `..` itself).
import { connect } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/app.ts';
import { createApiKey } from '../../src/api/keys.ts';
import { addConnection, type Services } from '../../src/connections/service.ts';
import type { ConnectionSettings } from '../../src/connectors/connector.ts';
import { createLogger } from '../../src/log.ts';
import type { RunningCiscoFinesseSimulator, RunningGenesysCloudSimulator, RunningNiceCxoneSimulator } from '../../src/simulators/index.ts';
import type { AuditRow, ConnectionRow } from '../../src/store/index.ts';
import { openTestStore, type TestDialect, type TestStore } from '../harness/databases.ts';
import { ciscoFinesseHarness, genesysHarness, niceCxoneHarness, simJson, statsOf } from '../harness/platforms.ts';

export interface PassthroughSims {
  genesys: RunningGenesysCloudSimulator;
  nice: RunningNiceCxoneSimulator;
  finesse: RunningCiscoFinesseSimulator;
  close(): Promise<void>;
}

async function startPassthroughSims(): Promise<PassthroughSims> {
  const sizes = { users: 8, queues: 3, conversations: 20, days: 2, teams: 3 };
  const [genesys, nice, finesse] = await Promise.all([
    genesysHarness.start({ sizes, seed: 5 }),
    niceCxoneHarness.start({ sizes, seed: 5 }),
    ciscoFinesseHarness.start({ sizes, seed: 5 }),
  ]);
  return { genesys, nice, finesse, close: async () => void (await Promise.all([genesys.close(), nice.close(), finesse.close()])) };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface PassthroughFixture {
  sims: PassthroughSims;
  app: FastifyInstance;
  baseUrl: string;
  test: TestStore;
  key(scopes: string[], connections?: string[]): Promise<string>;
  /** Adds a connection (no sync); its row. */
  connection(name: string, platform: string, creds: ConnectionSettings): Promise<ConnectionRow>;
  /** GET through fetch (paths already canonical). */
  get(url: string, key: string, headers?: Record<string, string>): Promise<Response>;
  /** Any method and request target, byte for byte, over a socket. */
  raw(method: string, target: string, key: string): Promise<RawAnswer>;
  /** The audit trail, newest first, once pending entries are written. */
  audit(): Promise<AuditRow[]>;
  /** Platform requests the simulators have served so far (never their /_sim control plane). */
  platformRequests(): Promise<number>;
  /** Failed logins of the Finesse simulator, all accounts. */
  finesseFailedLogins(): Promise<number>;
  /** Finesse settings of the harness's connection for another account (admin mode for the administrator). */
  finesseAs(who: { username: string; password: string }, mode: 'admin' | 'team'): ConnectionSettings;
  close(): Promise<void>;
}

/** The simulators and the API, listening; close() stops them all. */
export async function openPassthroughFixture(dialect: TestDialect): Promise<PassthroughFixture> {
  const sims = await startPassthroughSims();
  const test = await openTestStore(dialect);
  const svc: Services & { blobsRoot: string } = {
    store: test.store,
    masterKey: Buffer.alloc(32, 9),
    dataDir: test.dataDir,
    blobsRoot: path.join(test.dataDir, 'blobs'),
  };
  const app = await buildApi({ svc, logger: createLogger({ level: 'silent' }), checkResponses: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  let n = 0;

  return {
    sims,
    app,
    baseUrl,
    test,
    async key(scopes, connections) {
      return (
        await createApiKey(test.store, { name: `pt-${++n}`, scopes, ...(connections ? { connections } : {}), rateLimitPerMinute: 100_000 })
      ).key;
    },
    async connection(name, platform, creds) {
      await addConnection(svc, { platform, name, settings: creds.settings, secrets: creds.secrets });
      return (await test.store.connections.get(name)) as ConnectionRow;
    },
    get: (url, key, headers = {}) => fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${key}`, ...headers } }),
    raw: (method, target, key) =>
      rawRequest(port, `${method} ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${key}\r\nconnection: close\r\n\r\n`),
    async audit() {
      await app.api.audit.flush();
      return test.store.audit.query({ limit: 1000 });
    },
    async platformRequests() {
      const all = await Promise.all([statsOf(sims.genesys), statsOf(sims.nice), statsOf(sims.finesse)]);
      return all.reduce((sum, stats) => sum + stats.requests, 0);
    },
    finesseFailedLogins: async () =>
      (await simJson<{ totalFailedAuthentications: number }>(sims.finesse, '/_sim/lockout')).totalFailedAuthentications,
    finesseAs(who, mode) {
      const base = ciscoFinesseHarness.credentials(sims.finesse);
      return { settings: { ...base.settings, username: who.username, mode }, secrets: { password: who.password } };
    },
    async close() {
      await app.close();
      await test.cleanup();
      await sims.close();
    },
  };
}

function rawRequest(port: number, head: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed socket may be dropped before a slow answer (connection: close ends it).
    const socket = connect(port, '127.0.0.1', () => socket.write(head, 'latin1'));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}
