// Vitest global setup: makes a PostgreSQL server available to every test file, so each store, engine
// and API test can run against both dialects. With SWITCHBOARD_TEST_DATABASE_URL set, that server is
// used (its user needs CREATEDB); otherwise a throw-away PostgreSQL is started from the machine's own
// binaries on a temp dir and a free loopback port, tuned for speed over durability, and removed after.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may CREATE DATABASE; tests get their own databases from it. */
    postgresUrl: string;
    /** Prefix of the databases this run creates, so teardown can drop exactly those. */
    postgresDatabasePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prefix = `sb_test_${randomBytes(4).toString('hex')}_`;
  project.provide('postgresDatabasePrefix', prefix);

  const external = process.env.SWITCHBOARD_TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return () => dropRunDatabases(external, prefix);
  }
  const server = await startThrowawayPostgres().catch((error: Error) => {
    throw new Error(
      `could not start a throw-away PostgreSQL for the tests: ${error.message}\n` +
        'Install PostgreSQL (initdb and pg_ctl on PATH), or point SWITCHBOARD_TEST_DATABASE_URL at a server ' +
        'whose user may create databases.',
      { cause: error },
    );
  });
  project.provide('postgresUrl', server.url);
  return server.stop;
}

/** A long-lived server outlives the run, so the databases tests created on it are dropped. */
async function dropRunDatabases(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

// Durability is worthless for a server that is deleted after the run; these make it several times faster.
const TEST_SETTINGS = `
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
checkpoint_timeout = 1h
max_wal_size = 4GB
autovacuum = off
log_min_messages = warning
`;

interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

async function startThrowawayPostgres(): Promise<RunningServer> {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  const root = await mkdtemp(path.join(os.tmpdir(), 'switchboard-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');

  // initdb refuses to run as root (CI containers), so the server runs as the unprivileged `postgres`
  // user, which then has to own the directory.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chown(root, userId('-u'), userId('-g'));
  const run = (binary: string, args: string[]) =>
    asRoot ? exec('runuser', ['-u', 'postgres', '--', binary, ...args], root) : exec(binary, args, root);

  // Teardown does not run when the test run is killed (a CI timeout, Ctrl-C twice). A detached watchdog
  // outlives us, notices, and stops the server and deletes its directory; after a normal teardown it
  // finds nothing left to do.
  const stopCommand = asRoot ? ['runuser', '-u', 'postgres', '--', pgCtl] : [pgCtl];
  spawn(
    'sh',
    ['-c', 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; shift; root="$1"; shift; if [ -d "$root" ]; then "$@" -D "$root/data" -m immediate stop; rm -rf "$root"; fi', 'watchdog', String(process.pid), root, ...stopCommand],
    { detached: true, stdio: 'ignore' },
  ).unref();

  try {
    await run(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
    // Trust authentication, and only from the loopback address: there is no password to manage and
    // nothing off the machine can connect.
    await writeFile(path.join(dataDir, 'pg_hba.conf'), 'host all all 127.0.0.1/32 trust\n');
    await appendFile(path.join(dataDir, 'postgresql.conf'), TEST_SETTINGS);

    // Another process may take the free port before the server binds it; try a fresh one then.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await run(pgCtl, ['-D', dataDir, '-l', logFile, '-o', `-p ${port}`, '-w', '-t', '30', 'start']);
        break;
      } catch (error) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        if (attempt < 3 && /could not bind|address already in use/i.test(log)) continue;
        throw new Error(`${(error as Error).message}\nlast lines of the server log:\n${log.split('\n').slice(-20).join('\n')}`);
      }
    }

    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await run(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run(pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/** Absolute path, because runuser may not keep our PATH. */
function findBinary(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found on PATH`);
}

function userId(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

function exec(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(' ')} exited with ${code}: ${stderr.trim()}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
