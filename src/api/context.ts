// What routes are given: the app with zod types, the services behind it, and what each route declares
// about itself (who may call it). See README.md beside this file for adding a route.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../connections/service.ts';
import type { BlobStore } from '../engine/blob-store.ts';
import type { ApiKeyKind, ApiKeyRow } from '../store/index.ts';
import type { AuditWriter } from './plugins/audit.ts';
import type { ApiMetrics } from './plugins/metrics.ts';
import type { CursorCodec } from './cursor.ts';
import type { RecentReads } from './recent.ts';
import type { Scope } from './scopes.ts';
import type { SyncJobs } from './sync-jobs.ts';

/**
 * Who may call a route. `public`: anyone (health, metrics, docs). `v1`: a data key, holding `scope` when
 * one is named, and only ever about the key's connections. `admin`: an admin token.
 */
export type RouteAccess = { family: 'public' } | { family: 'v1'; scope?: Scope } | { family: 'admin' };

/** The caller, once its key is checked. */
export interface Principal {
  keyId: string;
  keyName: string;
  kind: ApiKeyKind;
  scopes: ReadonlySet<string>;
  /** null: every connection. */
  connectionIds: readonly string[] | null;
  rateLimitPerMinute: number;
}

export interface ApiContext {
  svc: Services & { blobsRoot: string };
  blobs: BlobStore;
  cursors: CursorCodec;
  audit: AuditWriter;
  metrics: ApiMetrics;
  syncJobs: SyncJobs;
  /** Key rows by id, and the connections' ids and names, as read a moment ago. */
  recent: {
    keys: RecentReads<string, ApiKeyRow>;
    connections: RecentReads<'all', Array<{ id: string; name: string }>>;
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route registered through routes/index.ts. */
    access?: RouteAccess;
    /** The route sends the platform's answers as they came (passthrough): no schema of ours describes them. */
    forwardsAnswers?: boolean;
  }
  interface FastifyInstance {
    api: ApiContext;
  }
  interface FastifyRequest {
    /** Set by the auth plugin on v1 and admin routes. */
    principal: Principal | null;
  }
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** One file under routes/: registers its route(s) on the app. */
export type RouteModule = (app: ApiApp) => void;
