// Media Playback (reference §5.1–5.3): a recorded contact's interactions by ACD contact id, or one
// segment by id, each with a pre-signed expiring fileToPlayUrl to a small real WAV. The tenant-wide
// throttle (150 requests per 5 minutes by default) and the licence switch are applied by the server gate
// through `mediaGate`. One recorded contact holds one call interaction with one segment, whose segmentId
// is the simulator's recording id.
import { Rng, mix32 } from '../random.ts';
import type { Router, SimRequest, SimResponse } from '../http-kit.ts';
import { iso7, type ContactCore } from './contacts.ts';
import { ok, type ApiContext, type ApiHandler, type NiceSim } from './context.ts';
import { badRequest, missingPermissionError, NiceError, notFound, tooManyRequests } from './errors.ts';
import { PLAY_ANY, VIEW_SENTIMENTS } from './permissions.ts';
import { refuseLink, signedUrl, storageError } from './signed-links.ts';
import { recordingWav } from '../wav.ts';

const MEDIA_TYPES = ['voice-only', 'voice-and-screen', 'chat', 'email', 'all'];
const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'MIXED', 'NEUTRAL'];

/** Throttle first (a gateway counts every call), then the licence. Throws the error to answer with. */
export function mediaGate(sim: NiceSim, now: number): void {
  const retryAfter = sim.mediaThrottle.take(now);
  if (retryAfter !== undefined) {
    throw tooManyRequests(
      `Rate limit of ${sim.media.limit} requests per ${sim.media.windowSeconds} seconds exceeded for this tenant.`,
      sim.media.retryAfter ? retryAfter : undefined,
    );
  }
  // How NICE refuses an unlicensed tenant is UNCONFIRMED (reference §5.3 speaks of throttling and
  // back-billing); a 403 is the defensive guess: the client must report it, not retry it.
  if (!sim.media.licensed) throw new NiceError(403, 'NotLicensed', 'The tenant is not licensed for the Media Playback API.');
}

/** The contact, if it is completed by now; its own agent may play it without Play Any (reference §5.3). */
function playableContact(ctx: ApiContext, index: number | undefined): ContactCore {
  const space = ctx.state.contacts;
  if (index === undefined || space.lastUpdateOf(index) > ctx.now) throw notFound('Contact not found.');
  const core = space.core(index);
  const own = space.agentOf(core)?.agentId === ctx.employee.agentId;
  if (!own && !ctx.permissions.has(PLAY_ANY)) throw missingPermissionError(PLAY_ANY);
  return core;
}

function mediaTypesOf(req: SimRequest): Set<string> {
  const wanted = req.query.all('media-type').map((m) => m.toLowerCase());
  for (const m of wanted) if (!MEDIA_TYPES.includes(m)) throw badRequest(`Invalid media-type: ${m}`);
  return new Set(wanted.length > 0 ? wanted : ['all']);
}

