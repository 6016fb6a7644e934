// The read API over data synced from the simulators, for the API suites. Three connections in one store:
// two to the same Genesys Cloud org (so every record id of one exists in the other: a key restricted to
// one connection must never reach the other's copy, however it spells the id; gen-b syncs no media, so
// its recordings stay listed) and one to NICE CXone.
// Every log line and response body is kept for the secrets scan.
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApi } from '../../src/api/app.ts';
import { createApiKey, type NewKeyInput } from '../../src/api/keys.ts';
import { addConnection, type Services } from '../../src/connections/service.ts';
import { createLogger } from '../../src/log.ts';
import type { RunningGenesysCloudSimulator, RunningNiceCxoneSimulator } from '../../src/simulators/index.ts';
import type { ConnectionRow } from '../../src/store/index.ts';
import { dialects, openTestStore, type TestDialect, type TestStore } from '../harness/databases.ts';
import { genesysHarness, niceCxoneHarness } from '../harness/platforms.ts';
import { syncNow } from '../harness/sync-harness.ts';

const SIM_SIZES = { users: 8, queues: 3, conversations: 40, days: 3 };

export interface Sims {
  genesys: RunningGenesysCloudSimulator;
  nice: RunningNiceCxoneSimulator;
  close(): Promise<void>;
}

async function startSims(): Promise<Sims> {
  const [genesys, nice] = await Promise.all([
    genesysHarness.start({ sizes: SIM_SIZES, seed: 3 }),
    niceCxoneHarness.start({ sizes: SIM_SIZES, seed: 3 }),
  ]);
  return { genesys, nice, close: async () => void (await Promise.all([genesys.close(), nice.close()])) };
}

export interface ApiFixture {
  dialect: TestDialect;
  app: FastifyInstance;
  svc: Services & { blobsRoot: string };
  test: TestStore;
  /** gen-a and gen-b: the same Genesys org; cx: NICE CXone. */
  conns: { a: ConnectionRow; b: ConnectionRow; cx: ConnectionRow };
  /** The connections' secrets, in clear. */
  secrets: string[];
  /** Every key made through key(), in clear. */
  keys: string[];
  logs: string[];
  /** Every response body the fixture's calls received. */
  bodies: string[];
  key(input: Omit<NewKeyInput, 'name'> & { name?: string }): Promise<string>;
  call(opts: InjectOptions & { key?: string }): Promise<LightMyRequestResponse>;
  get(url: string, key?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function openApiFixture(dialect: TestDialect, sims: Sims): Promise<ApiFixture> {
  const test = await openTestStore(dialect);
  const svc = { store: test.store, masterKey: Buffer.alloc(32, 7), dataDir: test.dataDir, blobsRoot: path.join(test.dataDir, 'blobs') };
  const plan = [
    { name: 'gen-a', platform: 'genesys-cloud', creds: genesysHarness.credentials(sims.genesys), media: true },
    { name: 'gen-b', platform: 'genesys-cloud', creds: genesysHarness.credentials(sims.genesys), media: false },
    { name: 'cx', platform: 'nice-cxone', creds: niceCxoneHarness.credentials(sims.nice), media: true },
  ];
  const secrets: string[] = [];
  for (const { name, platform, creds, media } of plan) {
    await addConnection(svc, { platform, name, settings: creds.settings, secrets: creds.secrets });
    secrets.push(...Object.values(creds.secrets));
    const summary = await syncNow(connectionOf(svc, name), { media });
    if (summary.status !== 'succeeded') throw new Error(`fixture sync of ${name}: ${JSON.stringify(summary.streams)}`);
  }
  const row = async (name: string) => (await test.store.connections.get(name)) as ConnectionRow;
  const conns = { a: await row('gen-a'), b: await row('gen-b'), cx: await row('cx') };

  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } });
  const app = await buildApi({ svc, logger, checkResponses: true });
  const keys: string[] = [];
  const bodies: string[] = [];
  let n = 0;

  const call = async ({ key, ...opts }: InjectOptions & { key?: string }) => {
    const res = await app.inject({ ...opts, headers: { ...opts.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) } });
    bodies.push(res.body);
    return res;
  };
  return {
    dialect,
    app,
    svc,
    test,
    conns,
    secrets,
    keys,
    logs,
    bodies,
    async key(input) {
      const { key } = await createApiKey(test.store, { name: `app-${++n}`, ...input });
      keys.push(key);
      return key;
    },
    call,
    get: (url, key) => call({ method: 'GET', url, key }),
    async close() {
      await app.close();
      await test.cleanup();
    },
  };
}

/**
 * A suite over the fixture on each dialect: the simulators start once per file, the fixture once per
 * dialect, and `body` gets them for its own beforeAll and tests.
 */
export function apiSuite(name: string, body: (fixture: () => ApiFixture, sims: () => Sims) => void): void {
  let sims: Sims;
  beforeAll(async () => {
    sims = await startSims();
  });
  afterAll(() => sims.close());
  describe.each(dialects)(`${name} (%s)`, (dialect) => {
    let fx: ApiFixture;
    beforeAll(async () => {
      fx = await openApiFixture(dialect, sims);
    });
    afterAll(() => fx.close());
    body(
      () => fx,
      () => sims,
    );
  });
}

/** A connection of the fixture's store, as the sync harness takes it. */
export const connectionOf = (svc: Services, name: string) => ({
  svc,
  name,
  connection: async () => (await svc.store.connections.get(name)) as ConnectionRow,
  cleanup: async () => undefined,
});

export const json = <T = Record<string, unknown>>(res: LightMyRequestResponse): T => res.json() as T;

/** Every page of a list, following nextCursor. */
export async function allPages(fx: ApiFixture, url: string, key: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await fx.get(cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url, key);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    const body = json<{ data: Array<Record<string, unknown>>; nextCursor: string | null }>(res);
    out.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}
