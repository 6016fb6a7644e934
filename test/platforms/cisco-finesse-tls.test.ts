// Finesse nodes present self-signed certificates (reference §2): the CA file is trusted, an untrusted
// certificate is a clear error that says what to do (and no password is sent), --insecure-tls is the
// operator's explicit way out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedLogins, finesseSettings, startFinesse, verdictOf, type FinesseSim } from './cisco-finesse-sim.ts';

describe('Cisco Finesse over HTTPS', () => {
  let sim: FinesseSim;
  beforeAll(async () => {
    sim = await startFinesse({ scheme: 'https' });
  });
  afterAll(() => sim.close());

  it('trusts the CA file', async () => {
    const { verdict } = await verdictOf(finesseSettings(sim, sim.connect.leastPrivilege), 'ca');
    expect(verdict.ok, verdict.verdict).toBe(true);
  });

  it('refuses an untrusted certificate with what to do about it, before any password is sent', async () => {
    const creds = finesseSettings(sim, sim.connect.leastPrivilege);
    delete creds.settings.caCertificate;
    const { verdict } = await verdictOf(creds, 'untrusted');
    expect(verdict.ok).toBe(false);
    expect(verdict.verdict).toMatch(new RegExp(`TLS certificate of ${sim.connect.host} is not trusted .*--ca-file.*--insecure-tls`));
    expect(await failedLogins(sim)).toBe(0);
  });

  it('accepts any certificate with --insecure-tls', async () => {
    const creds = finesseSettings(sim, sim.connect.leastPrivilege, { insecureTls: 'true' });
    delete creds.settings.caCertificate;
    const { verdict } = await verdictOf(creds, 'insecure');
    expect(verdict.ok, verdict.verdict).toBe(true);
  });
});
