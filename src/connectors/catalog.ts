// The list of connectors: the only place that names them all.
import { ciscoFinesse } from './cisco-finesse/index.ts';
import type { ConnectorDefinition } from './connector.ts';
import { genesysCloud } from './genesys-cloud/index.ts';
import { niceCxone } from './nice-cxone/index.ts';

export const connectors: readonly ConnectorDefinition[] = [genesysCloud, niceCxone, ciscoFinesse];

export function findConnector(platform: string): ConnectorDefinition | undefined {
  return connectors.find((c) => c.id === platform);
}

export function requireConnector(platform: string): ConnectorDefinition {
  const found = findConnector(platform);
  if (!found) throw new Error(`unknown platform "${platform}"; expected one of ${connectors.map((c) => c.id).join(', ')}`);
  return found;
}
