// The runner's judgement, on a real connector's declarations and findings as a connector reports them.
import { describe, expect, it } from 'vitest';
import { requireConnector } from '../connectors/catalog.ts';
import type { Inspection } from '../connectors/connector.ts';
import { excessGrants, featureResults } from './evaluate.ts';

const genesys = requireConnector('genesys-cloud');
const health = { summary: 'test', facts: {}, warnings: [] };
const granted = { state: 'granted' as const, evidence: 'granted' };
const read = (name: string) => ({ name, label: name, level: 'read' as const });

describe('featureResults', () => {
  it('judges an any-requirement by the alternative in use, and names the others', () => {
    const inspection: Inspection = {
      permissions: {
        'analytics:conversationDetail:view': { state: 'missing', evidence: 'none' },
        'analytics:agentConversationDetail:view': granted,
      },
      credential: health,
    };
    const [result] = featureResults(genesys, ['interactions'], inspection);
    expect(result).toMatchObject({ verdict: 'ok', checks: [{ permission: 'analytics:agentConversationDetail:view', state: 'granted' }] });
    expect(result?.checks[0]?.alternatives).toEqual(['analytics:conversationDetail:view']);
  });

  it('recommends the first alternative an administrator can grant when none is held', () => {
    const inspection: Inspection = {
      permissions: {
        'recording:recording:view': { state: 'unavailable', evidence: 'not in the catalogue' },
        'recording:recordingSegment:view': { state: 'missing', evidence: 'none' },
        'recording:snippetRecording:view': { state: 'missing', evidence: 'none' },
        'recording:screenRecording:view': { state: 'missing', evidence: 'none' },
      },
      credential: health,
    };
    const [result] = featureResults(genesys, ['recordings'], inspection);
    expect(result?.verdict).toBe('missing');
    expect(result?.checks[0]?.fix).toBe(
      'grant Recording > Recording Segment > View (recording:recordingSegment:view) (or one of recording:recording:view, recording:snippetRecording:view, recording:screenRecording:view)',
    );
  });

  it('says unknown, not ok, when the connector could not tell', () => {
    const [result] = featureResults(genesys, ['queues'], { permissions: {}, credential: health });
    expect(result).toMatchObject({
      verdict: 'unknown',
      checks: [{ state: 'unknown', evidence: 'the connector reported nothing about it' }],
    });
  });
});

describe('excessGrants', () => {
  it('counts a second alternative held besides the one in use, and what the platform itself calls more than needed', () => {
    const inspection: Inspection = {
      permissions: { 'analytics:conversationDetail:view': granted, 'analytics:agentConversationDetail:view': granted },
      granted: [
        read('analytics:conversationDetail:view'),
        read('analytics:agentConversationDetail:view'),
        { ...read('routing:queue:view'), excessReason: 'team mode would serve the chosen features' },
      ],
      credential: health,
    };
    expect(excessGrants(genesys, ['interactions', 'queues'], inspection)).toEqual([
      expect.objectContaining({ permission: 'analytics:agentConversationDetail:view', high: false, why: 'no chosen feature uses it' }),
      expect.objectContaining({ permission: 'routing:queue:view', why: 'team mode would serve the chosen features' }),
    ]);
  });
});
