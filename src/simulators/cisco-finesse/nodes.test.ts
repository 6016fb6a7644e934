import { readFile } from 'node:fs/promises';
import { fetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API, list, startTestClient, type TestClient } from './test-client.ts';

let uccx: TestClient;
let ucce: TestClient;
beforeAll(async () => {
  [uccx, ucce] = await Promise.all([startTestClient(), startTestClient({ deployment: 'ucce' })]);
});
afterAll(async () => {
  await Promise.all([uccx.close(), ucce.close()]);
});
beforeEach(async () => {
  await Promise.all([uccx.control('POST', '/_sim/reset'), ucce.control('POST', '/_sim/reset')]);
});

describe('HTTPS', () => {
  it('serves both nodes with a self-signed certificate a client trusts through the CA it is given', async () => {
    const { connect, connection } = uccx.sim;
    expect(connect).toMatchObject({ scheme: 'https', host: '127.0.0.1', secondaryHost: '127.0.0.2', secondaryPort: connect.port });
    expect(connect.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(await readFile(connect.caFile as string, 'utf8')).toBe(connect.caPem);
    expect(connection.settings).toEqual({
      host: '127.0.0.1',
      secondaryHost: '127.0.0.2',
      port: String(connect.port),
      scheme: 'https',
      username: connect.leastPrivilege.username,
      mode: 'team',
      caCertificate: connect.caPem,
      requestsPerMinute: '0',
    });
    expect(connection.secrets).toEqual({ password: connect.leastPrivilege.password });
    expect(uccx.sim.connectHelp).toContain(
      `--port ${connect.port} --username ${connect.leastPrivilege.username} --mode team --ca-file ${connect.caFile}`,
    );
    for (const node of ['primary', 'secondary'] as const)
      expect((await uccx.api(`${API}/SystemInfo`, { node, as: null })).status).toBe(200);
    // Without the CA the certificate is refused.
    await expect(fetch(`${connect.primaryUrl}${API}/SystemInfo`)).rejects.toThrow();
  });
});

describe('node roles', () => {
  it('UCCE: the secondary refuses configuration APIs with 403 and serves the desktop ones', async () => {
    const sup = ucce.sim.connect.leastPrivilege;
    const refused = await ucce.api(`${API}/ReasonCodes?category=ALL`, { node: 'secondary' });
    expect(refused.status).toBe(403);
    expect(refused.body.ApiErrors.ApiError.ErrorType).toBe('Forbidden');
    expect((await ucce.api(`${API}/ReasonCodes?category=ALL`)).status).toBe(200);
    expect((await ucce.api(`${API}/User/${sup.loginId}`, { as: sup, node: 'secondary' })).status).toBe(200);
    const info = (await ucce.api(`${API}/SystemInfo`, { as: null, node: 'secondary' })).body.SystemInfo;
    expect(info).toMatchObject({ deploymentType: 'UCCE', primaryNode: { host: '127.0.0.1' }, secondaryNode: { host: '127.0.0.2' } });
    expect((await ucce.control('GET', '/_sim/nodes')).body).toMatchObject({ primary: { requests: 1 }, secondary: { requests: 3 } });
  });

  it('UCCX: the secondary serves GETs and refuses writes; the simulator serves reads only', async () => {
    expect((await uccx.api(`${API}/ReasonCodes?category=ALL`, { node: 'secondary' })).status).toBe(200);
    expect((await uccx.api(`${API}/WrapUpReasons`, { node: 'secondary', method: 'POST' })).status).toBe(403);
    expect((await uccx.api(`${API}/WrapUpReasons`, { method: 'POST' })).status).toBe(405);
    expect((await uccx.api(`${API}/Nothing`)).status).toBe(404);
  });
});

describe('UCCE flavour', () => {
  it('uses numeric login ids, finds users by login name, and allows codes up to 65535', async () => {
    const sup = ucce.sim.connect.leastPrivilege;
    expect(sup.loginId).toMatch(/^\d+$/);
    const byName = await ucce.api(`${API}/User/${sup.loginName}`, { as: sup });
    expect(byName.body.User).toMatchObject({ loginId: sup.loginId, loginName: sup.loginName, skillTargetId: expect.any(String) });
    expect((await ucce.api(`${API}/User/${sup.loginName}`, { as: { username: sup.loginName, password: sup.password } })).status).toBe(200);
    expect((await uccx.api(`${API}/User/nobody`)).body.ApiErrors.ApiError.ErrorType).toBe('User Not Found');
    const created = await ucce.control('POST', '/_sim/reason-codes', {
      category: 'NOT_READY',
      code: 40_000,
      label: 'Deep Work',
      forAll: true,
    });
    expect(created.status).toBe(201);
    expect(
      (await uccx.control('POST', '/_sim/reason-codes', { category: 'NOT_READY', code: 40_000, label: 'Deep Work' })).body.error,
    ).toMatch(/1-999 on UCCX/);
    const codes = list((await ucce.api(`${API}/ReasonCodes?category=NOT_READY`)).body.ReasonCodes.ReasonCode);
    expect(codes.find((c) => c.id === created.body.id)).toMatchObject({ code: '40000', systemCode: 'false' });
  });
});

/** The error code of the first failing request: the listener closes just after answering the switch. */
async function refusal(url: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await (await fetch(url, { dispatcher: uccx.dispatcher })).text();
    } catch (err) {
      return ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

describe('out of service and down nodes', () => {
  it('answers every API with 503 SERVER_OUT_OF_SERVICE, SystemInfo excepted, which reports it', async () => {
    await uccx.control('POST', '/_sim/deployment', { status: 'OUT_OF_SERVICE' });
    for (const node of ['primary', 'secondary'] as const) {
      const res = await uccx.api(`${API}/Teams`, { node });
      expect(res.status).toBe(503);
      expect(res.body.ApiErrors.ApiError).toMatchObject({ ErrorType: 'Service Unavailable', ErrorMessage: 'SERVER_OUT_OF_SERVICE' });
      expect((await uccx.api(`${API}/SystemInfo`, { node, as: null })).body.SystemInfo.status).toBe('OUT_OF_SERVICE');
    }
    // Out of service is answered before authentication: no lockout count.
    await uccx.api(`${API}/Teams`, { as: { username: 'administrator', password: 'wrong' } });
    expect((await uccx.control('GET', '/_sim/lockout')).body.totalFailedAuthentications).toBe(0);
    await uccx.control('POST', '/_sim/deployment', { status: 'IN_SERVICE' });
    expect((await uccx.api(`${API}/Teams`)).status).toBe(200);
  });

  it('takes one node out of service (503) or down (connections refused), and brings it back', async () => {
    await uccx.control('POST', '/_sim/nodes/primary', { status: 'OUT_OF_SERVICE' });
    expect((await uccx.api(`${API}/Teams`)).status).toBe(503);
    expect((await uccx.api(`${API}/Teams`, { node: 'secondary' })).status).toBe(200);

    const down = await uccx.control('POST', '/_sim/nodes/primary', { status: 'DOWN' });
    expect(down.body.primary.status).toBe('DOWN');
    expect(await refusal(`${uccx.sim.connect.primaryUrl}${API}/SystemInfo`)).toBe('ECONNREFUSED');
    expect((await uccx.api(`${API}/Teams`, { node: 'secondary' })).status).toBe(200);
    // The control plane answers on the secondary too; both nodes cannot be down at once.
    const viaSecondary = (path: string, body: unknown) =>
      fetch(`${uccx.sim.connect.secondaryUrl}${path}`, { method: 'POST', body: JSON.stringify(body), dispatcher: uccx.dispatcher });
    expect((await viaSecondary('/_sim/nodes/secondary', { status: 'DOWN' })).status).toBe(400);
    expect((await viaSecondary('/_sim/reset', {})).status).toBe(200);
    expect((await uccx.api(`${API}/Teams`)).status).toBe(200);
    expect((await uccx.control('POST', '/_sim/nodes/tertiary', { status: 'DOWN' })).status).toBe(400);
  });
});
