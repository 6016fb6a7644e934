// Validation of a connection's settings against its connector's declared credential fields. Shared by
// the CLI and (later) the admin API so both refuse the same input with the same words.
import type { ConnectorDefinition, CredentialField } from '../connectors/connector.ts';

export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** https anywhere; plain http only to a loopback host unless the operator explicitly allows it. */
export function checkUrl(field: CredentialField, value: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidSettingsError(`--${field.flag}: "${value}" is not a URL (example: ${field.example})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidSettingsError(`--${field.flag}: only http(s) URLs are accepted, not ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !allowInsecureHttp) {
    throw new InvalidSettingsError(
      `--${field.flag}: plain http is only accepted for loopback hosts; use https, or pass --allow-insecure-http if you really mean it`,
    );
  }
  if (url.username || url.password) throw new InvalidSettingsError(`--${field.flag}: credentials do not belong in the URL`);
  return url.toString().replace(/\/$/, '');
}

/**
 * Returns the non-secret settings in canonical form. Every required field must be present, match its
 * pattern or choices, and the endpoints must be derivable from the result.
 */
export function validateSettings(
  connector: ConnectorDefinition,
  input: Record<string, string | undefined>,
  opts: { allowInsecureHttp?: boolean } = {},
): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const field of connector.credentials.filter((f) => !f.secret)) {
    const raw = input[field.name]?.trim();
    if (!raw) {
      if (field.required) throw new InvalidSettingsError(`--${field.flag} is required: ${field.description} (example: ${field.example})`);
      continue;
    }
    let value = raw;
    if (field.normalize) {
      const normal = field.normalize(raw);
      if (!normal) {
        const hint = field.choices ? `; expected one of ${field.choices.join(', ')}` : ` (example: ${field.example})`;
        throw new InvalidSettingsError(`--${field.flag}: "${raw}" is not a valid ${field.title.toLowerCase()}${hint}`);
      }
      value = normal;
    } else if (field.choices && !field.choices.includes(raw)) {
      throw new InvalidSettingsError(`--${field.flag}: "${raw}" is not one of ${field.choices.join(', ')}`);
    }
    if (field.kind === 'switch' && value !== 'true') throw new InvalidSettingsError(`--${field.flag} takes no value`);
    if (field.multiple)
      value = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
        .join(',');
    const items = field.multiple ? value.split(',') : [value];
    const bad = field.pattern ? items.find((item) => !field.pattern?.test(item)) : undefined;
    if (bad !== undefined) {
      const shown = field.kind === 'file' ? 'the file' : `"${field.multiple ? bad : raw}"`;
      throw new InvalidSettingsError(`--${field.flag}: ${shown} does not look like a valid ${field.title} (example: ${field.example})`);
    }
    if (field.kind === 'url') value = checkUrl(field, value, opts.allowInsecureHttp ?? false);
    settings[field.name] = value;
  }
  try {
    connector.endpoints(settings);
  } catch (error) {
    // The connector's cross-field rules (e.g. plain http only to a loopback host) speak for themselves.
    throw new InvalidSettingsError(error instanceof Error ? error.message : String(error));
  }
  return settings;
}
