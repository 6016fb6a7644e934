export { decryptSecrets, encryptSecrets, MASTER_KEY_BYTES, VaultError } from './secrets.ts';
export { loadMasterKey, parseMasterKey, MASTER_KEY_ENV, MASTER_KEY_FILE, type LoadMasterKeyOptions } from './master-key.ts';
