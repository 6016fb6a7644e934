// Hostile XML served by the simulator's fault injection (XXE to a file and to a loopback URL, billion
// laughs, an endless body) is refused with a clear error, in bounded memory, and nothing is read from
// the file or fetched from the URL; the stream fails without marking anything deleted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectTo, syncNow, type TestConnection } from '../harness/sync-harness.ts';
import { control, finesseSettings, startFinesse, type FinesseSim } from './cisco-finesse-sim.ts';

describe('Cisco Finesse hostile payloads', () => {
  let sim: FinesseSim;
  let conn: TestConnection;
  beforeAll(async () => {
    sim = await startFinesse();
    conn = await connectTo('sqlite', 'cisco-finesse', finesseSettings(sim, sim.connect.admin, { mode: 'admin' }), 'hostile');
    // A first, clean pass: later failed passes must leave these records alone.
    expect((await syncNow(conn)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await conn.cleanup();
    await sim.close();
  });
  beforeEach(async () => {
    await fetch(`${sim.connect.primaryUrl}/_sim/hostile`, { method: 'DELETE' });
  });

  const agentsAfter = async (kind: string, extra: Record<string, unknown> = {}) => {
    await control(sim, '/_sim/hostile', { kind, path: '/finesse/api/Users', ...extra });
    const before = process.memoryUsage().rss;
    const summary = await syncNow(conn, {}, { streams: ['agents'] });
    const grew = process.memoryUsage().rss - before;
    const row = await conn.connection();
    const live = await conn.svc.store.records.count(row.id, 'agent');
    const served = await control<{ served: Record<string, number> }>(sim, '/_sim/hostile');
    return { result: summary.streams[0], grew, live, served: served.served[kind] };
  };

  it('refuses an XXE payload (file:///etc/passwd, http://127.0.0.1:1/) before parsing', async () => {
    const { result, live, served } = await agentsAfter('xxe');
    expect(served).toBe(1);
    expect(result?.status).toBe('failed');
    expect(result?.reason).toMatch(/GET \/finesse\/api\/Users: XML with a DOCTYPE declaration refused/);
    expect(result?.reason).not.toMatch(/root:/);
    expect(live).toBeGreaterThan(10);
  });

  it('refuses billion laughs at once', async () => {
    const started = performance.now();
    const { result, grew } = await agentsAfter('billion-laughs');
    expect(result?.reason).toMatch(/DOCTYPE declaration refused/);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(grew).toBeLessThan(100 * 1024 * 1024);
  });

  it('stops reading a body larger than 8 MiB', async () => {
    const { result, grew, live } = await agentsAfter('huge', { bytes: 64 * 1024 * 1024 });
    expect(result?.status).toBe('failed');
    expect(result?.reason).toMatch(/larger than 8388608 bytes/);
    expect(grew).toBeLessThan(200 * 1024 * 1024);
    expect(live).toBeGreaterThan(10);
  });
});
