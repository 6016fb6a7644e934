import { describe, expect, it } from 'vitest';
import { HttpStatusError, MissingPermissionError } from '../../../engine/errors.ts';
import type { Interaction } from '../../../model.ts';
import { recordings } from './recordings.ts';
import { collectBatches, fakeContext, type FakeAnswer } from './test-context.ts';

const interaction = (id: string): Interaction => ({
  externalId: id,
  raw: {},
  channel: 'voice',
  direction: 'inbound',
  startedAt: '2026-03-30T10:00:00.000Z',
  endedAt: '2026-03-30T10:05:00.000Z',
  queueIds: [],
  agentIds: ['7'],
  wrapUpCodeIds: [],
  divisionIds: [],
  customerAddress: null,
  dialedAddress: null,
  hasRecording: true,
});
const parents = (...ids: string[]) => ids.map((id) => ({ externalId: id, record: interaction(id) as unknown as Record<string, unknown> }));

/** Media Playback (§5.2) with one recorded call per contact in `recorded`; links carry a generation. */
function mediaPlayback(recorded: string[], opts: { refuseLinksOf?: number } = {}) {
  let generation = 0;
  return (url: URL): FakeAnswer => {
    if (url.pathname === '/media-playback/v1/contacts') {
      const id = url.searchParams.get('acd-call-id') as string;
      if (!recorded.includes(id)) return { status: 404, body: { internalCode: 'NotFound', message: 'No recording was found.' } };
      generation++;
      const data = { fileToPlayUrl: `https://storage.test/${id}.wav?g=${generation}`, segmentsDataList: [{ segmentId: `seg-${id}` }] };
      return {
        status: 200,
        body: { contactId: `uuid-${id}`, acdcontactId: id, interactions: [{ '@type': 'call', mediaType: 'voice-only', data }] },
      };
    }
    const g = Number(url.searchParams.get('g'));
    if (opts.refuseLinksOf !== undefined && g <= opts.refuseLinksOf)
      return { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' };
    return { status: 200, body: `audio of ${url.pathname}`, headers: { 'content-type': 'audio/wav; rate=8000' } };
  };
}

describe('recordings through Media Playback', () => {
  it('lists each recorded interaction by segment and stores its media, fetched without credentials', async () => {
    const { ctx, requests, blobs } = fakeContext(mediaPlayback(['1']), { parents: parents('1') });
    const [batch] = await collectBatches(recordings.read(ctx));
    expect(batch?.records).toEqual([
      {
        entity: 'recording',
        record: expect.objectContaining({
          externalId: 'seg-1',
          interactionId: '1',
          state: 'stored',
          contentType: 'audio/wav',
          bytes: 'audio of /1.wav'.length,
          blobKey: 'recordings/1/seg-1',
        }),
      },
    ]);
    expect(blobs.get('recordings/1/seg-1')).toBe('audio of /1.wav');
    const asked = requests[0]!;
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      'acd-call-id': '1',
      'media-type': 'all',
      'exclude-waveforms': 'true',
      'exclude-qm-categories': 'true',
    });
  });

  it('marks a contact Media Playback has no recording of, so it is not asked about again', async () => {
    const { ctx } = fakeContext(mediaPlayback([]), { parents: parents('2') });
    const [batch] = await collectBatches(recordings.read(ctx));
    expect(batch?.records).toEqual([{ entity: 'interaction', record: expect.objectContaining({ externalId: '2', hasRecording: false }) }]);
  });

  it('asks for fresh links when the storage refuses an expired one', async () => {
    const { ctx, requests } = fakeContext(mediaPlayback(['3'], { refuseLinksOf: 1 }), { parents: parents('3') });
    const [batch] = await collectBatches(recordings.read(ctx));
    expect(batch?.records[0]?.record).toMatchObject({ state: 'stored', externalId: 'seg-3' });
    expect(requests.map((r) => r.pathname)).toEqual(['/media-playback/v1/contacts', '/3.wav', '/media-playback/v1/contacts', '/3.wav']);
  });

  it('gives up on a link refused every time, as failed, to be retried by the next sync', async () => {
    const { ctx } = fakeContext(mediaPlayback(['4'], { refuseLinksOf: 99 }), { parents: parents('4') });
    const [batch] = await collectBatches(recordings.read(ctx));
    expect(batch?.records[0]?.record).toMatchObject({ state: 'failed', error: 'the media link answered 403 (expired)', sha256: null });
  });

  it('only lists recordings when media is not wanted', async () => {
    const { ctx, requests } = fakeContext(mediaPlayback(['5']), { parents: parents('5'), options: { media: false } });
    const [batch] = await collectBatches(recordings.read(ctx));
    expect(batch?.records[0]?.record).toMatchObject({ state: 'listed', blobKey: null });
    expect(requests).toHaveLength(1);
  });

  it('is skipped with Play Any when Media Playback refuses the employee', async () => {
    const { ctx } = fakeContext(() => ({ status: 403, body: { internalCode: 'Forbidden', message: 'Access denied.' } }), {
      parents: parents('6'),
    });
    const err = await collectBatches(recordings.read(ctx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPermissionError);
    expect((err as MissingPermissionError).permissions).toEqual(['Play Any']);
  });

  it('fails, saying so, when the tenant is not licensed for Media Playback', async () => {
    const reading = { code: 'NotLicensed', message: 'The tenant is not licensed for the Media Playback API.' };
    const { ctx } = fakeContext(() => ({ status: 403, reading }), { parents: parents('7') });
    const err = await collectBatches(recordings.read(ctx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).not.toBeInstanceOf(MissingPermissionError);
  });
});
