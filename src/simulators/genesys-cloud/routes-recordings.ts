// Recordings (reference §6.6): per-conversation metadata and recordings, the batch download API and the
// time-limited download URLs it hands out (served by this simulator, like a pre-signed storage URL: no
// bearer token, expiry on the simulated clock, HMAC signature).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { text, type Router, type SimResponse } from '../http-kit.ts';
import { ok, type ApiContext, type ApiHandler, type GenesysSim } from './context.ts';
import type { ConversationCore, RecordingInfo } from './conversations.ts';
import { badRequest, notAuthorized, notFound } from './errors.ts';
import { permittedDivisionsAny, RECORDING_VIEW_ANY } from './permissions.ts';
import { randomId, type BatchItem, type BatchJob } from './state.ts';
import { objectBody } from './routes-analytics.ts';
import { recordingWav } from '../wav.ts';

/** Half a second of audio per recording: real media, kept small. */
const RECORDING_SECONDS = 0.5;

/** Lifetime of a batch result URL (simulated time); the real TTL is UNCONFIRMED. */
export const RESULT_URL_TTL_MS = 15 * 60_000;
const BATCH_MAX_ITEMS = 100;
const iso = (ms: number) => new Date(ms).toISOString();

/** The conversation, if it exists, has started and is in a division where a recording view permission is held. */
function recordedConversation(ctx: ApiContext, conversationId: string): ConversationCore | undefined {
  const space = ctx.state.conversations;
  const index = space.indexOf(conversationId);
  if (index === undefined) return undefined;
  const core = space.core(index);
  const held = permittedDivisionsAny(ctx.grants, RECORDING_VIEW_ANY);
  if (core.startMs > ctx.now || (held !== '*' && !core.divisionIds.some((d) => held.has(d)))) return undefined;
  return core;
}

function conversationRecordings(ctx: ApiContext): RecordingInfo[] {
  const core = recordedConversation(ctx, ctx.req.params.conversationId as string);
  if (!core) throw notFound();
  return ctx.state.conversations.recordings(core, ctx.now);
}

function signature(sim: GenesysSim, recordingId: string, expires: number): string {
  return createHmac('sha256', sim.mediaKey).update(`${recordingId}:${expires}`).digest('base64url');
}

function downloadUrl(ctx: ApiContext, recordingId: string): string {
  const expires = ctx.now + RESULT_URL_TTL_MS;
  return `${ctx.sim.baseUrl}/media/recordings/${recordingId}.wav?expires=${expires}&signature=${signature(ctx.sim, recordingId, expires)}`;
}

function metadataJson(r: RecordingInfo): Record<string, unknown> {
  return {
    id: r.id,
    conversationId: r.conversationId,
    startTime: iso(r.startMs),
    endTime: iso(r.endMs),
    media: 'audio',
    annotations: [],
    fileState: 'AVAILABLE',
    selfUri: `/api/v2/conversations/${r.conversationId}/recordings/${r.id}`,
  };
}

// The simulator always serves WAV, whatever formatId asks for; formatId=NONE leaves out the media URIs.
const recordings: ApiHandler = (ctx) => {
  const withMedia = (ctx.req.query.get('formatId') ?? 'WEBM').toUpperCase() !== 'NONE';
  return ok(
    conversationRecordings(ctx).map((r) => ({
      ...metadataJson(r),
      ...(withMedia ? { mediaUris: { S: { mediaUri: downloadUrl(ctx, r.id) } } } : {}),
      outputDurationMs: r.endMs - r.startMs,
      outputSizeInBytes: recordingWav(r.id, RECORDING_SECONDS).length,
    })),
  );
};

