// Settings from the environment, validated once at start-up so a typo fails fast with a message that
// names the variable, instead of surfacing later as a confusing error deep in a sync.
import path from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** Absolute path of the data directory (SQLite file, master key, recordings). */
  dataDir: string;
  /** PostgreSQL URL; SQLite in dataDir when absent. */
  databaseUrl?: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Unset and empty are the same: compose files and CI often pass empty strings for "not set". */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const envSchema = z.object({
  SWITCHBOARD_DATA_DIR: optional(z.string().optional()),
  SWITCHBOARD_DATABASE_URL: optional(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a PostgreSQL URL (postgres://user:password@host:5432/database or postgresql://…); leave it unset to use SQLite in the data directory')
      .optional(),
  ),
  SWITCHBOARD_LOG_LEVEL: optional(
    z.enum(LOG_LEVELS, { errorMap: () => ({ message: `must be one of ${LOG_LEVELS.join(', ')}` }) }).optional(),
  ),
});

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const vars = parsed.data;
  return {
    dataDir: path.resolve(vars.SWITCHBOARD_DATA_DIR ?? './data'),
    ...(vars.SWITCHBOARD_DATABASE_URL ? { databaseUrl: vars.SWITCHBOARD_DATABASE_URL } : {}),
    logLevel: vars.SWITCHBOARD_LOG_LEVEL ?? 'info',
  };
}
