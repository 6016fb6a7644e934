// Runs the real `switchboard` CLI in a child process, as a user or a scheduler would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireConnector } from '../../src/connectors/catalog.ts';
import type { ConnectionSettings } from '../../src/connectors/connector.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const main = path.join(root, 'src', 'cli', 'main.ts');

export function spawnCli(args: string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, [tsx, main, ...args], {
    cwd: root,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined>, stdin = ''): Promise<CliResult> {
  const child = spawnCli(args, env);
  return collect(child, stdin);
}

export function collect(child: ChildProcess, stdin = ''): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin?.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** `connections add` arguments for a connector: settings as flags, secrets through their env vars. */
export function addConnectionArgs(
  platform: string,
  name: string,
  creds: ConnectionSettings,
): { args: string[]; env: Record<string, string> } {
  const args = ['connections', 'add', platform, '--name', name];
  const env: Record<string, string> = {};
  for (const field of requireConnector(platform).credentials) {
    if (field.secret) {
      const value = creds.secrets[field.name];
      if (value && field.envVar) env[field.envVar] = value;
    } else if (creds.settings[field.name]) {
      const value = creds.settings[field.name] as string;
      if (field.kind === 'switch') args.push(`--${field.flag}`);
      else if (field.kind === 'file') args.push(`--${field.flag}`, settingFile(value));
      else if (field.multiple) args.push(...value.split(',').flatMap((item) => [`--${field.flag}`, item]));
      else args.push(`--${field.flag}`, value);
    }
  }
  return { args, env };
}

/** A file-valued setting (a CA bundle) is given to the CLI as a path: written to a temp file for it. */
function settingFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'switchboard-cli-')), 'setting.pem');
  writeFileSync(file, content);
  return file;
}
