// A PostgreSQL for the benchmark: the test harness's throw-away server (test/harness/global-setup.ts:
// initdb and pg_ctl on a temp dir and a free loopback port, or SWITCHBOARD_TEST_DATABASE_URL when set),
// started through the harness's own entry point, with one fresh database for the benchmark's store.
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import setup from '../../test/harness/global-setup.ts';

export interface BenchPostgres {
  /** URL of the benchmark's database. */
  url: string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<BenchPostgres> {
  const provided: Record<string, string> = {};
  // The harness hands its server to vitest through project.provide; this stands in for the project.
  const project = { provide: (key: string, value: string) => void (provided[key] = value) } as unknown as TestProject;
  const stop = await setup(project);
  const server = provided.postgresUrl;
  if (!server) throw new Error('the PostgreSQL harness provided no URL');
  // Named with the run's prefix, so that stop() drops it from a long-lived server too.
  const name = `${provided.postgresDatabasePrefix ?? 'sb_bench_'}api`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop };
}