function callInteraction(ctx: ApiContext, core: ContactCore): Record<string, unknown> {
  const space = ctx.state.contacts;
  const rng = new Rng(mix32(0x6d656469, core.index));
  const segmentId = space.segmentIdOf(core.index);
  const agent = space.agentOf(core);
  const talkStart = core.startMs + (core.preQueue + core.inQueue) * 1000;
  const talkEnd = core.endMs - core.postQueue * 1000;
  const recordingID = rng.uuid();
  const stage = (stageType: string, from: number, to: number) => ({ stageType, startTime: iso7(from), endTime: iso7(to), recordingID });
  const voiceStages =
    core.hold > 0
      ? [stage('ACTIVE', talkStart, talkEnd - core.hold * 1000), stage('HOLD', talkEnd - core.hold * 1000, talkEnd)]
      : [stage('ACTIVE', talkStart, talkEnd)];
  const inbound = !(space.skills[core.skill]?.isOutbound ?? false);
  const withWaveforms = ctx.req.query.bool('exclude-waveforms') === false;
  const waveform = (channel: string) => ({ channel, normalizedPcmData: Array.from({ length: 32 }, () => rng.int(0, 100) / 100) });
  return {
    '@type': 'call',
    mediaType: 'voice-only',
    channelType: 'PHONE_CALL',
    startTime: iso7(core.startMs),
    endTime: iso7(core.endMs),
    callTaggingList: null,
    dynamicBusinessData: null,
    data: {
      startTime: iso7(core.startMs),
      endTime: iso7(core.endMs),
      acwEndTime: iso7(core.acwEndMs),
      fileToPlayUrl: signedUrl(ctx.sim, `/media-files/${segmentId}.wav`, ctx.sim.media.linkTtlSeconds * 1000, ctx.now),
      videoImageUrl: null,
      participantDataList: [
        {
          participantType: 'AGENT',
          agentName: agent ? `${agent.firstName} ${agent.lastName}` : '',
          participantId: String(agent?.agentId ?? ''),
          userId: ctx.state.employees.get(agent?.agentId ?? -1)?.userId ?? '',
          segmentId,
          channel: 'AGENT',
          voiceStages,
          screenStages: [],
        },
        {
          participantType: 'CUSTOMER',
          agentName: '',
          participantId: '',
          userId: '',
          segmentId,
          channel: 'CUSTOMER',
          voiceStages,
          screenStages: [],
        },
      ],
      segmentsDataList: [
        {
          segmentId,
          startTime: iso7(core.startMs),
          endTime: iso7(core.endMs),
          acwEndTime: iso7(core.acwEndMs),
          directionType: inbound ? 'INBOUND' : 'OUTBOUND',
          openReasonType: 'CALL_START',
          closeReasonType: 'CALL_END',
          channelType: 'PHONE_CALL',
          firstSegment: true,
          customerRestricted: false,
          source: 'ACD',
          originalSourceFromSdr: 'ACD',
        },
      ],
      categoryMatchesList: [],
      sentiments: ctx.permissions.has(VIEW_SENTIMENTS)
        ? [{ channel: 'CUSTOMER', overallSentiment: rng.pick(SENTIMENTS), segmentStartTime: iso7(core.startMs) }]
        : [],
      waveformDataList: withWaveforms ? [waveform('AGENT'), waveform('CUSTOMER')] : [],
      dfoStages: [],
    },
  };
}

function playback(ctx: ApiContext, core: ContactCore, key: 'interactions' | 'Interactions'): SimResponse {
  if (!core.recorded) throw notFound('No recording was found for the contact.');
  const types = mediaTypesOf(ctx.req);
  const voice = types.has('all') || types.has('voice-only') || types.has('voice-and-screen');
  return ok({
    contactId: ctx.state.contacts.mediaContactIdOf(core.index),
    acdcontactId: String(core.contactId),
    elevatedInteraction: false,
    [key]: voice ? [callInteraction(ctx, core)] : [],
  });
}

const contacts: ApiHandler = (ctx) => {
  const id = ctx.req.query.get('acd-call-id');
  if (!id) throw badRequest('acd-call-id is required.');
  return playback(ctx, playableContact(ctx, ctx.state.contacts.indexOfContactId(id)), 'interactions');
};

// This response spells its array "Interactions" (reference §5.1).
const segment: ApiHandler = (ctx) =>
  playback(ctx, playableContact(ctx, ctx.state.contacts.indexOfSegment(ctx.req.params.segmentId as string)), 'Interactions');

export function registerMediaRoutes(api: Router<ApiHandler>): void {
  api.get('/media-playback/v1/contacts', contacts);
  api.get('/media-playback/v1/segments/{segmentId}', segment);
}

/** GET /media-files/{segmentId}.wav?g=&expires=&signature= — the target of fileToPlayUrl. */
export function mediaFile(sim: NiceSim, req: SimRequest): SimResponse {
  const refused = refuseLink(sim, req);
  if (refused) return refused;
  const file = req.params.file as string;
  const segmentId = file.endsWith('.wav') ? file.slice(0, -4) : file;
  if (sim.state.contacts.indexOfSegment(segmentId) === undefined)
    return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
  return {
    status: 200,
    headers: { 'content-type': 'audio/wav', 'content-disposition': `attachment; filename="${segmentId}.wav"` },
    body: recordingWav(segmentId, 0.25),
  };
}
