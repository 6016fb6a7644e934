// Genesys Cloud regions: one table produces both the login and the API host.
// Source: reference/genesys-cloud-api.md §1 (SDK PureCloudRegionHosts.js, Terraform provider getRegionMap).
import type { Endpoints } from '../connector.ts';

/** Environment domain by region name as the admin UI and docs spell it, with the AWS region beside it. */
export const REGIONS = {
  'mypurecloud.com': 'us-east-1',
  'use2.us-gov-pure.cloud': 'us-east-2 (FedRAMP)',
  'usw2.pure.cloud': 'us-west-2',
  'cac1.pure.cloud': 'ca-central-1',
  'sae1.pure.cloud': 'sa-east-1',
  'mxc1.pure.cloud': 'mx-central-1',
  'mypurecloud.ie': 'eu-west-1',
  'euw2.pure.cloud': 'eu-west-2',
  'mypurecloud.de': 'eu-central-1',
  'euc2.pure.cloud': 'eu-central-2',
  'edee1.eusc-pure.cloud': 'eusc-de-east-1',
  'mec1.pure.cloud': 'me-central-1',
  'aps1.pure.cloud': 'ap-south-1',
  'apse1.pure.cloud': 'ap-southeast-1',
  'mypurecloud.com.au': 'ap-southeast-2',
  'mypurecloud.jp': 'ap-northeast-1',
  'apne2.pure.cloud': 'ap-northeast-2',
  'apne3.pure.cloud': 'ap-northeast-3',
} as const;

export type RegionName = keyof typeof REGIONS;
export const REGION_NAMES = Object.keys(REGIONS) as RegionName[];

const byAwsRegion = new Map<string, RegionName>(REGION_NAMES.map((name) => [REGIONS[name].replace(/ \(.*\)$/, ''), name]));

/**
 * Accepts a region as its environment domain (`mypurecloud.ie`), its AWS name (`eu-west-1`), the SDK key
 * (`eu_west_1`) or a pasted URL (`https://apps.mypurecloud.ie/`), and returns the environment domain.
 */
export function normalizeRegion(input: string): RegionName | undefined {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  const domain = text.replace(/^(api|login|apps)\./, '');
  if (domain in REGIONS) return domain as RegionName;
  return byAwsRegion.get(domain.replace(/_/g, '-'));
}

/** Login and API base URLs for a region, unless overridden (simulator, proxies, unusual deployments). */
export function regionEndpoints(settings: Record<string, string>): Endpoints {
  const region = normalizeRegion(settings.region ?? '');
  if (!region && !(settings.apiUrl && settings.loginUrl)) {
    throw new Error(`unknown Genesys Cloud region "${settings.region ?? ''}"; expected one of ${REGION_NAMES.join(', ')}`);
  }
  return {
    apiBaseUrl: settings.apiUrl || `https://api.${region}`,
    loginUrl: settings.loginUrl || `https://login.${region}`,
  };
}
