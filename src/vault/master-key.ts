// The master key: from SWITCHBOARD_MASTER_KEY when set (containers, secret managers), otherwise from a
// key file in the data directory, created on first use. Losing it makes stored secrets unreadable, so
// the file is created once and never overwritten.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MASTER_KEY_BYTES, VaultError } from './secrets.ts';

export const MASTER_KEY_ENV = 'SWITCHBOARD_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';

/** 64 hex digits or base64 (standard or URL-safe) of 32 bytes; undefined otherwise. */
export function parseMasterKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  // Buffer.from skips characters that are not base64, so check the alphabet before trusting the length.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const key = Buffer.from(value, 'base64');
  return key.length === MASTER_KEY_BYTES ? key : undefined;
}

const EXPECTED = `${MASTER_KEY_BYTES} random bytes as 64 hex digits or base64, e.g. the output of \`openssl rand -base64 32\``;

export interface LoadMasterKeyOptions {
  env: Record<string, string | undefined>;
  dataDir: string;
  /** Called when a new key file was created, so the operator can be told to back it up. */
  onCreated?: (keyFile: string) => void;
}

export async function loadMasterKey(opts: LoadMasterKeyOptions): Promise<Buffer> {
  const fromEnv = opts.env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = parseMasterKey(fromEnv);
    if (!key) throw new VaultError(`${MASTER_KEY_ENV} is not a valid master key: expected ${EXPECTED}`);
    return key;
  }
  const keyFile = path.join(path.resolve(opts.dataDir), MASTER_KEY_FILE);
  const existing = await readKeyFile(keyFile);
  if (existing) return existing;
  if (await createKeyFile(keyFile)) opts.onCreated?.(keyFile);
  // Read back rather than trust memory: another process may have won the race to create it.
  const key = await readKeyFile(keyFile);
  if (!key) throw new VaultError(`master key file ${keyFile} vanished while it was being created`);
  return key;
}

async function readKeyFile(keyFile: string): Promise<Buffer | undefined> {
  let mode: number;
  try {
    mode = (await stat(keyFile)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // POSIX permission bits mean nothing on Windows, where the directory's ACL protects the file instead.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new VaultError(
      `master key file ${keyFile} is readable by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); ` +
        `restrict it with \`chmod 600 ${keyFile}\` and check who may have copied it`,
    );
  }
  const key = parseMasterKey(await readFile(keyFile, 'utf8'));
  if (!key) throw new VaultError(`master key file ${keyFile} does not hold a valid key: expected ${EXPECTED}`);
  return key;
}

/**
 * Writes the key to a private temporary file and hard-links it into place: the link either creates a
 * complete file or fails because one exists, so concurrent first starts agree on a single key and no
 * reader ever sees a half-written file. Returns false when another process got there first.
 */
async function createKeyFile(keyFile: string): Promise<boolean> {
  await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const temp = `${keyFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, keyFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}
