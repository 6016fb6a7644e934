import { describe, expect, it } from 'vitest';
import { requireConnector } from '../connectors/catalog.ts';
import { defineConnector } from '../connectors/connector.ts';
import { connectionFeatures, featuresOffered, normalizeFeatures, requirementsOf, streamsFor } from './features.ts';

const genesys = requireConnector('genesys-cloud');
const cxone = requireConnector('nice-cxone');

describe('features', () => {
  it('are what each platform’s streams serve, in stream order', () => {
    expect(featuresOffered(genesys)).toEqual([
      'divisions',
      'agents',
      'queues',
      'wrapup-codes',
      'reason-codes',
      'interactions',
      'recordings',
    ]);
    // CXone's skills stream serves the queues feature.
    expect(featuresOffered(cxone)).toEqual(['agents', 'teams', 'queues', 'reason-codes', 'wrapup-codes', 'interactions', 'recordings']);
    expect(streamsFor(cxone, ['queues']).map((s) => s.name)).toEqual(['skills']);
  });

  it('normalises what an operator types, adds what a feature depends on, and defaults to everything', () => {
    expect(normalizeFeatures(genesys, ['Recordings, wrap_up_codes', 'QUEUES'])).toEqual([
      'queues',
      'wrapup-codes',
      'interactions',
      'recordings',
    ]);
    expect(normalizeFeatures(cxone, ['skills,dispositions'])).toEqual(['queues', 'wrapup-codes']);
    expect(normalizeFeatures(genesys, undefined)).toEqual(featuresOffered(genesys));
    expect(normalizeFeatures(genesys, [''])).toEqual(featuresOffered(genesys));
  });

  it('refuses a feature the platform does not offer, listing those it does', () => {
    expect(() => normalizeFeatures(genesys, ['teams'])).toThrow(
      'Genesys Cloud has no feature "teams"; choose from divisions, agents, queues, wrapup-codes, reason-codes, interactions, recordings',
    );
  });

  it('reads a stored choice leniently: none means all, and a feature no longer offered is dropped', () => {
    expect(connectionFeatures(cxone, [])).toEqual(featuresOffered(cxone));
    expect(connectionFeatures(cxone, ['agents', 'divisions'])).toEqual(['agents']);
  });

  it('derives each feature’s permission requirements from the streams', () => {
    expect(requirementsOf(genesys, ['agents', 'interactions'])).toEqual([
      {
        stream: 'interactions',
        feature: 'interactions',
        mode: 'any',
        permissions: ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'],
      },
    ]);
  });

  it('a stream must serve a feature', () => {
    const stream = { ...genesys.streams[0]!, name: 'presence-stats' };
    expect(() => defineConnector({ ...genesys, streams: [stream] })).toThrow(/stream "presence-stats" serves no feature/);
  });
});
