import { describe, expect, it } from 'vitest';
import { isoTime } from '../iso-time.ts';
import { ConversationSpace, MAX_CONVERSATION_MS } from './conversations.ts';
import { seedOrg, type SeedParams } from './seed.ts';

const ANCHOR = Date.parse('2025-06-01T09:30:00.000Z');
const params: SeedParams = { seed: 4, users: 40, queues: 6, conversations: 5000, days: 5, anchorMs: ANCHOR, lagMs: 5 * 60_000 };
const space = new ConversationSpace(params, seedOrg(params));

describe('isoTime', () => {
  it('matches Date#toISOString', () => {
    for (const ms of [0, 951_782_400_000, 1_709_164_799_999, Date.parse('2100-02-28T23:59:59.001Z'), ANCHOR, 4_102_444_800_000 - 1]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    for (let ms = ANCHOR - 400 * 86_400_000; ms < ANCHOR; ms += 7_777_777) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('ConversationSpace', () => {
  it('places starts in increasing order over the days before the anchor', () => {
    let previous = -Infinity;
    for (let i = 0; i < space.count; i++) {
      const start = space.startOf(i);
      expect(start).toBeGreaterThan(previous);
      previous = start;
    }
    expect(space.startOf(0)).toBeGreaterThanOrEqual(ANCHOR - 5 * 86_400_000);
    expect(space.startOf(space.count - 1)).toBeLessThan(ANCHOR);
  });

  it('finds index ranges by binary search', () => {
    const i = 1234;
    expect(space.lowerBound(space.startOf(i))).toBe(i);
    expect(space.lowerBound(space.startOf(i) + 1)).toBe(i + 1);
    expect(space.lowerBound(0)).toBe(0);
    expect(space.lowerBound(ANCHOR + 1)).toBe(space.count);
  });

  it('closes every conversation before the availability watermark except the open few', () => {
    const open = [];
    for (let i = 0; i < space.count; i++) {
      const core = space.core(i);
      expect(core.endMs - core.startMs).toBeLessThanOrEqual(MAX_CONVERSATION_MS);
      if (core.endMs > ANCHOR) open.push(i);
      else expect(core.endMs).toBeLessThanOrEqual(ANCHOR - params.lagMs);
    }
    expect(open).toEqual(Array.from({ length: space.openCount }, (_, k) => space.count - space.openCount + k));
    expect(space.openCount).toBe(50);
  });

  it('is deterministic and finds conversations and recordings by id', () => {
    const again = new ConversationSpace(params, seedOrg(params));
    expect(again.detail(again.core(77), ANCHOR)).toEqual(space.detail(space.core(77), ANCHOR));
    expect(space.indexOf(space.idOf(4321))).toBe(4321);
    const recorded = Array.from({ length: 50 }, (_, i) => space.core(i)).find((c) => c.recordingId) as {
      index: number;
      recordingId: string;
    };
    expect(space.indexOfRecording(recorded.recordingId)).toBe(recorded.index);
  });

  it('shows a conversation as of a moment: unstarted segments absent, running ones without an end', () => {
    const core = space.core(space.count - 1);
    expect(space.detail(core, core.startMs - 1)).toBeUndefined();
    const midway = space.detail(core, core.startMs + 1000) as Record<string, unknown>;
    expect(midway).not.toHaveProperty('conversationEnd');
    const segments = JSON.stringify(midway);
    expect(segments).not.toContain('wrapup');
    const done = space.detail(core, core.endMs) as Record<string, unknown>;
    expect(done.conversationEnd).toBe(new Date(core.endMs).toISOString());
    expect(space.recordings(core, core.endMs - 1)).toEqual([]);
  });
});
