// A 403 that the error body could not attribute (ACD's `{error, error_description}` is the same for every
// read) is still a refused read (reference/nice-cxone-api.md §6.4): the stream that made the call knows
// which permission it needs, and says so, so the engine skips the stream instead of failing it.
import { HttpStatusError, MissingPermissionError } from '../../../engine/errors.ts';
import type { PermissionRequirement, StreamBatch, StreamContext, StreamDefinition } from '../../connector.ts';
import { isLicenceRefusal } from '../errors.ts';

export function guardPermissions(
  requires: PermissionRequirement,
  read: (ctx: StreamContext) => AsyncIterable<StreamBatch>,
): StreamDefinition['read'] {
  return async function* guarded(ctx) {
    try {
      yield* read(ctx);
    } catch (err) {
      if (err instanceof HttpStatusError && err.status === 403 && !isLicenceRefusal(err.code, err.platformMessage)) {
        const mode = requires.any?.length ? 'any' : 'all';
        const named = (mode === 'any' ? requires.any : requires.all) ?? [];
        if (named.length) throw new MissingPermissionError(mode, named, err.path);
      }
      throw err;
    }
  };
}
