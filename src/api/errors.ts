// The one shape of every API error: `{ "error": { "code": "snake_case", "message": "…" } }`. Codes are
// stable for programs; messages are for people and may change.
import { z } from 'zod';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra response headers (WWW-Authenticate, Content-Range, Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().regex(/^[a-z][a-z0-9_]*$/),
      message: z.string(),
    }),
  })
  .describe('Every error response');

export type ErrorBody = z.infer<typeof errorBodySchema>;

export const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } });

/** `no wrap-up code "…"`, code wrap_up_code_not_found. */
export const notFound = (what: string, id: string) =>
  new ApiError(404, `${what.replace(/[^a-z0-9]+/g, '_')}_not_found`, `no ${what} ${JSON.stringify(id)}`);
