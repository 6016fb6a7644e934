import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, openTestStore, type TestStore } from '../../test/harness/databases.ts';
import { ConnectionBusyError, createLockoutGuard, serialUnderGuard, type LockoutGuardOptions } from './account-lockout.ts';
import { createBasicAuth } from './basic-auth.ts';
import { CredentialRejectedError } from './errors.ts';
import { createHttpClient } from './http-client.ts';
import { sendJson, startTestServer, type TestServer } from './http-test-server.ts';

describe.each(dialects)('account lockout guard (%s)', (dialect) => {
  let t: TestStore;
  let server: TestServer | undefined;
  let connectionId: string;
  beforeEach(async () => {
    t = await openTestStore(dialect);
    connectionId = (await t.store.connections.create({ name: 'finesse', platform: 'demo', settings: {}, secretsCiphertext: 'v1:x' })).id;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await t.cleanup();
  });

  const options = (extra: Partial<LockoutGuardOptions> = {}): LockoutGuardOptions => ({
    store: t.store.connections,
    connectionId,
    credentialVersion: 1,
    pollMs: 10,
    ...extra,
  });

  /** A client for one session, as openSession builds it for a connector with accountLockout. */
  function session(password: string, extra: Partial<LockoutGuardOptions> = {}) {
    if (!server) throw new Error('no server');
    const client = createHttpClient({ baseUrl: server.url, platform: { requestsPerMinute: 0 }, auth: createBasicAuth('admin', password) });
    return serialUnderGuard(client, createLockoutGuard(options(extra)));
  }

  it('lets one session at a time hold the connection; the next one gets it when the first lets go', async () => {
    const first = createLockoutGuard(options());
    const second = createLockoutGuard(options({ maxWaitMs: 5_000 }));
    await first.hold();
    let secondHolds = false;
    const waiting = second.hold().then(() => (secondHolds = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(secondHolds).toBe(false);
    await first.release();
    await waiting;
    expect(secondHolds).toBe(true);
    await second.release();
  });

  it('gives up waiting with a clear error, and takes over a lease whose holder crashed', async () => {
    // A worker that took the lease and died: nothing renews or releases it.
    const now = new Date();
    const crashed = { connectionId, holder: 'crashed-worker', credentialVersion: 1, ignoreBlock: false, now };
    expect(await t.store.connections.acquireAuthLease({ ...crashed, until: new Date(now.getTime() + 400) })).toEqual({ acquired: true });
    await expect(createLockoutGuard(options({ maxWaitMs: 50 })).hold()).rejects.toBeInstanceOf(ConnectionBusyError);
    const next = createLockoutGuard(options({ maxWaitMs: 5_000 }));
    await next.hold();
    expect(Date.now() - now.getTime()).toBeGreaterThanOrEqual(400);
    await next.release();
  });

  it('refuses a blocked connection without sending, except to an explicit test; new credentials start afresh', async () => {
    await t.store.connections.setStatus(connectionId, 'auth_failed', 'HTTP 401', 1);
    await expect(createLockoutGuard(options()).hold()).rejects.toThrow('credentials rejected by the platform: HTTP 401');
    const test = createLockoutGuard(options({ ignoreBlock: true }));
    await test.hold();
    await test.release();
    await t.store.connections.updateCredentials(connectionId, { secretsCiphertext: 'v1:y' });
    await expect(createLockoutGuard(options()).hold()).rejects.toThrow(/credentials changed while this session ran/);
    const renewed = createLockoutGuard(options({ credentialVersion: 2 }));
    await renewed.hold();
    await renewed.release();
  });

  it('sends one request at a time, and a wrong password costs exactly one failed login across sessions', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server = await startTestServer(async (req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      if (req.headers.authorization === `Basic ${Buffer.from('admin:right').toString('base64')}`) return sendJson(res, 200, {});
      res.writeHead(401, { 'www-authenticate': 'Basic realm="x"', 'content-type': 'text/html' }).end('<html>Error report</html>');
    });

    const good = session('right');
    await Promise.all([good.getJson('/a'), good.getJson('/b'), good.getJson('/c')]);
    await good.close();
    expect(maxInFlight).toBe(1);

    // Three sessions (as three workers would open them) with a wrong password, all at once.
    const sessions = [session('wrong'), session('wrong'), session('wrong')];
    const outcomes = await Promise.allSettled(sessions.flatMap((s) => [s.getJson('/x'), s.getJson('/y')]));
    await Promise.all(sessions.map((s) => s.close()));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof CredentialRejectedError)).toBe(true);
    const failed = server.requests.filter((r) => r.headers.authorization !== `Basic ${Buffer.from('admin:right').toString('base64')}`);
    expect(failed).toHaveLength(1);
    expect(await t.store.connections.get(connectionId)).toMatchObject({ status: 'auth_failed', statusReason: 'HTTP 401' });
  });
});
