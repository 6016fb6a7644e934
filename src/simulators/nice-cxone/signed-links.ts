// Pre-signed, expiring links on the simulator's "storage host" (reference §5.3: fileToPlayUrl is fetched
// without the bearer token and expires). Served on the same listener under /media-files and /extracts;
// expiry on the simulated clock; an HMAC over path, expiry and link generation, so that
// POST /_sim/media-playback/links/expire can expire every link handed out so far. Errors look like S3's.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { text, type SimRequest, type SimResponse } from '../http-kit.ts';
import type { NiceSim } from './context.ts';

function signature(sim: NiceSim, path: string, expires: number, generation: number): string {
  return createHmac('sha256', sim.linkKey).update(`${path}:${expires}:${generation}`).digest('base64url');
}

export function signedUrl(sim: NiceSim, path: string, ttlMs: number, now: number): string {
  const expires = now + ttlMs;
  const g = sim.mediaLinkGeneration;
  return `${sim.baseUrl}${path}?g=${g}&expires=${expires}&signature=${signature(sim, path, expires, g)}`;
}

export function storageError(status: number, code: string, message: string): SimResponse {
  return text(
    status,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    'application/xml',
  );
}

/** undefined when the link is genuine and live; otherwise the storage host's refusal. */
export function refuseLink(sim: NiceSim, req: SimRequest): SimResponse | undefined {
  const expires = Number(req.query.get('expires'));
  const generation = Number(req.query.get('g'));
  const given = Buffer.from(req.query.get('signature') ?? '');
  const expected = Buffer.from(signature(sim, req.path, expires, generation));
  if (!Number.isInteger(expires) || !Number.isInteger(generation) || given.length !== expected.length || !timingSafeEqual(given, expected))
    return storageError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  if (generation < sim.mediaLinkGeneration || sim.clock.now() > expires) return storageError(403, 'AccessDenied', 'Request has expired');
  return undefined;
}
