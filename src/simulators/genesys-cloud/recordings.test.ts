import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_URL_TTL_MS } from './routes-recordings.ts';
import { startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
let recorded: { conversationId: string; recordingId: string }[];
let unrecorded: string;

beforeAll(async () => {
  t = await startTestClient({ sizes: { conversations: 400, days: 2 } });
  const truth = (await t.control('GET', '/_sim/truth')).body as { interaction: string[]; recording: string[] };
  recorded = [];
  for (const conversationId of truth.interaction) {
    const res = await t.api('GET', `/api/v2/conversations/${conversationId}/recordingmetadata`);
    if (res.body.length > 0) recorded.push({ conversationId, recordingId: res.body[0].id });
    else unrecorded ??= conversationId;
    if (recorded.length >= 3 && unrecorded) break;
  }
});
afterAll(() => t.close());

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function completedBatch(items: unknown[], token?: string) {
  const submitted = await t.api('POST', '/api/v2/recording/batchrequests', { body: { batchDownloadRequestList: items }, token });
  expect(submitted.status).toBe(200);
  expect(submitted.body).toEqual({ id: expect.any(String), selfUri: `/api/v2/recording/batchrequests/${submitted.body.id}` });
  const first = await t.api('GET', `/api/v2/recording/batchrequests/${submitted.body.id}`, { token });
  expect(first.body.status).toBe('InProgress');
  const done = await t.api('GET', `/api/v2/recording/batchrequests/${submitted.body.id}`, { token });
  expect(done.body.status).toBe('Completed');
  return { id: submitted.body.id as string, body: done.body };
}

describe('recordings', () => {
  it('serves recording metadata of recorded conversations, an empty array otherwise', async () => {
    const [{ conversationId, recordingId }] = recorded as [(typeof recorded)[number]];
    const res = await t.api('GET', `/api/v2/conversations/${conversationId}/recordingmetadata`);
    expect(res.body).toEqual([
      expect.objectContaining({
        id: recordingId,
        conversationId,
        media: 'audio',
        fileState: 'AVAILABLE',
        startTime: expect.any(String),
        endTime: expect.any(String),
      }),
    ]);
    expect((await t.api('GET', `/api/v2/conversations/${unrecorded}/recordingmetadata`)).body).toEqual([]);
    expect((await t.api('GET', '/api/v2/conversations/00000000-0000-4000-8000-000000000000/recordingmetadata')).status).toBe(404);
    const truth = (await t.control('GET', '/_sim/truth')).body;
    expect(truth.recording).toContain(recordingId);
  });

  it('lists recordings with a media URI unless formatId=NONE', async () => {
    const { conversationId } = recorded[0] as (typeof recorded)[number];
    const withMedia = await t.api('GET', `/api/v2/conversations/${conversationId}/recordings?formatId=WAV`);
    expect(withMedia.body[0].mediaUris.S.mediaUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/recordings\//);
    const none = await t.api('GET', `/api/v2/conversations/${conversationId}/recordings?formatId=NONE`);
    expect(none.body[0]).not.toHaveProperty('mediaUris');
  });

  it('needs one of the recording view permissions', async () => {
    const token = await t.token(await t.clientWith(['analytics:conversationDetail:view']));
    const res = await t.api('GET', `/api/v2/conversations/${recorded[0]?.conversationId}/recordingmetadata`, { token });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain(
      '[recording:recording:view, recording:recordingSegment:view, recording:snippetRecording:view, recording:screenRecording:view]',
    );
  });

  it('batch-downloads real WAV files through time-limited result URLs', async () => {
    const items = [...recorded.map(({ conversationId }) => ({ conversationId })), { conversationId: unrecorded }];
    const { body } = await completedBatch(items);
    expect(body).toMatchObject({ expectedResultCount: items.length, resultCount: items.length, errorCount: 1 });
    const ok = body.results.filter((r: { errorMsg?: string }) => !r.errorMsg);
    expect(ok.map((r: { recordingId: string }) => r.recordingId).sort()).toEqual(recorded.map((r) => r.recordingId).sort());
    const result = ok[0] as { resultUrl: string; contentType: string };
    expect(result.contentType).toBe('audio/wav');
    const download = await fetch(result.resultUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('audio/wav');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.length).toBeLessThan(20_000);
    // Same recording, same bytes.
    const again = Buffer.from(await (await fetch(result.resultUrl)).arrayBuffer());
    expect(sha256(again)).toBe(sha256(bytes));

    const tampered = await fetch(result.resultUrl.replace(/signature=[^&]+/, 'signature=forged'));
    expect(tampered.status).toBe(403);
    await t.control('POST', '/_sim/clock', { advanceMs: RESULT_URL_TTL_MS + 1000 });
    try {
      const expired = await fetch(result.resultUrl);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('Request has expired');
    } finally {
      await t.control('POST', '/_sim/clock', { advanceMs: -(RESULT_URL_TTL_MS + 1000) });
    }
  });

  it('reports a missing recording id as an error result', async () => {
    const { conversationId } = recorded[0] as (typeof recorded)[number];
    const { body } = await completedBatch([{ conversationId, recordingId: '00000000-0000-4000-8000-000000000000' }]);
    expect(body.results).toEqual([expect.objectContaining({ conversationId, errorMsg: 'Recording not found.' })]);
  });

  it('refuses batches above 100 items and lets only the submitting client read a batch', async () => {
    const tooMany = Array.from({ length: 101 }, () => ({ conversationId: recorded[0]?.conversationId }));
    expect((await t.api('POST', '/api/v2/recording/batchrequests', { body: { batchDownloadRequestList: tooMany } })).status).toBe(400);
    const submitted = await t.api('POST', '/api/v2/recording/batchrequests', {
      body: { batchDownloadRequestList: [{ conversationId: recorded[0]?.conversationId }] },
    });
    const other = await t.token(t.sim.connect.overPrivilegedClient);
    expect((await t.api('GET', `/api/v2/recording/batchrequests/${submitted.body.id}`, { token: other })).status).toBe(403);
  });
});
