// Path traversal and encoding tricks sent byte for byte to the listening API (no client in between to
// normalise them): each is refused with 403 and audited, and not one request reaches a platform. Bytes
// that are not HTTP at all (a raw NUL, a space, a request line too long for Node's parser) never reach
// Switchboard: Node's HTTP parser answers them 400 or 431 itself, and a path whose escapes do not decode
// (`%zz`, overlong UTF-8) is answered 400 `invalid_url` by the router before any route runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRow } from '../../src/store/index.ts';
import { dialects } from '../harness/databases.ts';
import { ciscoFinesseHarness, genesysHarness } from '../harness/platforms.ts';
import { openPassthroughFixture, type PassthroughFixture } from './passthrough-fixture.ts';

/** Platform paths (with queries) that must never be forwarded, whatever the platform. */
const GENESYS_CORPUS = [
  '/api/v2/users/../../oauth/clients',
  '/api/v2/users/..',
  '/api/v2/./users',
  '/api/v2/users/%2e%2e/%2e%2e/oauth/clients',
  '/api/v2/users/%2E%2E',
  '/api/v2/users/.%2e/tokens/me',
  '/api/v2/users/%252e%252e/%252e%252e/oauth/clients',
  '/api/v2/users/%25252e%25252e',
  '/api/v2/users/x%2f..%2f..%2foauth%2fclients',
  '/api/v2/users/x%5c..%5c..%5coauth',
  '/api/v2/users\\..\\..\\oauth\\clients',
  '/api/v2/users/%00',
  '/api/v2/users/x%00.json',
  '/api/v2/users/x%0d%0aX-Injected:%201',
  '/api/v2/users/x%3F..%2Foauth',
  '/api/v2/users/x%23',
  '/api/v2/users/..;/oauth/clients',
  '/api/v2/users;x=1',
  '//evil.example/api/v2/users',
  '//127.0.0.1:1/api/v2/users',
  '/api//v2/users',
  '/api/v2/users/',
  '/http://evil.example/api/v2/users',
  '/https:%2f%2fevil.example%2fapi%2fv2%2fusers',
  '',
  '/',
  `/api/v2/users/${'a'.repeat(2100)}`,
  '/api/v2/users?expand=../../oauth/clients',
  '/api/v2/users?expand=%2e%2e%2f%2e%2e%2foauth',
  '/api/v2/users?expand=/api/v2/oauth/clients',
  '/api/v2/users?expand=http://evil.example/',
  '/api/v2/users?expand=x%252e%252e',
  '/api/v2/users?expand=x%00y',
  '/api/v2/users?url=//evil.example',
  '/api/v2/users?pageSize=1?/../oauth/clients',
  '/api/v2/users?expand=x\\y',
];

const FINESSE_CORPUS = [
  '/finesse/api/Team/1/../../EnterpriseDatabaseConfig',
  '/finesse/api/User/%2e%2e/SystemConfig',
  '/finesse/api/Users/..;/ClusterConfig',
  '/finesse/api/Team/1%2f..%2f..%2fLayoutConfig',
  '/finesse/api/ReasonCodes?category=ALL&path=/finesse/api/SystemConfig',
];

describe.each(dialects)('passthrough traversal corpus (%s)', (dialect) => {
  let fx: PassthroughFixture;
  let gen: ConnectionRow, fin: ConnectionRow;
  let key: string;

  beforeAll(async () => {
    fx = await openPassthroughFixture(dialect);
    gen = await fx.connection('gen', 'genesys-cloud', genesysHarness.credentials(fx.sims.genesys));
    fin = await fx.connection('fin', 'cisco-finesse', ciscoFinesseHarness.credentials(fx.sims.finesse));
    key = await fx.key(['passthrough:read', 'pii:read']);
  });
  afterAll(() => fx?.close());

  it('refuses each one with 403 before anything is sent, and audits it', async () => {
    const targets = [
      ...GENESYS_CORPUS.map((p) => `/v1/connections/${gen.id}/passthrough${p}`),
      ...FINESSE_CORPUS.map((p) => `/v1/connections/${fin.id}/passthrough${p}`),
      // The platform path must come after the literal `/passthrough` segment, not an encoding of it.
      `/v1/connections/${gen.id}/pass%74hrough/api/v2/users`,
    ];
    const sent = await fx.platformRequests();
    for (const target of targets) {
      const res = await fx.raw('GET', target, key);
      expect(res.status, target).toBe(403);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code, target).toMatch(/^passthrough_(path|query|not_allowed)/);
    }
    expect(await fx.platformRequests()).toBe(sent);

    const trail = await fx.audit();
    for (const target of targets) {
      const path = target.split('?')[0] as string;
      expect(
        trail.some((row) => row.status === 403 && row.path === path.slice(0, 2048) && row.errorCode?.startsWith('passthrough_')),
        target,
      ).toBe(true);
    }
  });

  it('leaves what is not HTTP to the HTTP parser, which answers before Switchboard sees it', async () => {
    const sent = await fx.platformRequests();
    for (const target of [
      `/v1/connections/${gen.id}/passthrough/api/v2/users/x\u0000`,
      `/v1/connections/${gen.id}/passthrough/api/v2/ users`,
    ]) {
      expect((await fx.raw('GET', target, key)).status, JSON.stringify(target)).toBe(400);
    }
    expect((await fx.raw('GET', `/v1/connections/${gen.id}/passthrough/api/v2/users/${'a'.repeat(20_000)}`, key)).status).toBe(431);
    expect(await fx.platformRequests()).toBe(sent);
  });

  it('leaves a path that is not valid percent-encoding to the router, which refuses it (400) before any route runs', async () => {
    const sent = await fx.platformRequests();
    for (const platformPath of ['/api/v2/users/%zz', '/api/v2/users/%c0%ae%c0%ae/oauth', '/api/v2/users/%e0%80%ae']) {
      const target = `/v1/connections/${gen.id}/passthrough${platformPath}`;
      const res = await fx.raw('GET', target, key);
      expect([res.status, (JSON.parse(res.body) as { error: { code: string } }).error.code], target).toEqual([400, 'invalid_url']);
    }
    expect(await fx.platformRequests()).toBe(sent);
    // Refused before any route or key check runs, and audited all the same (under no key).
    const refused = (await fx.audit()).filter((row) => row.errorCode === 'invalid_url' && row.path.includes('/passthrough/api/v2/users/'));
    expect(refused.map((row) => [row.status, row.keyId, row.route])).toEqual(Array.from({ length: 3 }, () => [400, null, null]));
  });
});
