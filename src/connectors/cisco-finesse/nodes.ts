// Which Finesse node a session reads from (reference/cisco-finesse-api.md §2, §3.1). SystemInfo is read
// without credentials: it needs none as far as public clients show (UNCONFIRMED), and it belongs to the
// serviceability APIs whose own five-strikes lock would count a wrong password sent to it.
import { RetriesExhaustedError } from '../../engine/errors.ts';
import type { HttpClient } from '../../engine/types.ts';
import { xmlNode, type XmlNode } from '../../engine/xml.ts';
import { getXml, textOf } from './api.ts';
import { modeOf, nodeBaseUrl, nodeHosts } from './endpoints.ts';
import { readApiError } from './errors.ts';

export interface SystemInfo {
  /** `UCCX` or `UCCE`. */
  deploymentType: string | null;
  /** `IN_SERVICE` or `OUT_OF_SERVICE`. */
  status: string | null;
  statusReason: string | null;
  /** `SSO`, `NON_SSO` or `HYBRID`. */
  systemAuthMode: string | null;
  primaryNode: string | null;
  secondaryNode: string | null;
  currentTimestamp: string | null;
}

/** https://developer.cisco.com/docs/finesse/systeminfo/ (12.5 nodes carry only `host`; 12.6+ add ports). */
export function readSystemInfo(doc: XmlNode): SystemInfo {
  const info = xmlNode(doc.SystemInfo) ?? {};
  const hostOf = (node: unknown) => textOf(xmlNode(node as XmlNode)?.host);
  return {
    deploymentType: textOf(info.deploymentType)?.toUpperCase() ?? null,
    status: textOf(info.status)?.toUpperCase() ?? null,
    statusReason: textOf(info.statusReason),
    systemAuthMode: textOf(info.systemAuthMode)?.toUpperCase() ?? null,
    primaryNode: hostOf(info.primaryNode),
    secondaryNode: hostOf(info.secondaryNode),
    currentTimestamp: textOf(info.currentTimestamp),
  };
}

export interface NodeReport {
  host: string;
  baseUrl: string;
  /** The node answered SystemInfo at all. */
  reachable: boolean;
  /** The node can serve reads. */
  inService: boolean;
  info?: SystemInfo;
  /** Why it cannot serve reads, or what limited what it told. */
  note?: string;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return String(e?.code ?? e?.cause?.code ?? '');
}

/**
 * GET {node}/finesse/api/SystemInfo without credentials. A node that does not answer after the engine's
 * retries, or answers 503 / OUT_OF_SERVICE, is out of service; a 401/403/404 still proves it is up.
 * https://developer.cisco.com/docs/finesse/systeminfo/
 */
export async function probeNode(http: HttpClient, settings: Record<string, string>, host: string): Promise<NodeReport> {
  const baseUrl = nodeBaseUrl(settings, host);
  try {
    const res = await getXml(http, `${baseUrl}/SystemInfo`, { auth: 'none', acceptStatuses: [401, 403, 404, 503] });
    if (res.status === 503) {
      const apiError = readApiError(res.errorBody);
      const said = apiError ? `: ${apiError.type}${apiError.message ? ` ${apiError.message}` : ''}` : '';
      return { host, baseUrl, reachable: true, inService: false, note: `out of service (503${said})` };
    }
    if (res.status !== 200) {
      return { host, baseUrl, reachable: true, inService: true, note: `SystemInfo answered ${res.status} without credentials` };
    }
    const info = readSystemInfo(res.doc);
    if (info.status === 'OUT_OF_SERVICE') {
      return {
        host,
        baseUrl,
        reachable: true,
        inService: false,
        info,
        note: `out of service${info.statusReason ? ` (${info.statusReason})` : ''}`,
      };
    }
    return { host, baseUrl, reachable: true, inService: true, info };
  } catch (err) {
    if (err instanceof RetriesExhaustedError)
      return { host, baseUrl, reachable: false, inService: false, note: `unreachable (${err.lastError})` };
    const code = errorCode(err);
    if (TLS_CODES.test(code)) {
      throw new Error(
        `Cisco Finesse: the TLS certificate of ${host} is not trusted (${code}). Give the node's CA, or its self-signed tomcat certificate, with --ca-file and connect by the host name the certificate names; --insecure-tls turns the check off`,
        { cause: err },
      );
    }
    throw err;
  }
}

