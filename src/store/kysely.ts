// Kysely's runtime, loaded through its CommonJS build. Its ES module build is ~280 files, and tsx (which
// runs this project without a build step) passes every ES module through its loader thread: importing
// that build cost ~31 MB of resident memory, the CommonJS one ~6 MB (`node --import tsx`, Node 20), in
// every process, against a sync's 250 MB budget. Every runtime use of Kysely imports from here, so one
// copy is loaded (eslint.config.js enforces it); types may still come from 'kysely' itself.
import { createRequire } from 'node:module';
import type * as K from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof K;

export const { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, sql } = kysely;
// The classes are types too, as their names are when imported from 'kysely'.
export type CompiledQuery<R = unknown> = K.CompiledQuery<R>;
export type Kysely<DB> = K.Kysely<DB>;