const submitBatch: ApiHandler = (ctx) => {
  const list = objectBody(ctx).batchDownloadRequestList;
  if (!Array.isArray(list) || list.length === 0) throw badRequest('batchDownloadRequestList must be a non-empty array.');
  if (list.length > BATCH_MAX_ITEMS) throw badRequest(`batchDownloadRequestList may hold at most ${BATCH_MAX_ITEMS} items.`);
  const items: BatchItem[] = list.map((entry) => {
    const { conversationId, recordingId } = (entry ?? {}) as Record<string, unknown>;
    if (typeof conversationId !== 'string' || conversationId === '') throw badRequest('Each item needs a conversationId.');
    if (recordingId !== undefined && typeof recordingId !== 'string') throw badRequest('recordingId must be a string.');
    return recordingId ? { conversationId, recordingId } : { conversationId };
  });
  const job: BatchJob = { id: randomId(), clientId: ctx.client.id, items, polls: 0 };
  ctx.state.batches.set(job.id, job);
  return ok({ id: job.id, selfUri: `/api/v2/recording/batchrequests/${job.id}` });
};

function batchResults(ctx: ApiContext, job: BatchJob): Record<string, unknown>[] {
  return job.items.flatMap(({ conversationId, recordingId }): Record<string, unknown>[] => {
    const core = recordedConversation(ctx, conversationId);
    if (!core) return [{ conversationId, ...(recordingId ? { recordingId } : {}), errorMsg: 'Conversation not found.' }];
    const found = ctx.state.conversations.recordings(core, ctx.now).filter((r) => !recordingId || r.id === recordingId);
    if (found.length === 0) {
      return [
        {
          conversationId,
          ...(recordingId ? { recordingId } : {}),
          errorMsg: recordingId ? 'Recording not found.' : 'No recordings found for the conversation.',
        },
      ];
    }
    return found.map((r) => ({ conversationId, recordingId: r.id, resultUrl: downloadUrl(ctx, r.id), contentType: 'audio/wav' }));
  });
}

// The first poll reports InProgress with part of the results, later polls Completed with all of them.
const batchStatus: ApiHandler = (ctx) => {
  const job = ctx.state.batches.get(ctx.req.params.jobId as string);
  if (!job) throw notFound();
  // "Only the user that submitted the job may retrieve results."
  if (job.clientId !== ctx.client.id) throw notAuthorized();
  job.polls++;
  const all = batchResults(ctx, job);
  const done = job.polls > 1;
  const results = done ? all : all.slice(0, Math.floor(all.length / 2));
  return ok({
    id: job.id,
    jobId: job.id,
    expectedResultCount: all.length,
    resultCount: results.length,
    errorCount: results.filter((r) => r.errorMsg !== undefined).length,
    status: done ? 'Completed' : 'InProgress',
    results,
    selfUri: `/api/v2/recording/batchrequests/${job.id}`,
  });
};

export function registerRecordingRoutes(api: Router<ApiHandler>): void {
  api.get('/api/v2/conversations/{conversationId}/recordingmetadata', (ctx) => ok(conversationRecordings(ctx).map(metadataJson)));
  api.get('/api/v2/conversations/{conversationId}/recordings', recordings);
  api.post('/api/v2/recording/batchrequests', submitBatch);
  api.get('/api/v2/recording/batchrequests/{jobId}', batchStatus);
}

const storageError = (status: number, code: string, message: string): SimResponse =>
  text(
    status,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    'application/xml',
  );

/** GET /media/recordings/{recordingId}.wav?expires=&signature= — the target of resultUrl and mediaUri. */
export function downloadRecording(sim: GenesysSim, file: string, expiresParam: string | undefined, given: string | undefined): SimResponse {
  const recordingId = file.endsWith('.wav') ? file.slice(0, -4) : file;
  const expires = Number(expiresParam);
  const expected = Buffer.from(signature(sim, recordingId, expires));
  const actual = Buffer.from(given ?? '');
  if (!Number.isInteger(expires) || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return storageError(403, 'SignatureDoesNotMatch', 'The request signature does not match.');
  }
  if (sim.clock.now() > expires) return storageError(403, 'AccessDenied', 'Request has expired');
  if (sim.state.conversations.indexOfRecording(recordingId) === undefined)
    return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
  const wav = recordingWav(recordingId, RECORDING_SECONDS);
  return {
    status: 200,
    headers: { 'content-type': 'audio/wav', 'content-disposition': `attachment; filename="${recordingId}.wav"` },
    body: wav,
  };
}