export interface NodeChoice {
  role: 'primary' | 'secondary';
  host: string;
  baseUrl: string;
  primary: NodeReport;
  secondary?: NodeReport;
  deploymentType: string | null;
  systemAuthMode: string | null;
}

/**
 * The primary, unless it is out of service and a configured secondary can serve this mode's reads:
 * - a UCCX secondary serves every GET (read-only for administration, §2);
 * - a UCCE secondary refuses configuration APIs with 403 (§2), so admin mode fails, naming both nodes;
 * - team mode reads desktop APIs (User, Team, TeamResource), which both UCCE nodes serve since agents
 *   sign in to either [INF]; a 403 there would still be reported as the node refusing the call;
 * - an unknown deployment type in admin mode is treated as UCCE (the defensive reading).
 * Only hosts the operator configured receive credentials: the hosts SystemInfo names are reported, not
 * followed.
 */
export async function chooseNode(http: HttpClient, settings: Record<string, string>): Promise<NodeChoice> {
  const hosts = nodeHosts(settings);
  const primary = await probeNode(http, settings, hosts.primary);
  const secondary = primary.inService ? undefined : await secondaryFor(http, settings, primary, hosts.secondary);
  const serving = secondary ?? primary;
  const choice: NodeChoice = {
    role: secondary ? 'secondary' : 'primary',
    host: serving.host,
    baseUrl: serving.baseUrl,
    primary,
    ...(secondary ? { secondary } : {}),
    deploymentType: primary.info?.deploymentType ?? secondary?.info?.deploymentType ?? null,
    systemAuthMode: serving.info?.systemAuthMode ?? primary.info?.systemAuthMode ?? null,
  };
  if (modeOf(settings) === 'team' && choice.systemAuthMode === 'SSO') {
    // In SSO mode agents and supervisors sign in through Cisco IdS with bearer tokens (§1.1), which a
    // headless connector cannot obtain; their Basic credentials would only be refused, and counted.
    // Whether the administrator may still use Basic there is UNCONFIRMED; the reference assumes so.
    throw new Error(
      'Cisco Finesse runs in SSO mode: agents and supervisors authenticate through Cisco IdS, which a headless connector cannot use, so team mode sends nothing. Use --mode admin (the administrator authenticates with Basic), or a non-SSO supervisor on a HYBRID deployment',
    );
  }
  return choice;
}

/** The secondary, when the primary cannot serve and the secondary can serve this mode's reads; else why not. */
async function secondaryFor(
  http: HttpClient,
  settings: Record<string, string>,
  primary: NodeReport,
  host: string | undefined,
): Promise<NodeReport> {
  if (!host) {
    throw new Error(
      `Cisco Finesse: the primary node ${primary.host} is ${primary.note}, and no --secondary-host is configured to read from instead`,
    );
  }
  const secondary = await probeNode(http, settings, host);
  if (!secondary.inService) {
    throw new Error(
      `Cisco Finesse: neither node can serve: primary ${primary.host} is ${primary.note}; secondary ${secondary.host} is ${secondary.note}`,
    );
  }
  const deployment = primary.info?.deploymentType ?? secondary.info?.deploymentType;
  if (modeOf(settings) === 'admin' && deployment !== 'UCCX') {
    const why = deployment === 'UCCE' ? 'a UCCE secondary' : 'the deployment type is unknown, and a UCCE secondary';
    throw new Error(
      `Cisco Finesse: the primary node ${primary.host} is ${primary.note}, and admin mode cannot read from the secondary ${secondary.host}: ${why} refuses configuration APIs (403 Forbidden). Sync again once ${primary.host} is back in service`,
    );
  }
  return secondary;
}
