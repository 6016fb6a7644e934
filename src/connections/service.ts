// Operations on connections, shared by the CLI and the admin API (src/api): add, update credentials,
// test, remove. Secrets are encrypted before they reach the store and decrypted only to make a call.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { requireConnector } from '../connectors/catalog.ts';
import type { ConnectorDefinition, VerifyReport } from '../connectors/connector.ts';
import { CredentialRejectedError } from '../engine/errors.ts';
import { openSession } from '../engine/session.ts';
import { ConnectionNotFoundError, type ConnectionRow, type Store } from '../store/index.ts';
import { decryptSecrets, encryptSecrets } from '../vault/index.ts';
import { InvalidSettingsError, validateSettings } from './settings.ts';

export interface Services {
  store: Store;
  masterKey: Buffer;
  dataDir: string;
}

export async function getConnection(svc: Services, name: string): Promise<{ row: ConnectionRow; connector: ConnectorDefinition }> {
  const row = await svc.store.connections.get(name);
  if (!row) throw new ConnectionNotFoundError(name);
  return { row, connector: requireConnector(row.platform) };
}

/** Secrets are bound to the connection's name so a ciphertext cannot be moved to another connection. */
export function connectionSecrets(svc: Services, row: ConnectionRow): Record<string, string> {
  return decryptSecrets(svc.masterKey, row.secretsCiphertext, row.name);
}

export async function addConnection(
  svc: Services,
  input: {
    platform: string;
    name: string;
    settings: Record<string, string | undefined>;
    secrets: Record<string, string>;
    allowInsecureHttp?: boolean;
  },
): Promise<ConnectionRow> {
  const connector = requireConnector(input.platform);
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(input.name)) {
    throw new InvalidSettingsError(`connection name "${input.name}" must be 1–63 letters, digits, dots, dashes or underscores`);
  }
  const settings = validateSettings(connector, input.settings, { allowInsecureHttp: input.allowInsecureHttp });
  requireSecrets(connector, input.secrets);
  return svc.store.connections.create({
    name: input.name,
    platform: connector.id,
    settings,
    secretsCiphertext: encryptSecrets(svc.masterKey, input.secrets, input.name),
  });
}

/** New credentials reset an auth_failed connection: the lockout guard is per credential. */
export async function updateConnection(
  svc: Services,
  name: string,
  input: { settings: Record<string, string | undefined>; secrets?: Record<string, string>; allowInsecureHttp?: boolean },
): Promise<ConnectionRow> {
  const { row, connector } = await getConnection(svc, name);
  const merged = { ...row.settings, ...Object.fromEntries(Object.entries(input.settings).filter(([, v]) => v !== undefined)) };
  const settings = validateSettings(connector, merged, { allowInsecureHttp: input.allowInsecureHttp });
  const secrets = input.secrets ? { ...connectionSecrets(svc, row), ...input.secrets } : undefined;
  if (secrets) requireSecrets(connector, secrets);
  return svc.store.connections.updateCredentials(row.id, {
    settings,
    secretsCiphertext: secrets ? encryptSecrets(svc.masterKey, secrets, row.name) : undefined,
  });
}

export interface TestVerdict {
  connection: string;
  ok: boolean;
  verdict: string;
  report?: VerifyReport;
}

/**
 * One real token request and one real verification call. An operator's explicit test is the one way to
 * try credentials again after the platform rejected them; its outcome updates the connection's status.
 */
export async function testConnection(svc: Services, name: string, signal = new AbortController().signal): Promise<TestVerdict> {
  const { row, connector } = await getConnection(svc, name);
  const session = openSession(
    connector,
    { settings: row.settings, secrets: connectionSecrets(svc, row) },
    // The explicit test is the one request allowed to try credentials that were rejected before.
    {
      signal,
      lockout: { store: svc.store.connections, connectionId: row.id, credentialVersion: row.credentialVersion, ignoreBlock: true },
    },
  );
  try {
    const report = await connector.auth.verify(session);
    await session.close();
    await svc.store.connections.setStatus(row.id, report.ok ? 'ok' : 'error', report.ok ? null : report.summary, row.credentialVersion);
    return { connection: row.name, ok: report.ok, verdict: report.summary, report };
  } catch (err) {
    await session.close();
    if (err instanceof CredentialRejectedError) {
      await svc.store.connections.setStatus(row.id, 'auth_failed', err.reason, row.credentialVersion);
      return {
        connection: row.name,
        ok: false,
        verdict: `${connector.title} rejected the credentials (${err.reason}). Fix them with \`switchboard connections update ${row.name}\`.`,
      };
    }
    const message = err instanceof Error ? err.message : String(err);
    await svc.store.connections.setStatus(row.id, 'error', message, row.credentialVersion);
    return { connection: row.name, ok: false, verdict: `could not verify: ${message}` };
  }
}

export async function removeConnection(svc: Services, name: string): Promise<void> {
  const { row } = await getConnection(svc, name);
  await svc.store.connections.remove(row.id);
  await rm(join(svc.dataDir, 'blobs', row.id), { recursive: true, force: true });
}

function requireSecrets(connector: ConnectorDefinition, secrets: Record<string, string>) {
  for (const field of connector.credentials.filter((f) => f.secret && f.required)) {
    if (!secrets[field.name]) throw new InvalidSettingsError(`${field.title} is required`);
  }
}
