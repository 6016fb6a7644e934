// Opaque page cursors: the last row's sort key, signed. A client can only hand back a cursor the server
// made, for the same route and filters, so a cursor can never smuggle a value into a query or carry a
// page of one filter over to another. The signing key is derived from the master key: cursors survive a
// restart and work on every server sharing the store.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from './errors.ts';

const TAG_BYTES = 16;
const MAX_CURSOR_LENGTH = 2048;
const FORMAT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

const payloadSchema = z.object({ r: z.string(), f: z.string(), k: z.array(z.string()) }).strict();

export interface CursorCodec {
  encode(route: string, filters: unknown, key: readonly string[]): string;
  /** The sort key in a cursor this server made for `route` and `filters`; 400 otherwise. */
  decode<K extends z.ZodType<string[]>>(token: string, route: string, filters: unknown, key: K): z.infer<K>;
}

/** Same filters, same digest, whatever the order their fields were given in. */
function digest(filters: unknown): string {
  const canonical = JSON.stringify(filters, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
  return createHash('sha256')
    .update(canonical ?? 'null')
    .digest('base64url')
    .slice(0, 22);
}

const invalid = () => new ApiError(400, 'invalid_cursor', 'the cursor is not one this server issued; start again without it');

export function createCursorCodec(masterKey: Buffer): CursorCodec {
  const secret = createHmac('sha256', masterKey).update('switchboard/api/cursor/v1').digest();
  const tag = (body: string) => createHmac('sha256', secret).update(body).digest().subarray(0, TAG_BYTES);

  return {
    encode(route, filters, key) {
      const body = Buffer.from(JSON.stringify({ r: route, f: digest(filters), k: key })).toString('base64url');
      return `${body}.${tag(body).toString('base64url')}`;
    },

    decode(token, route, filters, key) {
      if (token.length > MAX_CURSOR_LENGTH || !FORMAT.test(token)) throw invalid();
      const [body = '', signature = ''] = token.split('.');
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== TAG_BYTES || !timingSafeEqual(given, tag(body))) throw invalid();
      let payload: z.infer<typeof payloadSchema>;
      try {
        payload = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      } catch {
        throw invalid();
      }
      if (payload.r !== route || payload.f !== digest(filters)) {
        throw new ApiError(
          400,
          'cursor_mismatch',
          'the cursor belongs to another route or other filters; repeat the filters it was issued with',
        );
      }
      const parsed = key.safeParse(payload.k);
      if (!parsed.success) throw invalid();
      return parsed.data;
    },
  };
}
