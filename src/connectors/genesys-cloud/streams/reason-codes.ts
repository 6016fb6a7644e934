import type { StreamDefinition } from '../../connector.ts';
import { mapPresenceDefinition } from '../map.ts';

interface PresenceListing {
  entities?: Record<string, unknown>[];
}

/**
 * Presence definitions as reason codes, active and deactivated. The endpoint is not paged; whether it
 * returns deactivated definitions without the `deactivated` filter is not documented, so both values are
 * asked for explicitly and merged.
 * https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-presence-definitions
 */
export const reasonCodes: StreamDefinition = {
  name: 'reason-codes',
  entities: ['reasonCode'],
  kind: 'snapshot',
  requires: { all: ['presence:presenceDefinition:view'] },
  description: 'Presence definitions as reason codes',
  async *read(ctx) {
    const seen = new Set<string>();
    for (const deactivated of ['FALSE', 'TRUE']) {
      const listing = await ctx.http.getJson<PresenceListing>('/api/v2/presence/definitions', { deactivated, localeCode: 'ALL' });
      const fresh = (listing?.entities ?? []).filter((p) => !seen.has(String(p.id)));
      fresh.forEach((p) => seen.add(String(p.id)));
      yield { records: fresh.map((p) => ({ entity: 'reasonCode' as const, record: mapPresenceDefinition(p) })), pages: 1 };
    }
  },
};
