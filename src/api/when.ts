// Points in time as operators type them: `90d`, `12h`, `30m` from now (or ago), or a date or date-time.

/** The moment `value` names, `direction` from `now` for a duration; undefined when it names none. */
export function parseWhen(value: string, now: Date, direction: 'ahead' | 'ago'): Date | undefined {
  const text = value.trim();
  const duration = /^(\d{1,5})([dhm])$/.exec(text);
  if (duration) {
    const ms = Number(duration[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[duration[2] as 'd' | 'h' | 'm'];
    return new Date(now.getTime() + (direction === 'ahead' ? ms : -ms));
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
