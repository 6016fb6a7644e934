// Stores for tests: SQLite in a fresh data directory, or PostgreSQL in a freshly created database on
// the harness server (see global-setup.ts), so tests are isolated and can run in parallel forks.
// Use with `describe.each(dialects)('… (%s)', (dialect) => …)`.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

export const dialects = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof dialects)[number];

export interface TestStore {
  store: Store;
  dataDir: string;
  /** The PostgreSQL database's URL (postgres only). */
  url?: string;
  cleanup(): Promise<void>;
}

function serverUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error('no PostgreSQL for tests: run vitest with vitest.config.ts, whose globalSetup (test/harness/global-setup.ts) provides one');
  return url;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty PostgreSQL database on the harness server, e.g. for CLI subprocesses given
 * SWITCHBOARD_DATABASE_URL. Dropped at the end of the run (or with the throw-away server).
 */
export async function freshDatabaseUrl(): Promise<string> {
  const name = `${inject('postgresDatabasePrefix')}${process.pid}_${randomBytes(4).toString('hex')}`;
  // template0 never has sessions attached, so parallel forks can copy it at the same time; the C
  // locale matches SQLite's byte-wise ordering whatever the server's default.
  await adminQuery(`create database "${name}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await adminQuery(`drop database if exists "${name}" with (force)`);
}

export async function openTestStore(dialect: TestDialect): Promise<TestStore> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-test-'));
  const url = dialect === 'postgres' ? await freshDatabaseUrl() : undefined;
  const store = await openStore({ dataDir, ...(url ? { databaseUrl: url } : {}) });
  return {
    store,
    dataDir,
    ...(url ? { url } : {}),
    async cleanup() {
      await store.close();
      if (url) await dropDatabase(url);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
