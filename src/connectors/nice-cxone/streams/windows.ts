// Time arithmetic of the completed-contacts stream (reference/nice-cxone-api.md §4.6), kept pure so the
// rules can be tested without a platform.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How far back `updatedSince` may reach. One client clamps it to 30 days (§4.6: INFERRED server limit,
 * UNCONFIRMED); an hour of margin keeps a 30-day backfill from asking for a date the platform may refuse.
 */
export const UPDATED_SINCE_MAX_AGE_MS = 30 * DAY_MS - HOUR_MS;

/** Contacts older than the updatedSince limit are read by contact start date, a day at a time at most. */
export const START_WINDOW_MS = DAY_MS;

/** A window is split no finer than this, even if the platform still reports more than one response holds. */
export const MIN_WINDOW_MS = 60_000;

/**
 * Records are re-read from slightly before the newest `lastUpdateTime` seen: whether `updatedSince` is
 * inclusive is not documented, and records sharing that instant may straddle two pages.
 */
export const BOUNDARY_MS = 1;

export interface Window {
  from: Date;
  to: Date;
}

/** Where the updatedSince listing may start for a run, and the contact-start windows before it. */
export function planContactsRun(since: Date, runStartedAt: Date): { startWindows: Window[]; updatedSince: Date } {
  const start = since > runStartedAt ? runStartedAt : since;
  const floor = new Date(runStartedAt.getTime() - UPDATED_SINCE_MAX_AGE_MS);
  if (start >= floor) return { startWindows: [], updatedSince: start };
  const startWindows: Window[] = [];
  for (let from = start.getTime(); from < floor.getTime(); from += START_WINDOW_MS) {
    startWindows.push({ from: new Date(from), to: new Date(Math.min(from + START_WINDOW_MS, floor.getTime())) });
  }
  return { startWindows, updatedSince: floor };
}

/** Two halves of a window, or undefined when it is already as fine as windows get. */
export function splitWindow(w: Window): [Window, Window] | undefined {
  const span = w.to.getTime() - w.from.getTime();
  if (span <= MIN_WINDOW_MS) return undefined;
  const mid = new Date(w.from.getTime() + Math.floor(span / 2));
  return [
    { from: w.from, to: mid },
    { from: mid, to: w.to },
  ];
}

/**
 * The cursor a run may commit: never behind where it started, never past the run's start, and never past
 * any of `bounds` (the platform's watermark `lastPollTime`, the records actually read). Without any bound
 * the cursor stays where it was.
 */
export function safeSince(start: Date, runStartedAt: Date, ...bounds: (Date | undefined)[]): Date {
  const known = bounds.filter((b): b is Date => b !== undefined).map((b) => b.getTime());
  if (!known.length) return start;
  return new Date(Math.max(start.getTime(), Math.min(runStartedAt.getTime(), ...known)));
}
