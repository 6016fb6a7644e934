import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data at info level', () => {
    expect(loadConfig({})).toEqual({ dataDir: path.resolve('data'), logLevel: 'info' });
  });

  it('reads every setting, resolving the data directory against the working directory', () => {
    const config = loadConfig({
      SWITCHBOARD_DATA_DIR: 'var/sb',
      SWITCHBOARD_DATABASE_URL: 'postgresql://sb:pw@db.internal:5432/switchboard',
      SWITCHBOARD_LOG_LEVEL: 'debug',
    });
    expect(config).toEqual({ dataDir: path.resolve('var/sb'), databaseUrl: 'postgresql://sb:pw@db.internal:5432/switchboard', logLevel: 'debug' });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ SWITCHBOARD_DATABASE_URL: '', SWITCHBOARD_LOG_LEVEL: ' ', SWITCHBOARD_DATA_DIR: '' })).toEqual(loadConfig({}));
  });

  it('names the variable and what it expects, without echoing a database password', () => {
    const error = (() => {
      try {
        loadConfig({ SWITCHBOARD_DATABASE_URL: 'mysql://root:hunter22@db/x', SWITCHBOARD_LOG_LEVEL: 'loud' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('SWITCHBOARD_DATABASE_URL must be a PostgreSQL URL (postgres://');
    expect(error?.message).toContain('SWITCHBOARD_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(error?.message).not.toContain('hunter22');
  });
});
