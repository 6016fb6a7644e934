import { describe, expect, it } from 'vitest';
import { MIN_WINDOW_MS, START_WINDOW_MS, UPDATED_SINCE_MAX_AGE_MS, planContactsRun, safeSince, splitWindow } from './windows.ts';

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe('completed-contacts windows', () => {
  const runStart = at('2026-03-31T12:00:00.000Z');

  it('reads a recent cursor by updatedSince alone', () => {
    const since = at('2026-03-30T00:00:00.000Z');
    expect(planContactsRun(since, runStart)).toEqual({ startWindows: [], updatedSince: since });
  });

  it('never starts in the future of the run', () => {
    expect(planContactsRun(at('2026-04-02T00:00:00.000Z'), runStart).updatedSince).toEqual(runStart);
  });

  it('reads what lies beyond the updatedSince limit by contact start, a day at a time, then goes on by updatedSince', () => {
    const since = new Date(runStart.getTime() - 32 * DAY);
    const { startWindows, updatedSince } = planContactsRun(since, runStart);
    const floor = runStart.getTime() - UPDATED_SINCE_MAX_AGE_MS;
    expect(updatedSince.getTime()).toBe(floor);
    expect(startWindows[0]?.from).toEqual(since);
    expect(startWindows.at(-1)?.to.getTime()).toBe(floor);
    for (let i = 0; i < startWindows.length; i++) {
      const w = startWindows[i]!;
      expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(START_WINDOW_MS);
      if (i > 0) expect(w.from).toEqual(startWindows[i - 1]!.to);
    }
    expect(startWindows).toHaveLength(3);
  });

  it('a 30-day backfill stays inside the limit by updatedSince except its first hour', () => {
    const { startWindows } = planContactsRun(new Date(runStart.getTime() - 30 * DAY), runStart);
    expect(startWindows).toHaveLength(1);
    expect(startWindows[0]!.to.getTime() - startWindows[0]!.from.getTime()).toBe(3_600_000);
  });

  it('halves a window until it is a minute wide', () => {
    const [a, b] = splitWindow({ from: at('2026-03-01T00:00:00Z'), to: at('2026-03-02T00:00:00Z') })!;
    expect(a).toEqual({ from: at('2026-03-01T00:00:00Z'), to: at('2026-03-01T12:00:00Z') });
    expect(b).toEqual({ from: at('2026-03-01T12:00:00Z'), to: at('2026-03-02T00:00:00Z') });
    const narrow = { from: at('2026-03-01T00:00:00Z'), to: new Date(at('2026-03-01T00:00:00Z').getTime() + MIN_WINDOW_MS) };
    expect(splitWindow(narrow)).toBeUndefined();
  });
});

describe('the cursor a run may commit', () => {
  const start = at('2026-03-30T00:00:00.000Z');
  const runStart = at('2026-03-31T12:00:00.000Z');

  it('is the platform watermark when it is the earliest bound', () => {
    expect(safeSince(start, runStart, at('2026-03-31T11:59:00.000Z'))).toEqual(at('2026-03-31T11:59:00.000Z'));
  });

  it('never passes the run start, nor any bound', () => {
    expect(safeSince(start, runStart, at('2026-04-01T00:00:00.000Z'))).toEqual(runStart);
    expect(safeSince(start, runStart, at('2026-03-31T10:00:00.000Z'), at('2026-03-31T11:00:00.000Z'))).toEqual(
      at('2026-03-31T10:00:00.000Z'),
    );
  });

  it('stays put without a bound, and never moves back', () => {
    expect(safeSince(start, runStart)).toEqual(start);
    expect(safeSince(start, runStart, undefined)).toEqual(start);
    expect(safeSince(start, runStart, at('2026-03-01T00:00:00.000Z'))).toEqual(start);
  });
});
