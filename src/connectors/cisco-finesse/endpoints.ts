// Where a Finesse deployment answers (reference/cisco-finesse-api.md §2): `https://<fqdn>:8445/finesse/api`
// on the primary node, the secondary kept for reads while the primary is out of service (nodes.ts).
import { isIP } from 'node:net';
import type { Endpoints } from '../connector.ts';

/** HTTPS on 8445 for UCCX (every current version) and UCCE 11.0+ (§2, DOC). */
export const DEFAULT_PORT = '8445';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/**
 * A host name or IP address in canonical form (lower case, no trailing dot, IPv6 without brackets), or
 * undefined when it is neither; a pasted URL is refused rather than silently cut down to its host.
 */
export function normalizeHost(input: string): string | undefined {
  const text = input.trim().toLowerCase().replace(/\.$/, '');
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) === 6) return bare;
  if (isIP(bare) === 4 || HOSTNAME.test(bare)) return bare;
  return undefined;
}

/** Team ids given as repeated flags or a comma list: digits only (they go into request paths), deduplicated. */
export function normalizeTeamIds(input: string): string | undefined {
  const ids = input.split(/[\s,]+/).filter(Boolean);
  if (!ids.length || ids.some((id) => !/^\d{1,10}$/.test(id))) return undefined;
  return [...new Set(ids)].join(',');
}

export function teamIdsOf(settings: Record<string, string>): string[] {
  return settings.teamIds ? settings.teamIds.split(',').filter(Boolean) : [];
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

const urlHost = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/** The REST base of one node: `{scheme}://{host}:{port}/finesse/api`. */
export function nodeBaseUrl(settings: Record<string, string>, host: string): string {
  return `${settings.scheme || 'https'}://${urlHost(host)}:${settings.port || DEFAULT_PORT}/finesse/api`;
}

/** The configured nodes, canonical; finesseEndpoints() has refused settings where they are unusable. */
export function nodeHosts(settings: Record<string, string>): { primary: string; secondary?: string } {
  const primary = normalizeHost(settings.host ?? '') ?? settings.host ?? '';
  const secondary = settings.secondaryHost ? normalizeHost(settings.secondaryHost) : undefined;
  return secondary ? { primary, secondary } : { primary };
}

export type FinesseMode = 'admin' | 'team';

/** Team mode unless admin is asked for: the least privilege that can work is the default. */
export const modeOf = (settings: Record<string, string>): FinesseMode => (settings.mode === 'admin' ? 'admin' : 'team');

/**
 * The primary node's REST base as the login URL (SystemInfo is read there without credentials) and the
 * TLS trust for both nodes. No API base URL: which node serves the reads is decided per session
 * (nodes.ts). Throws on settings that must never be used, so they are refused when the connection is
 * added.
 */
export function finesseEndpoints(settings: Record<string, string>): Endpoints {
  const host = settings.host ? normalizeHost(settings.host) : undefined;
  if (!host) throw new Error(`Cisco Finesse: "${settings.host ?? ''}" is not a host name or IP address (example: finesse1.example.com)`);
  const secondary = settings.secondaryHost ? normalizeHost(settings.secondaryHost) : undefined;
  if (settings.secondaryHost && !secondary) {
    throw new Error(`Cisco Finesse: secondary host "${settings.secondaryHost}" is not a host name or IP address`);
  }
  if (secondary === host)
    throw new Error('Cisco Finesse: --secondary-host names the primary node again; give the other node, or leave it out');
  const port = Number(settings.port || DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`Cisco Finesse: port "${settings.port}" is not 1-65535`);
  const scheme = settings.scheme || 'https';
  if (scheme !== 'https' && scheme !== 'http') throw new Error(`Cisco Finesse: scheme "${scheme}" is not https or http`);
  if (scheme === 'http' && !(isLoopback(host) && (!secondary || isLoopback(secondary)))) {
    // Basic credentials travel with every request; in clear text they would cross the network.
    throw new Error(
      'Cisco Finesse: --scheme http is only accepted for loopback hosts (the simulator): Finesse 12.5 and later serve HTTPS only, and Basic credentials must not cross a network unencrypted',
    );
  }
  const ca = settings.caCertificate || undefined;
  const insecure = settings.insecureTls === 'true';
  if (ca && insecure) {
    throw new Error('Cisco Finesse: --ca-file and --insecure-tls contradict each other; trusting the CA file is enough (and safer)');
  }
  const endpoints: Endpoints = { loginUrl: nodeBaseUrl({ ...settings, scheme }, host) };
  if (scheme === 'https' && (ca || insecure)) endpoints.tls = { ...(ca ? { ca } : {}), ...(insecure ? { insecure } : {}) };
  return endpoints;
}
