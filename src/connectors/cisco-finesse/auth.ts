// Basic credentials, and the node a session reads from (reference/cisco-finesse-api.md §1.1, §2). The
// node chosen is kept on the session's own auth provider, so that `connections test` reports the node
// the session really used; nothing outlives the session.
import { createBasicAuth } from '../../engine/basic-auth.ts';
import type { AuthProvider, HttpClient } from '../../engine/types.ts';
import { chooseNode, type NodeChoice } from './nodes.ts';

export interface FinesseAuth extends AuthProvider {
  /** Set once the session chose its node (before its first authenticated request). */
  node?: NodeChoice;
}

/** Finesse's Basic auth: the engine's, which latches at the first 401 (the engine adds the store-wide lockout guard). */
export function finesseAuth(settings: Record<string, string>, secrets: Record<string, string>): FinesseAuth {
  return createBasicAuth(settings.username ?? '', secrets.password ?? '');
}

/** Called by the engine before the session's first request: SystemInfo without credentials picks the node. */
export async function discoverNode(ctx: { settings: Record<string, string>; tokenHttp: HttpClient; auth: AuthProvider }): Promise<string> {
  const choice = await chooseNode(ctx.tokenHttp, ctx.settings);
  (ctx.auth as FinesseAuth).node = choice;
  return choice.baseUrl;
}

/** The node this session reads from; only known once it sent a request. */
export function sessionNode(auth: AuthProvider): NodeChoice {
  const node = (auth as FinesseAuth).node;
  if (!node) throw new Error('Cisco Finesse: the session has not chosen a node yet');
  return node;
}
