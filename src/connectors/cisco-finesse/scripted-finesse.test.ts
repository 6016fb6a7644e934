// Team mode, `connections test` and the lockout guard against a scripted Finesse, for what the simulator
// does not model: a Finesse before 12.5 (no TeamResource), SSO deployments, and a server that answers a
// wrong password with ApiErrors XML instead of its HTML page. Through the real engine session and client.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialRejectedError, MissingPermissionError } from '../../engine/errors.ts';
import { startTestServer, type SeenRequest, type TestServer } from '../../engine/http-test-server.ts';
import { openSession } from '../../engine/session.ts';
import type { StreamBatch, StreamDefinition, VerifyReport } from '../connector.ts';
import { ciscoFinesse } from './index.ts';
import { verifyFinesse } from './verify.ts';
import { agents } from './streams/agents.ts';
import { reasonCodes } from './streams/reason-codes.ts';
import { teams } from './streams/teams.ts';
import { wrapUpCodes } from './streams/wrapup-codes.ts';

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const apiError = (type: string, message = '', data = '') =>
  `${DECL}<ApiErrors><ApiError><ErrorType>${type}</ErrorType><ErrorData>${data}</ErrorData><ErrorMessage>${message}</ErrorMessage></ApiError></ApiErrors>`;
const systemInfo = (authMode = 'NON_SSO') =>
  `${DECL}<SystemInfo><deploymentType>UCCX</deploymentType><status>IN_SERVICE</status><systemAuthMode>${authMode}</systemAuthMode><primaryNode><host>127.0.0.1</host></primaryNode></SystemInfo>`;

const SUPERVISOR = `${DECL}<User><uri>/finesse/api/User/sup1</uri><roles><role>Agent</role><role>Supervisor</role></roles>
<loginId>sup1</loginId><loginName>sup1</loginName><firstName>Sue</firstName><lastName>Pervisor</lastName><teamId>1</teamId><teamName>Sales</teamName>
<teams><Team><uri>/finesse/api/Team/2</uri><id>2</id><name>Support</name></Team></teams></User>`;

const code = (id: string, category: string, forAll: boolean, system = false) =>
  `<ReasonCode><uri>/finesse/api/ReasonCode/${id}</uri><category>${category}</category><code>${id}0</code><label>Code ${id}</label><forAll>${forAll}</forAll><systemCode>${system}</systemCode><id>${id}</id></ReasonCode>`;

