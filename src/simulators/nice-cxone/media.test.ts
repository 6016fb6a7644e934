import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACD, startTestClient, type TestClient } from './test-client.ts';

let t: TestClient;
let recorded: { contactId: number; agentId: number }[];
let unrecorded: number;

beforeAll(async () => {
  t = await startTestClient({ sizes: { conversations: 600, days: 3 } });
  const contacts = (await t.api(`${ACD}/contacts/completed?top=600`)).body.completedContacts as {
    contactId: number;
    agentId: number;
    isLogged: boolean;
  }[];
  recorded = contacts.filter((c) => c.isLogged);
  unrecorded = (contacts.find((c) => !c.isLogged) as { contactId: number }).contactId;
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
});

const playback = (contactId: number, token?: string, query = '') =>
  t.api(`/media-playback/v1/contacts?acd-call-id=${contactId}${query}`, { token });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('media playback', () => {
  it('describes a recorded contact with a pre-signed fileToPlayUrl to a small real WAV', async () => {
    const { contactId } = recorded[0] as (typeof recorded)[number];
    const res = await playback(contactId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      contactId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      acdcontactId: String(contactId),
      elevatedInteraction: false,
    });
    const [interaction] = res.body.interactions;
    expect(interaction).toMatchObject({ '@type': 'call', mediaType: 'voice-only', channelType: 'PHONE_CALL' });
    const segmentId = interaction.data.segmentsDataList[0].segmentId;
    expect(interaction.data.participantDataList.map((p: { participantType: string }) => p.participantType)).toEqual(['AGENT', 'CUSTOMER']);
    expect((await t.control('GET', '/_sim/truth')).body.recording).toContain(segmentId);

    const url = interaction.data.fileToPlayUrl as string;
    expect(url).toMatch(new RegExp(`^${t.sim.baseUrl}/media-files/${segmentId}\\.wav\\?`));
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('audio/wav');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
    expect(bytes.length).toBeGreaterThan(2000);
    expect(bytes.length).toBeLessThan(10_000);
    const again = await playback(contactId);
    const other = Buffer.from(await (await fetch(again.body.interactions[0].data.fileToPlayUrl)).arrayBuffer());
    expect(sha256(other)).toBe(sha256(bytes));

    const segment = await t.api(`/media-playback/v1/segments/${segmentId}`);
    expect(segment.body.Interactions[0].data.segmentsDataList[0].segmentId).toBe(segmentId);
    expect(segment.body).not.toHaveProperty('interactions');
  });

  it('expires links on the simulated clock, on demand, and refuses forged ones', async () => {
    const url = (await playback((recorded[0] as (typeof recorded)[number]).contactId)).body.interactions[0].data.fileToPlayUrl as string;
    const forged = await fetch(url.replace(/signature=[^&]+/, 'signature=forged'));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('SignatureDoesNotMatch');
    await t.control('POST', '/_sim/clock', { advanceSeconds: 301 });
    const late = await fetch(url);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');

    const fresh = (await playback((recorded[1] as (typeof recorded)[number]).contactId)).body.interactions[0].data.fileToPlayUrl as string;
    expect((await fetch(fresh, { method: 'GET' })).status).toBe(200);
    expect((await t.control('POST', '/_sim/media-playback/links/expire')).status).toBe(200);
    expect((await fetch(fresh)).status).toBe(403);
  });

  it('answers 404 {internalCode, message} for unrecorded and unknown contacts, 400 without acd-call-id', async () => {
    expect(await playback(unrecorded)).toMatchObject({ status: 404, body: { internalCode: 'NotFound', message: expect.any(String) } });
    expect((await playback(1234567890123456)).status).toBe(404);
    expect((await t.api('/media-playback/v1/contacts')).status).toBe(400);
    expect((await playback((recorded[0] as (typeof recorded)[number]).contactId, undefined, '&media-type=chat')).body.interactions).toEqual(
      [],
    );
  });

  it('needs Play Any, except for the agent on the contact', async () => {
    const { contactId } = recorded[0] as (typeof recorded)[number];
    const noPlay = await t.token(await t.employeeWith(['ACD: View', 'Employees: View']));
    expect(await playback(contactId, noPlay)).toMatchObject({
      status: 403,
      body: { internalCode: 'Forbidden', message: expect.stringContaining('Play Any') },
    });
    // A seeded agent (role without API permissions) may play their own contact only.
    const own = recorded.find((c) => c.agentId > 0 && c.agentId !== recorded[0]?.agentId) as (typeof recorded)[number];
    await t.control('POST', `/_sim/employees/${own.agentId}/activate`);
    const key = (await t.control('POST', `/_sim/employees/${own.agentId}/access-keys`)).body;
    const agentToken = await t.token({ ...t.sim.connect.leastPrivilege, ...key });
    expect((await playback(own.contactId, agentToken)).status).toBe(200);
    expect((await playback(contactId, agentToken)).status).toBe(403);
  });

  it('throttles the tenant: 429 {message, route}, no Retry-After unless configured', async () => {
    await t.control('POST', '/_sim/media-playback', { limit: 3, windowSeconds: 60 });
    const { contactId } = recorded[0] as (typeof recorded)[number];
    const other = await t.token(t.sim.connect.overPrivileged);
    for (let i = 0; i < 2; i++) expect((await playback(contactId)).status).toBe(200);
    expect((await playback(contactId, other)).status).toBe(200);
    const limited = await playback(contactId);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: expect.stringContaining('3 requests per 60 seconds'), route: '/media-playback/v1/contacts' });
    expect(limited.headers.get('retry-after')).toBeNull();
    expect((await t.control('GET', '/_sim/media-playback')).body).toMatchObject({ limit: 3, used: 3 });
    await t.control('POST', '/_sim/media-playback', { retryAfter: true });
    expect(Number((await playback(contactId)).headers.get('retry-after'))).toBeGreaterThan(0);
    await t.control('POST', '/_sim/clock', { advanceSeconds: 61 });
    expect((await playback(contactId, other)).status).toBe(200);
    // The default is the documented 150 per 5 minutes.
    await t.reset();
    expect((await t.control('GET', '/_sim/media-playback')).body).toMatchObject({ limit: 150, windowSeconds: 300, licensed: true });
  });

  it('includes sentiments only for a role that may view them', async () => {
    const { contactId } = recorded[0] as (typeof recorded)[number];
    expect((await playback(contactId)).body.interactions[0].data.sentiments).toEqual([]);
    const admin = await t.token(t.sim.connect.overPrivileged);
    expect((await playback(contactId, admin)).body.interactions[0].data.sentiments).toEqual([
      {
        channel: 'CUSTOMER',
        overallSentiment: expect.stringMatching(/^(POSITIVE|NEGATIVE|MIXED|NEUTRAL)$/),
        segmentStartTime: expect.any(String),
      },
    ]);
  });

  it('refuses every call of an unlicensed tenant with 403', async () => {
    await t.control('POST', '/_sim/media-playback', { licensed: false });
    expect(await playback((recorded[0] as (typeof recorded)[number]).contactId)).toMatchObject({
      status: 403,
      body: { internalCode: 'NotLicensed' },
    });
  });
});

