// `switchboard keys`, `serve` and `audit` as an operator runs them: a key printed once and stored only
// as a hash, a server that answers it until Ctrl-C, and the trail of what it was asked.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli } from '../harness/cli.ts';
import { tempDir } from '../harness/sync-harness.ts';

describe('keys, serve and audit commands', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await tempDir();
    env = { SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_LOG_LEVEL: 'warn' };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('creates keys shown once, serves them until Ctrl-C, audits every request, and revokes', async () => {
    const qa = await runCli(['keys', 'create', '--name', 'qa', '--scopes', 'agents:read,interactions:read', '--expires', '90d'], env);
    expect(qa.code).toBe(0);
    const key = /sbk_[0-9a-f]{16}_[0-9a-f]{64}/.exec(qa.stdout)?.[0] as string;
    expect(qa.stdout).toContain('shown only this once');
    const ops = await runCli(['keys', 'create', '--name', 'ops', '--admin', '--json'], env);
    const admin = (JSON.parse(ops.stdout) as { key: string; kind: string }).key;
    expect(admin).toMatch(/^sba_/);

    const bad = await runCli(['keys', 'create', '--name', 'x', '--scopes', 'agents:write'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown scope agents:write');

    const server = spawnCli(['serve', '--port', '0'], env);
    const done = collect(server);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const found = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (found) resolve(found[1] as string);
      });
      server.once('exit', () => reject(new Error(`serve exited: ${out}`)));
    });
    // A client of its own, closed before Ctrl-C: the server's stop would otherwise wait out its spare connections.
    const client = new Agent();
    const fetch = (target: string, init: { headers: Record<string, string> }) => undiciFetch(target, { ...init, dispatcher: client });
    const agents = await fetch(`${url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });
    expect([agents.status, await agents.json()]).toEqual([200, { data: [], nextCursor: null }]);
    expect((await fetch(`${url}/admin/keys`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    expect((await fetch(`${url}/v1/queues`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
    await client.close();
    server.kill('SIGINT');
    expect((await done).code).toBe(0);

    const audit = await runCli(['audit', '--since', '1h', '--json'], env);
    const entries = JSON.parse(audit.stdout) as Array<{ keyName: string; route: string; status: number; errorCode: string | null }>;
    expect(entries.map((e) => [e.keyName, e.route, e.status, e.errorCode])).toEqual([
      ['qa', '/v1/queues', 403, 'missing_scope'],
      ['ops', '/admin/keys', 200, null],
      ['qa', '/v1/agents', 200, null],
    ]);

    expect((await runCli(['keys', 'revoke', 'qa'], env)).stdout).toContain('revoked "qa"');
    const list = await runCli(['keys', 'list', '--all'], env);
    expect(list.stdout).toMatch(/qa\s+data\s+revoked\s+agents:read,interactions:read\s+all/);
    expect(list.stdout).toMatch(/ops\s+admin\s+active/);
    expect(list.stdout).not.toMatch(/sb[ka]_[0-9a-f]{16}_/);

    const db = await readFile(path.join(dataDir, 'switchboard.db'));
    for (const secret of [key, admin]) expect(db.includes(Buffer.from(secret))).toBe(false);
  }, 60_000);
});
