// Output conventions shared by every command: errors users can act on, JSON for scripts, exit codes.
import { InvalidSettingsError } from '../connections/settings.ts';
import { redactSecrets } from '../log.ts';

/** Bad input from the user: printed without a stack, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function fail(err: unknown): never {
  const message = redactSecrets(err instanceof Error ? err.message : String(err));
  process.stderr.write(`error: ${message}\n`);
  process.exit(err instanceof UsageError || err instanceof InvalidSettingsError ? 2 : 1);
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${Math.round(seconds - m * 60)}s`;
}

/** Left-aligned columns for terminal tables. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
