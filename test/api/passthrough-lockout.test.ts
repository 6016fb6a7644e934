// A Finesse administrator's wrong password through the passthrough costs exactly one failed login, as it
// does through a sync: however many apps ask at once, the engine's guard sends one request, the first 401
// blocks the connection, and every later request is answered without contacting Finesse until an
// operator changes the credentials. The shared admin account is never locked out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateConnection } from '../../src/connections/service.ts';
import { dialects } from '../harness/databases.ts';
import { simJson } from '../harness/platforms.ts';
import { openPassthroughFixture, type PassthroughFixture } from './passthrough-fixture.ts';

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe.each(dialects)('Finesse lockout through the passthrough (%s)', (dialect) => {
  let fx: PassthroughFixture;
  beforeAll(async () => {
    fx = await openPassthroughFixture(dialect);
  });
  afterAll(() => fx?.close());

  it('spends one failed login, blocks the connection, and sends nothing more until the password changes', async () => {
    const { admin } = fx.sims.finesse.connect;
    const conn = await fx.connection('fin-admin', 'cisco-finesse', fx.finesseAs({ ...admin, password: 'not-the-password' }, 'admin'));
    const key = await fx.key(['passthrough:read']);
    const url = `/v1/connections/${conn.id}/passthrough/finesse/api/ReasonCodes?category=ALL`;
    const before = await fx.finesseFailedLogins();

    // Four apps at once: one request reaches Finesse with the wrong password, the others never do.
    const answers = await Promise.all(Array.from({ length: 4 }, () => fx.get(url, key)));
    const codes = await Promise.all(answers.map(codeOf));
    expect(codes).toContain('platform_credentials_rejected');
    expect(codes.every((c) => c === 'platform_credentials_rejected' || c === 'connection_blocked')).toBe(true);
    expect(await fx.finesseFailedLogins()).toBe(before + 1);
    expect(await fx.test.store.connections.get(conn.id)).toMatchObject({ status: 'auth_failed' });

    const later = await fx.get(url, key);
    expect([later.status, await codeOf(later)]).toEqual([409, 'connection_blocked']);
    expect(await fx.finesseFailedLogins()).toBe(before + 1);
    const account = await simJson<{ families: Record<string, { lockedUntil: string | null }> }>(
      fx.sims.finesse,
      `/_sim/lockout/${admin.username}`,
    );
    expect(Object.values(account.families).every((f) => f.lockedUntil === null)).toBe(true);

    // The operator fixes the password: the next request goes through with it, and nothing failed again.
    const svc = { store: fx.test.store, masterKey: Buffer.alloc(32, 9), dataDir: fx.test.dataDir };
    await updateConnection(svc, conn.name, { settings: {}, secrets: { password: admin.password } });
    const fixed = await fx.get(url, key);
    expect(fixed.status).toBe(200);
    expect(await fixed.text()).toContain('<ReasonCodes');
    expect(await fx.finesseFailedLogins()).toBe(before + 1);
  });
});