type Route = { status: number; body: string; type?: string };
type Routes = Record<string, Route | ((req: SeenRequest) => Route)>;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A Finesse answering `routes` by path (with the query string when one is listed with it). */
async function fakeFinesse(routes: Routes): Promise<TestServer> {
  server = await startTestServer((req, res: ServerResponse) => {
    const path = req.url.replace(/^\/finesse\/api\//, '');
    const found = routes[path] ?? routes[path.replace(/\?.*$/, '')];
    const route = typeof found === 'function' ? found(req) : (found ?? { status: 404, body: apiError('Not Found', `No API at ${path}`) });
    res.writeHead(route.status, { 'content-type': route.type ?? 'application/xml' });
    res.end(route.body);
  });
  return server;
}

function settingsFor(srv: TestServer, extra: Record<string, string> = {}): Record<string, string> {
  const { port } = new URL(srv.url);
  return { host: '127.0.0.1', port, scheme: 'http', username: 'sup1', requestsPerMinute: '0', ...extra };
}

const open = (settings: Record<string, string>) =>
  openSession(ciscoFinesse, { settings, secrets: { password: 'pw' } }, { signal: new AbortController().signal });

async function read(stream: StreamDefinition, settings: Record<string, string>): Promise<StreamBatch[]> {
  const session = open(settings);
  const batches: StreamBatch[] = [];
  try {
    const ctx = {
      ...session,
      cursor: null,
      options: { full: false, media: false, backfillDays: 1 },
      runStartedAt: new Date(),
      storeBlob: () => Promise.reject(new Error('no media')),
      pendingParents: async function* () {},
    };
    for await (const batch of stream.read(ctx)) batches.push(batch);
    return batches;
  } finally {
    await session.close();
  }
}

/** A Finesse in service where sup1 may read its own User. */
const supervisorOn = (): Routes => ({ SystemInfo: { status: 200, body: systemInfo() }, 'User/sup1': { status: 200, body: SUPERVISOR } });

const authenticated = (srv: TestServer) => srv.requests.filter((r) => r.headers.authorization !== undefined);
const ids = (batches: StreamBatch[]) => batches.flatMap((b) => b.records.map((r) => r.record.externalId));

describe('team mode on a Finesse before 12.5 (no TeamResource)', () => {
  const routes: Routes = {
    SystemInfo: { status: 200, body: systemInfo() },
    'User/sup1': { status: 200, body: SUPERVISOR },
    'User/sup1/ReasonCodes?category=NOT_READY': {
      status: 200,
      body: `<ReasonCodes category="NOT_READY">${code('30', 'NOT_READY', true)}${code('7', 'NOT_READY', false)}</ReasonCodes>`,
    },
    'User/sup1/ReasonCodes?category=LOGOUT': {
      status: 200,
      body: `<ReasonCodes category="LOGOUT">${code('41', 'LOGOUT', true, true)}</ReasonCodes>`,
    },
    'User/sup1/WrapUpReasons': {
      status: 200,
      body: '<WrapUpReasons><WrapUpReason><uri>/finesse/api/WrapUpReason/5</uri><label>Sale</label><forAll>false</forAll></WrapUpReason></WrapUpReasons>',
    },
  };

  it('falls back to the user-scoped lists: global codes and its own team`s, the other teams named', async () => {
    const srv = await fakeFinesse(routes);
    const [batch] = await read(reasonCodes, settingsFor(srv));
    expect(batch?.records.map((r) => r.record)).toMatchObject([
      { externalId: '30', teamIds: [] },
      { externalId: '7', teamIds: ['1'] },
      { externalId: '41', teamIds: [], isSystem: true, category: 'logout' },
    ]);
    expect(batch?.scope).toBe(
      'team mode: team 1 (Sales) as seen by sup1; team 2 (Support) not readable before Finesse 12.5 (no TeamResource API)',
    );
    // One TeamResource probe told it apart from a missing team; no other team was tried.
    expect(srv.requests.filter((r) => r.url.includes('TeamResource'))).toHaveLength(1);
  });

  it('keeps only the global codes when --team-id leaves its own team out', async () => {
    const srv = await fakeFinesse(routes);
    const [batch] = await read(wrapUpCodes, settingsFor(srv, { teamIds: '2' }));
    expect(batch?.records).toEqual([]);
    expect(batch?.scope).toMatch(/global codes only as seen by sup1; team 2 \(Support\) not readable before Finesse 12.5/);
  });
});

describe('team mode with TeamResource', () => {
  it('reads the teams it belongs to, names the ones it may not read or that do not exist, and fails none', async () => {
    const srv = await fakeFinesse({
      ...supervisorOn(),
      'TeamResource/1/ReasonCodes?category=NOT_READY': {
        status: 200,
        body: `<ReasonCodes>${code('30', 'NOT_READY', true)}${code('7', 'NOT_READY', false)}</ReasonCodes>`,
      },
      'TeamResource/1/ReasonCodes?category=LOGOUT': { status: 200, body: '<ReasonCodes/>' },
      'TeamResource/2/ReasonCodes': { status: 401, body: apiError('Authorization Failure', 'UNAUTHORIZED', 'sup1') },
      'TeamResource/3/ReasonCodes': { status: 404, body: apiError('TeamId Not Found', 'The team id specified does not exist', '3') },
    });
    const [batch] = await read(reasonCodes, settingsFor(srv, { teamIds: '1,2,3' }));
    expect(ids([batch!])).toEqual(['30', '7']);
    expect(batch?.scope).toBe('team mode: team 1 (Sales) as seen by sup1; team 2 (Support) not readable; team 3 not found');
  });

  it('skips the stream (never an empty pass that would delete everything) when no team is readable', async () => {
    const srv = await fakeFinesse({
      ...supervisorOn(),
      'TeamResource/1/WrapUpReasons': { status: 401, body: apiError('Invalid Authorization User Specified', 'no', 'sup1') },
      'TeamResource/2/WrapUpReasons': { status: 401, body: apiError('Authorization Failure', 'UNAUTHORIZED', 'sup1') },
    });
    const error = await read(wrapUpCodes, settingsFor(srv)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingPermissionError);
    expect((error as MissingPermissionError).permissions).toEqual(['team-member']);
    expect((error as MissingPermissionError).platformMessage).toMatch(/teams 1 \(Sales\), 2 \(Support\) not readable/);
  });

  it('lists the members of supervised teams only, and itself', async () => {
    const srv = await fakeFinesse({
      ...supervisorOn(),
      'Team/2': {
        status: 200,
        body: '<Team><uri>/finesse/api/Team/2</uri><id>2</id><name>Support</name><users><User><loginId>a7</loginId><firstName>Al</firstName><lastName>Seven</lastName></User></users></Team>',
      },
    });
    const [batch] = await read(agents, settingsFor(srv));
    expect(batch?.records.map((r) => r.record)).toMatchObject([
      { externalId: 'sup1', name: 'Sue Pervisor', teamId: '1' },
      { externalId: 'a7', name: 'Al Seven', teamId: '2' },
    ]);
    expect(batch?.scope).toBe('team mode: team 2 (Support) as seen by sup1; team 1 (Sales) not supervised: members not listed');
    expect(srv.requests.some((r) => r.url.endsWith('/Team/1'))).toBe(false);
  });
});

describe('lockout safety', () => {
  it('sends nothing with credentials in team mode when Finesse runs in SSO mode', async () => {
    const srv = await fakeFinesse({ SystemInfo: { status: 200, body: systemInfo('SSO') } });
    await expect(read(teams, settingsFor(srv))).rejects.toThrow(/SSO mode.*team mode sends nothing/);
    expect(authenticated(srv)).toHaveLength(0);
  });

  it('stops after one request when Finesse refuses the account its own User', async () => {
    const srv = await fakeFinesse({
      SystemInfo: { status: 200, body: systemInfo() },
      'User/sup1': {
        status: 401,
        body: apiError(
          'Invalid Authorization User Specified',
          "The user specified in the authentication credentials and the uri don't match",
          'sup1',
        ),
      },
    });
    await expect(read(teams, settingsFor(srv))).rejects.toThrow(CredentialRejectedError);
    expect(authenticated(srv)).toHaveLength(1);
  });

  it('in admin mode, a 401 ApiErrors is believed only once the account read its own User', async () => {
    // A server that answers a wrong password with ApiErrors XML rather than the HTML page.
    const srv = await fakeFinesse({
      SystemInfo: { status: 200, body: systemInfo() },
      Users: { status: 401, body: apiError('Authorization Failure', 'UNAUTHORIZED', 'sup1') },
      'User/sup1': { status: 401, body: apiError('Authorization Failure', 'UNAUTHORIZED', 'sup1') },
    });
    await expect(read(agents, settingsFor(srv, { mode: 'admin' }))).rejects.toThrow(CredentialRejectedError);
    expect(authenticated(srv).map((r) => r.url)).toEqual(['/finesse/api/Users', '/finesse/api/User/sup1']);
  });

  it('in admin mode, a real role refusal is reported as "not an administrator"', async () => {
    const srv = await fakeFinesse({
      SystemInfo: { status: 200, body: systemInfo() },
      Teams: { status: 401, body: apiError('Authorization Failure', 'UNAUTHORIZED', 'sup1') },
      'User/sup1': { status: 200, body: SUPERVISOR },
    });
    const error = await read(teams, settingsFor(srv, { mode: 'admin' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingPermissionError);
    expect((error as MissingPermissionError).message).toMatch(/administrator: this account is not an administrator/);
  });

  it('never sends a second request after the HTML 401 of a wrong password', async () => {
    const srv = await fakeFinesse({
      SystemInfo: { status: 200, body: systemInfo() },
      'User/sup1': {
        status: 401,
        type: 'text/html',
        body: '<!-- custom Cisco error page --><html><head><title>Cisco System - Error report</title></head></html>',
      },
    });
    await expect(read(reasonCodes, settingsFor(srv))).rejects.toThrow(/user name or password/);
    expect(authenticated(srv)).toHaveLength(1);
  });
});

describe('connections test', () => {
  async function verify(settings: Record<string, string>): Promise<VerifyReport> {
    const session = open(settings);
    try {
      return await verifyFinesse(session);
    } finally {
      await session.close();
    }
  }

  it('reads SystemInfo without credentials first, then proves the password with one call', async () => {
    const srv = await fakeFinesse({
      ...supervisorOn(),
    });
    const report = await verify(settingsFor(srv));
    expect(srv.requests.slice(0, 3).map((r) => [r.url.replace(/\?.*$/, ''), r.headers.authorization !== undefined])).toEqual([
      ['/finesse/api/SystemInfo', false],
      ['/finesse/api/User/sup1', true],
      ['/finesse/api/TeamResource/1/ReasonCodes', true],
    ]);
    // Before 12.5: one probe tells TeamResource is missing; the user-scoped lists still serve its own team.
    expect(report.ok).toBe(true);
    expect(report.summary).toMatch(/no TeamResource API \(before 12.5\): only the global codes and those of its own team 1 \(Sales\)/);
    expect(report.details).toMatchObject({
      deploymentType: 'UCCX',
      readingFrom: '127.0.0.1 (primary)',
      teamResource: false,
      roles: 'Agent, Supervisor',
    });
  });

  it('stops at the one call when the password is wrong', async () => {
    const srv = await fakeFinesse({
      SystemInfo: { status: 200, body: systemInfo() },
      Teams: { status: 401, type: 'text/html', body: '<html><head><title>Cisco System - Error report</title></head></html>' },
    });
    await expect(verify(settingsFor(srv, { mode: 'admin' }))).rejects.toThrow(CredentialRejectedError);
    expect(authenticated(srv)).toHaveLength(1);
  });
});
