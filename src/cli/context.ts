// What every command that touches data needs: validated config, the store and the master key.
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import type { Services } from '../connections/service.ts';
import { createBlobStore } from '../engine/blob-store.ts';
import { openStore } from '../store/index.ts';
import { loadMasterKey } from '../vault/index.ts';

export async function withServices<T>(fn: (svc: Services & { blobsRoot: string }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const masterKey = await loadMasterKey({ env: process.env, dataDir: config.dataDir });
    return await fn({ store, masterKey, dataDir: config.dataDir, blobsRoot: join(config.dataDir, 'blobs') });
  } finally {
    await store.close();
  }
}

export const blobStoreFor = (svc: { blobsRoot: string }) => createBlobStore(svc.blobsRoot);
