// Features: what an operator chooses to sync. Each stream serves one (connector.ts), so a platform offers
// the features of its streams, and the permissions a feature needs are those its streams require: the
// doctor, the guide and `sync` all derive from the connector's own declarations.
import { FEATURES, type ConnectorDefinition, type Feature, type StreamDefinition } from '../connectors/connector.ts';
import type { Entity } from '../model.ts';

export const featureOf = (stream: StreamDefinition): Feature => (stream.feature ?? stream.name) as Feature;

/** The platform's features in the order of its streams. */
export function featuresOffered(connector: ConnectorDefinition): Feature[] {
  return [...new Set(connector.streams.map(featureOf))];
}

/** The unified entity behind each feature, to say why a platform lacks one (connector.unavailable). */
const ENTITY_OF: Record<Feature, Entity> = {
  divisions: 'division',
  agents: 'agent',
  teams: 'team',
  queues: 'queue',
  'reason-codes': 'reasonCode',
  'wrapup-codes': 'wrapUpCode',
  interactions: 'interaction',
  recordings: 'recording',
};

/** Everyday spellings an operator may type for a feature. */
const ALIASES: Record<string, Feature> = {
  'wrap-up-codes': 'wrapup-codes',
  dispositions: 'wrapup-codes',
  'not-ready-codes': 'reason-codes',
  skills: 'queues',
  users: 'agents',
  conversations: 'interactions',
  contacts: 'interactions',
};

/**
 * Canonical feature names for `--features a,b` (case, spaces and underscores forgiven), in the platform's
 * order, with the features a chosen one depends on added (recordings are found through interactions).
 * An empty choice, or none, means everything the platform offers.
 */
export function normalizeFeatures(connector: ConnectorDefinition, input: readonly string[] | undefined): Feature[] {
  const offered = featuresOffered(connector);
  const words = (input ?? [])
    .flatMap((s) => s.split(','))
    .map((s) =>
      s
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, '-'),
    );
  if (!words.filter(Boolean).length) return offered;
  const chosen = new Set<Feature>();
  for (const word of words.filter(Boolean)) {
    const feature = ALIASES[word] ?? (FEATURES as readonly string[]).find((f) => f === word);
    if (!feature || !offered.includes(feature as Feature)) {
      const why = feature ? connector.unavailable?.[ENTITY_OF[feature as Feature]] : undefined;
      throw new Error(`${connector.title} has no feature "${word}"${why ? ` (${why})` : ''}; choose from ${offered.join(', ')}`);
    }
    chosen.add(feature as Feature);
  }
  for (const stream of connector.streams) {
    const parent = stream.dependsOn && connector.streams.find((s) => s.name === stream.dependsOn?.stream);
    if (parent && chosen.has(featureOf(stream))) chosen.add(featureOf(parent));
  }
  return offered.filter((f) => chosen.has(f));
}

/**
 * A connection's stored features; none stored (a connection from before features) means all. A feature
 * the connector no longer offers is dropped rather than refused: the connection must stay usable.
 */
export function connectionFeatures(connector: ConnectorDefinition, stored: readonly string[]): Feature[] {
  const offered: readonly string[] = featuresOffered(connector);
  return normalizeFeatures(
    connector,
    stored.filter((f) => offered.includes(f)),
  );
}

export function streamsFor(connector: ConnectorDefinition, features: readonly Feature[]): StreamDefinition[] {
  return connector.streams.filter((s) => features.includes(featureOf(s)));
}

export interface Requirement {
  stream: string;
  feature: Feature;
  mode: 'any' | 'all';
  permissions: string[];
}

/** Every permission requirement of the chosen features' streams, one entry per stream and mode. */
export function requirementsOf(connector: ConnectorDefinition, features: readonly Feature[]): Requirement[] {
  return streamsFor(connector, features).flatMap((s) => {
    const out: Requirement[] = [];
    if (s.requires.all?.length) out.push({ stream: s.name, feature: featureOf(s), mode: 'all', permissions: s.requires.all });
    if (s.requires.any?.length) out.push({ stream: s.name, feature: featureOf(s), mode: 'any', permissions: s.requires.any });
    return out;
  });
}
