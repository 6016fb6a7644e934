// A connection to a simulator in a test store, and helpers to sync it and compare with the ground truth.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { requireConnector } from '../../src/connectors/catalog.ts';
import type { ConnectionSettings, SyncOptions } from '../../src/connectors/connector.ts';
import { addConnection, type Services } from '../../src/connections/service.ts';
import { createBlobStore } from '../../src/engine/blob-store.ts';
import { runSync, type SyncRequest, type SyncSummary } from '../../src/engine/sync-runner.ts';
import type { Entity } from '../../src/model.ts';
import type { ConnectionRow } from '../../src/store/index.ts';
import { decryptSecrets } from '../../src/vault/index.ts';
import { openTestStore, type TestDialect } from './databases.ts';

export interface TestConnection {
  svc: Services;
  connection: () => Promise<ConnectionRow>;
  name: string;
  cleanup(): Promise<void>;
}

export async function connectTo(
  dialect: TestDialect,
  platform: string,
  creds: ConnectionSettings,
  name = 'conformance',
): Promise<TestConnection> {
  const test = await openTestStore(dialect);
  const svc: Services = { store: test.store, masterKey: Buffer.alloc(32, 7), dataDir: test.dataDir };
  await addConnection(svc, { platform, name, settings: creds.settings, secrets: creds.secrets });
  return {
    svc,
    name,
    connection: async () => (await test.store.connections.get(name)) as ConnectionRow,
    cleanup: test.cleanup,
  };
}

export async function syncNow(
  conn: TestConnection,
  options: Partial<SyncOptions> = {},
  extra: Partial<Pick<SyncRequest, 'streams' | 'onProgress' | 'onHttp' | 'signal'>> = {},
): Promise<SyncSummary> {
  const row = await conn.connection();
  return runSync({
    store: conn.svc.store,
    blobs: createBlobStore(path.join(conn.svc.dataDir, 'blobs')),
    connector: requireConnector(row.platform),
    connection: row,
    secrets: decryptSecrets(conn.svc.masterKey, row.secretsCiphertext, row.name),
    options: { full: false, media: true, backfillDays: 30, ...options },
    ...extra,
  });
}

/** Every entity the truth names holds exactly the truth's ids (deleted records excluded), nothing more. */
export async function expectGroundTruth(conn: TestConnection, truth: Record<string, string[]>): Promise<void> {
  const row = await conn.connection();
  for (const [entity, ids] of Object.entries(truth)) {
    if (entity === 'openInteractions') continue;
    const stored = await conn.svc.store.records.externalIds(row.id, entity as Entity);
    expect(stored, `${entity} ids`).toEqual([...ids].sort());
  }
}

export const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'switchboard-'));
