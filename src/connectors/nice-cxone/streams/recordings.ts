// Recordings through the Media Playback API (reference/nice-cxone-api.md §5): for each synced contact an
// agent handled, the contact's recorded interactions, then each one's media from its temporary
// pre-signed `fileToPlayUrl`, streamed into the blob store.
import type { Readable } from 'node:stream';
import type { Interaction, Recording, TaggedRecord } from '../../../model.ts';
import type { StreamContext, StreamDefinition } from '../../connector.ts';
import { mediaPlaybackPath } from '../api.ts';
import { mapPlayback, type PlaybackInteraction } from '../map.ts';
import { PLAY_ANY } from '../permissions.ts';
import { guardPermissions } from './guard.ts';

/**
 * Contacts per batch: each costs at least one Media Playback request, paced at 30 a minute, so batches
 * stay small and progress is committed often.
 */
const CONTACTS_PER_BATCH = 10;
const DOWNLOAD_ATTEMPTS = 3;
const requires = { all: [PLAY_ANY] };

export const recordings: StreamDefinition = {
  name: 'recordings',
  entities: ['recording'],
  kind: 'incremental',
  requires,
  description: 'Recorded interactions of synced contacts (Media Playback), and their media',
  dependsOn: {
    stream: 'interactions',
    parent: 'interaction',
    where: { hasRecording: true },
    linkField: 'interactionId',
    stateField: 'state',
  },
  read: guardPermissions(requires, async function* (ctx) {
    // Without media, a listed recording is complete; with media, only a stored (or unavailable) one is.
    const done = ctx.options.media ? ['stored', 'unavailable'] : ['listed', 'stored', 'unavailable'];
    for await (const parents of ctx.pendingParents(done, CONTACTS_PER_BATCH)) {
      const records: TaggedRecord[] = [];
      for (const parent of parents) {
        const found = await playback(ctx, parent.externalId);
        if (!found.length) {
          // The contact record cannot say whether it was recorded (§4.6); now that Media Playback said it
          // was not (404, or nothing to play), the interaction says so and is not asked about again.
          records.push({ entity: 'interaction', record: { ...(parent.record as Interaction), hasRecording: false } });
          continue;
        }
        for (const item of found) {
          const record = ctx.options.media ? await download(ctx, parent.externalId, item) : item.record;
          records.push({ entity: 'recording', record });
        }
      }
      yield { records, pages: parents.length };
    }
  }),
};

/**
 * GET /media-playback/v1/contacts?acd-call-id= — every recorded interaction of the contact, with fresh
 * media links. 404: no recording, or it was purged (§5.2). Waveforms and QM categories are left out:
 * they are not synced, and categories need a permission of their own (§5.3).
 * https://developer.niceincontact.com/API/MediaPlaybackAPI
 */
async function playback(ctx: StreamContext, acdContactId: string): Promise<PlaybackInteraction[]> {
  const res = await ctx.http.request<Record<string, unknown> | undefined>({
    method: 'GET',
    url: mediaPlaybackPath('contacts'),
    query: { 'acd-call-id': acdContactId, 'media-type': 'all', 'exclude-waveforms': true, 'exclude-qm-categories': true },
    acceptStatuses: [404],
  });
  return res.status === 404 || !res.body ? [] : mapPlayback(acdContactId, res.body);
}

/**
 * The media behind `fileToPlayUrl`, fetched without credentials (the link is pre-signed). A link the
 * storage refuses has expired: Media Playback is asked for a fresh one. A body cut short while streaming
 * is fetched again. After the last attempt the recording is `failed`, and retried by the next sync.
 */
async function download(ctx: StreamContext, acdContactId: string, item: PlaybackInteraction): Promise<Recording> {
  const rec = item.record;
  let url = item.fileToPlayUrl;
  let failure = '';
  for (let attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
    if (!url) return { ...rec, state: 'unavailable', error: failure || 'Media Playback gave no fileToPlayUrl for it' };
    let refused: number | undefined;
    try {
      const res = await ctx.http.request<Readable>({
        method: 'GET',
        url,
        auth: 'none',
        responseType: 'stream',
        acceptStatuses: [401, 403, 404, 410],
      });
      if (res.status < 400) {
        const blob = await ctx.storeBlob(`recordings/${acdContactId}/${rec.externalId.replace(/[^\w.-]/g, '_')}`, res.body);
        return {
          ...rec,
          state: 'stored',
          contentType: res.headers['content-type']?.split(';')[0]?.trim() || null,
          bytes: blob.bytes,
          sha256: blob.sha256,
          blobKey: blob.key,
          error: null,
        };
      }
      refused = res.status;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      failure = err instanceof Error ? err.message : String(err);
    }
    if (refused !== undefined) {
      failure = `the media link answered ${refused} (expired)`;
      const fresh = await playback(ctx, acdContactId);
      url = fresh.find((f) => f.record.externalId === rec.externalId)?.fileToPlayUrl ?? null;
    }
  }
  return { ...rec, state: 'failed', error: failure };
}
