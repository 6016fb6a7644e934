// Conversation recordings (reference/genesys-cloud-api.md §6.6): metadata for every synced interaction
// that had a recorded session, then media through recording batch requests, streamed into the blob store.
import type { Readable } from 'node:stream';
import type { Recording } from '../../../model.ts';
import type { StreamContext, StreamDefinition } from '../../connector.ts';
import { mapRecordingMetadata } from '../map.ts';
import { RECORDING_VIEW_ANY } from '../permissions.ts';
import { sleep } from './sleep.ts';

/** A batch request takes at most 100 items. */
const BATCH_ITEMS = 100;
const BATCH_WAIT_LIMIT_MS = 10 * 60_000;

interface BatchResult {
  conversationId: string;
  recordingId: string;
  resultUrl?: string;
  contentType?: string;
  errorMsg?: string;
}
interface BatchStatus {
  status?: string;
  expectedResultCount?: number;
  resultCount?: number;
  results?: BatchResult[];
}

export const recordings: StreamDefinition = {
  name: 'recordings',
  entities: ['recording'],
  kind: 'incremental',
  requires: { any: RECORDING_VIEW_ANY },
  description: 'Recording metadata for synced interactions, and media via batch requests',
  dependsOn: {
    stream: 'interactions',
    parent: 'interaction',
    where: { hasRecording: true },
    linkField: 'interactionId',
    stateField: 'state',
  },
  async *read(ctx) {
    // Without media, a listed recording is complete; with media, only a stored (or unavailable) one is.
    const done = ctx.options.media ? ['stored', 'unavailable'] : ['listed', 'stored', 'unavailable'];
    for await (const parents of ctx.pendingParents(done, BATCH_ITEMS)) {
      const listed: Recording[] = [];
      for (const parent of parents) {
        // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-conversations--conversationId--recordingmetadata
        const url = `/api/v2/conversations/${encodeURIComponent(parent.externalId)}/recordingmetadata`;
        const metadata = await ctx.http.getJson<Record<string, unknown>[]>(url);
        listed.push(...(metadata ?? []).map((m) => mapRecordingMetadata(parent.externalId, m)));
      }
      const records = ctx.options.media ? await downloadAll(ctx, listed) : listed;
      yield { records: records.map((record) => ({ entity: 'recording' as const, record })), pages: parents.length };
    }
  },
};

async function downloadAll(ctx: StreamContext, listed: Recording[]): Promise<Recording[]> {
  const out: Recording[] = [];
  for (let i = 0; i < listed.length; i += BATCH_ITEMS) {
    const chunk = listed.slice(i, i + BATCH_ITEMS);
    const results = await runBatch(ctx, chunk);
    for (const rec of chunk) out.push(await storeOne(ctx, rec, results.get(rec.externalId)));
  }
  return out;
}

/**
 * POST /api/v2/recording/batchrequests, then poll GET …/{id} until every result is in.
 * https://developer.genesys.cloud/devapps/api-explorer#post-api-v2-recording-batchrequests
 */
async function runBatch(ctx: StreamContext, chunk: Recording[]): Promise<Map<string, BatchResult>> {
  const submitted = await ctx.http.request<{ id: string }>({
    method: 'POST',
    url: '/api/v2/recording/batchrequests',
    json: { batchDownloadRequestList: chunk.map((r) => ({ conversationId: r.interactionId, recordingId: r.externalId })) },
    // Submitting twice only creates a second read-only download job.
    idempotent: true,
  });
  const started = Date.now();
  for (let delay = 200; Date.now() - started < BATCH_WAIT_LIMIT_MS; delay = Math.min(delay * 1.5, 5_000)) {
    const status = await ctx.http.getJson<BatchStatus>(`/api/v2/recording/batchrequests/${encodeURIComponent(submitted.body.id)}`);
    const complete =
      status.status === 'Completed' || (status.expectedResultCount !== undefined && status.resultCount === status.expectedResultCount);
    if (complete) return new Map((status.results ?? []).map((r) => [r.recordingId, r]));
    await sleep(delay, ctx.signal);
  }
  throw new Error(`recording batch request ${submitted.body.id} did not complete within ${BATCH_WAIT_LIMIT_MS / 60_000} minutes`);
}

async function storeOne(ctx: StreamContext, rec: Recording, result: BatchResult | undefined): Promise<Recording> {
  if (!result) return { ...rec, state: 'failed', error: 'recording missing from the batch request results' };
  if (result.errorMsg || !result.resultUrl) return { ...rec, state: 'unavailable', error: result.errorMsg ?? 'no download URL' };
  const blob = await download(ctx, result.resultUrl, `recordings/${rec.interactionId}/${rec.externalId}`);
  if (typeof blob === 'string') return { ...rec, state: 'failed', error: blob };
  return {
    ...rec,
    state: 'stored',
    contentType: result.contentType ?? null,
    bytes: blob.bytes,
    sha256: blob.sha256,
    blobKey: blob.key,
    error: null,
  };
}

/**
 * resultUrl is a pre-signed link: no Authorization header may go to it. The engine retries a failed
 * request, but a body cut short while streaming surfaces here, so the whole download is tried again.
 * Returns the failure text after the last attempt; a failed recording is retried on the next sync.
 */
async function download(ctx: StreamContext, url: string, key: string) {
  let failure = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await ctx.http.request<Readable>({ method: 'GET', url, auth: 'none', responseType: 'stream' });
      return await ctx.storeBlob(key, res.body);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      failure = err instanceof Error ? err.message : String(err);
    }
  }
  return failure;
}
