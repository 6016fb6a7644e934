// Fills a store for the API benchmark, in its own process: a NICE CXone connection to the simulator and
// one real sync of its interactions stream (the connector's mapping, the sync runner's transactions of
// 10 000 contacts), into SQLite in dataDir or into PostgreSQL at databaseUrl. Prints one JSON line.
import path from 'node:path';
import { requireConnector } from '../../src/connectors/catalog.ts';
import { addConnection, connectionSecrets } from '../../src/connections/service.ts';
import { createBlobStore } from '../../src/engine/blob-store.ts';
import { runSync } from '../../src/engine/sync-runner.ts';
import { openStore } from '../../src/store/index.ts';
import { loadMasterKey } from '../../src/vault/index.ts';
import { workerConfig } from '../lib/processes.ts';

export interface FillConfig {
  dataDir: string;
  databaseUrl?: string;
  /** The simulator's least-privilege connection. */
  settings: Record<string, string>;
  secrets: Record<string, string>;
  backfillDays: number;
}

export interface FillResult {
  connectionId: string;
  interactions: number;
  seconds: number;
  status: string;
}

const cfg = workerConfig<FillConfig>();
const store = await openStore({ dataDir: cfg.dataDir, ...(cfg.databaseUrl ? { databaseUrl: cfg.databaseUrl } : {}) });
const svc = { store, dataDir: cfg.dataDir, masterKey: await loadMasterKey({ env: process.env, dataDir: cfg.dataDir }) };
const row = await addConnection(svc, { platform: 'nice-cxone', name: 'cxone-bench', settings: cfg.settings, secrets: cfg.secrets });

const started = performance.now();
const summary = await runSync({
  store,
  blobs: createBlobStore(path.join(cfg.dataDir, 'blobs')),
  connector: requireConnector('nice-cxone'),
  connection: row,
  secrets: connectionSecrets(svc, row),
  options: { full: false, media: false, backfillDays: cfg.backfillDays },
  streams: ['interactions'],
});
const result: FillResult = {
  connectionId: row.id,
  interactions: summary.counts.interaction ?? 0,
  seconds: (performance.now() - started) / 1000,
  status: summary.status,
};
await store.close();
console.log(JSON.stringify(result));
