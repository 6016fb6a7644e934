// CXone's global issuers (reference/nice-cxone-api.md §1.1). The issuer is the only host a connection
// names; the API host behind it is discovered from the tenant (§1.3), never configured.
import type { Endpoints } from '../connector.ts';

/** The two issuers NICE's own OpenAPI allows; the sovereign clouds are only observed (§1.1). */
export const ISSUERS = {
  production: 'https://cxone.niceincontact.com',
  fedramp: 'https://cxone-gov.niceincontact.com',
} as const;

export type EnvironmentName = keyof typeof ISSUERS;
export const ENVIRONMENT_NAMES = Object.keys(ISSUERS) as EnvironmentName[];

/** Accepts the name (any case) or a pasted issuer URL, and returns the environment's name. */
export function normalizeEnvironment(input: string): EnvironmentName | undefined {
  const text = input.trim().toLowerCase().replace(/\/+$/, '');
  if (text in ISSUERS) return text as EnvironmentName;
  return ENVIRONMENT_NAMES.find((name) => ISSUERS[name] === text);
}

/**
 * The issuer (token endpoint and tenant discovery) for the settings: `--issuer-url` when given (the
 * simulator, a sovereign cloud), else the environment's, production by default. No API base URL: it
 * depends on the tenant behind the token (auth.discoverApiBaseUrl).
 */
export function issuerEndpoints(settings: Record<string, string>): Endpoints {
  if (settings.issuerUrl) return { loginUrl: settings.issuerUrl.replace(/\/+$/, '') };
  const environment = normalizeEnvironment(settings.environment || 'production');
  if (!environment) {
    throw new Error(`unknown NICE CXone environment "${settings.environment}"; expected one of ${ENVIRONMENT_NAMES.join(', ')}`);
  }
  return { loginUrl: ISSUERS[environment] };
}
