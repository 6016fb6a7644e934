// NICE CXone credential verdicts against the simulator: each way an access key can be wrong gets its own
// clear message, blocks the connection, and costs exactly one token request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../src/connections/service.ts';
import type { RunningNiceCxoneSimulator } from '../../src/simulators/index.ts';
import { niceCxoneHarness, simJson, statsOf } from '../harness/platforms.ts';
import { connectTo } from '../harness/sync-harness.ts';

interface Employee {
  agentId: string;
  accessKeyId: string;
  accessKeySecret: string;
  clientId: string;
  clientSecret: string;
}

describe('NICE CXone credential verdicts', () => {
  let sim: RunningNiceCxoneSimulator;
  beforeAll(async () => {
    sim = await niceCxoneHarness.start({ sizes: { users: 5, queues: 2, conversations: 10, days: 1 } });
  });
  afterAll(() => sim.close());

  const employee = async () => {
    const { leastPrivilege } = await simJson<{ leastPrivilege: string[] }>(sim, '/_sim/permissions');
    return simJson<Employee>(sim, '/_sim/employees', { firstName: 'Svc', lastName: 'Reader', permissions: leastPrivilege });
  };
  const settingsFor = (e: Employee, businessUnit = sim.connect.businessUnit) => {
    const base = niceCxoneHarness.credentials(sim);
    return {
      settings: { ...base.settings, businessUnit, accessKeyId: e.accessKeyId, clientId: e.clientId },
      secrets: { accessKeySecret: e.accessKeySecret, clientSecret: e.clientSecret },
    };
  };
  const verdictOf = async (name: string, creds: ReturnType<typeof settingsFor>) => {
    const conn = await connectTo('sqlite', 'nice-cxone', creds, name);
    try {
      const before = await statsOf(sim);
      const verdict = await testConnection(conn.svc, conn.name);
      const after = await statsOf(sim);
      return { verdict, status: (await conn.connection()).status, tokenRequests: after.tokenRequests - before.tokenRequests };
    } finally {
      await conn.cleanup();
    }
  };

  it('reports the dedicated employee behind a working key', async () => {
    const { verdict, status } = await verdictOf('ok', settingsFor(await employee()));
    expect(verdict.ok).toBe(true);
    expect(verdict.verdict).toMatch(/Svc Reader/);
    expect(status).toBe('ok');
  });

  it('says the employee is deactivated', async () => {
    const e = await employee();
    await simJson(sim, `/_sim/employees/${e.agentId}/deactivate`, {});
    const { verdict, status, tokenRequests } = await verdictOf('deactivated', settingsFor(e));
    expect(verdict.ok).toBe(false);
    expect(verdict.verdict).toMatch(/deactivated/i);
    expect(status).toBe('auth_failed');
    expect(tokenRequests).toBe(1);
  });

  it('says the access key is inactive once revoked', async () => {
    const e = await employee();
    await simJson(sim, `/_sim/access-keys/${encodeURIComponent(e.accessKeyId)}/revoke`, {});
    const { verdict, status, tokenRequests } = await verdictOf('revoked', settingsFor(e));
    expect(verdict.verdict).toMatch(/inactive/i);
    expect(status).toBe('auth_failed');
    expect(tokenRequests).toBe(1);
  });

  it('names both business units when the key belongs to another one', async () => {
    const { verdict, status } = await verdictOf('wrong-bu', settingsFor(await employee(), '4600999'));
    expect(verdict.ok).toBe(false);
    expect(verdict.verdict).toMatch(/4600123/);
    expect(verdict.verdict).toMatch(/4600999/);
    expect(status).toBe('auth_failed');
  });
});
