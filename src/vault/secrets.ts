// Encryption of a connection's secrets at rest: AES-256-GCM under the master key. The associated data
// (the connection's name or id) is authenticated but not stored, so a ciphertext copied onto another
// connection fails to decrypt instead of lending it someone else's credentials.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

/** Never carries the key, the ciphertext or any part of the secrets in its message. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
}

function checkKey(key: Buffer): void {
  if (key.length !== MASTER_KEY_BYTES) throw new VaultError(`the master key must be ${MASTER_KEY_BYTES} bytes, not ${key.length}`);
}

/** `v1:` + base64(iv | tag | ciphertext of the JSON object). */
export function encryptSecrets(key: Buffer, secrets: Record<string, string>, associatedData: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return FORMAT + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptSecrets(key: Buffer, ciphertext: string, associatedData: string): Record<string, string> {
  checkKey(key);
  if (!ciphertext.startsWith(FORMAT)) throw new VaultError('stored secrets are in an unknown format (expected v1)');
  const packed = Buffer.from(ciphertext.slice(FORMAT.length), 'base64');
  if (packed.length < IV_BYTES + TAG_BYTES) throw new VaultError('stored secrets are truncated');
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    plain = Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError(
      'cannot decrypt the stored secrets: the master key is not the one they were encrypted with, ' +
        'or the stored data was altered or belongs to another connection',
    );
  }
  // JSON.parse quotes the input in its errors, and this input is the secrets themselves.
  let secrets: unknown;
  try {
    secrets = JSON.parse(plain);
  } catch {
    secrets = undefined;
  }
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
    throw new VaultError('decrypted secrets are not a JSON object');
  }
  return secrets as Record<string, string>;
}