describe('data extraction', () => {
  it('runs a recording-interaction-metadata job to a short-lived CSV link', async () => {
    const start = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date().toISOString().slice(0, 10);
    const job = { entityName: 'recording-interaction-metadata', version: '7', startDate: start, endDate: end };
    const submitted = await t.api('/data-extraction/v1/jobs', { method: 'POST', body: job });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.api('/data-extraction/v1/jobs', { method: 'POST', body: job })).status).toBe(429);
    const running = await t.api(`/data-extraction/v1/jobs/${submitted.body}`);
    expect(running.body.jobStatus).toMatchObject({ id: submitted.body, status: 'RUNNING', result: { url: null } });
    const done = await t.api(`/data-extraction/v1/jobs/${submitted.body}`);
    expect(done.body.jobStatus.status).toBe('SUCCEEDED');
    const csv = await (await fetch(done.body.jobStatus.result.url)).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('ACD Call ID,Start Date,Voice Recording Status,Agent 1 Skills');
    expect(lines.length).toBeGreaterThan(10);
    expect((await t.api('/data-extraction/v1/jobs')).body.jobs).toEqual([{ id: submitted.body, status: 'SUCCEEDED' }]);
    await t.control('POST', '/_sim/clock', { advanceSeconds: 31 });
    expect((await fetch(done.body.jobStatus.result.url)).status).toBe(403);
  });

  it('needs Extract interaction metadata', async () => {
    const token = await t.token(await t.employeeWith(['ACD: View']));
    const res = await t.api('/data-extraction/v1/jobs', { token });
    expect(res.body).toMatchObject({ status: 403, error: 'Forbidden', path: '/data-extraction/v1/jobs' });
  });
});
