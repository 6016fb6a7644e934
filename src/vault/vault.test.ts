import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptSecrets, encryptSecrets, loadMasterKey, VaultError } from './index.ts';

const secrets = { clientSecret: 's3cr3t-value-Ω', password: 'pa55word' };

describe('secret encryption', () => {
  const key = randomBytes(32);

  it('round-trips a secrets object and never stores it in clear', () => {
    const sealed = encryptSecrets(key, secrets, 'conn-a');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('s3cr3t');
    expect(Buffer.from(sealed.slice(3), 'base64').toString('latin1')).not.toContain('pa55word');
    expect(decryptSecrets(key, sealed, 'conn-a')).toEqual(secrets);
  });

  it('uses a fresh IV every time', () => {
    expect(encryptSecrets(key, secrets, 'conn-a')).not.toBe(encryptSecrets(key, secrets, 'conn-a'));
  });

  it('refuses a ciphertext moved to another connection, a wrong key and tampering, without echoing anything', () => {
    const sealed = encryptSecrets(key, secrets, 'conn-a');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    const tampered = `v1:${bytes.toString('base64')}`;
    for (const attempt of [() => decryptSecrets(key, sealed, 'conn-b'), () => decryptSecrets(randomBytes(32), sealed, 'conn-a'), () => decryptSecrets(key, tampered, 'conn-a')]) {
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(VaultError);
      const message = (error as Error).message;
      expect(message).toContain('cannot decrypt the stored secrets');
      expect(message).not.toContain(sealed.slice(3, 20));
      expect(message).not.toContain(key.toString('base64'));
      expect(message).not.toContain('s3cr3t');
    }
  });

  it('rejects unknown formats and truncated data clearly', () => {
    expect(() => decryptSecrets(key, 'v2:abc', 'a')).toThrow('unknown format');
    expect(() => decryptSecrets(key, 'v1:abc', 'a')).toThrow('truncated');
    expect(() => encryptSecrets(randomBytes(16), secrets, 'a')).toThrow('must be 32 bytes');
  });
});

describe('master key', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-vault-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads SWITCHBOARD_MASTER_KEY as base64 or hex', async () => {
    const key = randomBytes(32);
    expect(await loadMasterKey({ env: { SWITCHBOARD_MASTER_KEY: key.toString('base64') }, dataDir })).toEqual(key);
    expect(await loadMasterKey({ env: { SWITCHBOARD_MASTER_KEY: key.toString('hex') }, dataDir })).toEqual(key);
    expect(await loadMasterKey({ env: { SWITCHBOARD_MASTER_KEY: ` ${key.toString('base64url')}\n` }, dataDir })).toEqual(key);
  });

  it('rejects a malformed SWITCHBOARD_MASTER_KEY without repeating it', async () => {
    for (const bad of ['hunter2-not-a-key', randomBytes(16).toString('base64'), randomBytes(33).toString('hex')]) {
      const error = await loadMasterKey({ env: { SWITCHBOARD_MASTER_KEY: bad }, dataDir }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(VaultError);
      expect((error as Error).message).toContain('SWITCHBOARD_MASTER_KEY is not a valid master key');
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it('creates a private key file on first use and reuses it', async () => {
    const created: string[] = [];
    const first = await loadMasterKey({ env: {}, dataDir: path.join(dataDir, 'nested'), onCreated: (f) => created.push(f) });
    const keyFile = path.join(dataDir, 'nested', 'master.key');
    expect(created).toEqual([keyFile]);
    expect(first).toHaveLength(32);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await loadMasterKey({ env: { SWITCHBOARD_MASTER_KEY: '' }, dataDir: path.join(dataDir, 'nested'), onCreated: (f) => created.push(f) })).toEqual(first);
    expect(created).toHaveLength(1);
  });

  it('agrees on one key when several processes start at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadMasterKey({ env: {}, dataDir })));
    for (const key of keys) expect(key).toEqual(keys[0]);
    expect(Buffer.from((await readFile(path.join(dataDir, 'master.key'), 'utf8')).trim(), 'base64')).toEqual(keys[0]);
  });

  it.skipIf(process.platform === 'win32')('refuses a key file other users can read', async () => {
    const keyFile = path.join(dataDir, 'master.key');
    await writeFile(keyFile, randomBytes(32).toString('base64'), { mode: 0o644 });
    await chmod(keyFile, 0o644);
    await expect(loadMasterKey({ env: {}, dataDir })).rejects.toThrow(`master key file ${keyFile} is readable by other users (mode 0644); restrict it with \`chmod 600 ${keyFile}\``);
  });

  it('refuses a key file that does not hold a key', async () => {
    await writeFile(path.join(dataDir, 'master.key'), 'not a key', { mode: 0o600 });
    await expect(loadMasterKey({ env: {}, dataDir })).rejects.toThrow('does not hold a valid key');
  });
});
