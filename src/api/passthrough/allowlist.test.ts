// The passthrough's matcher against each connector's real allowlist: what passes is rebuilt from decoded
// parts, and every trick a path or query can play is refused with the class of refusal it belongs to.
import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/catalog.ts';
import { ciscoFinesse } from '../../connectors/cisco-finesse/index.ts';
import { genesysCloud } from '../../connectors/genesys-cloud/index.ts';
import { niceCxone } from '../../connectors/nice-cxone/index.ts';
import { MAX_TARGET_LENGTH, compileAllowlist, type Allowlist, type RefusalCode } from './allowlist.ts';

const allowlistOf = (c: { id: string; passthrough?: Parameters<typeof compileAllowlist>[1] }): Allowlist => {
  if (!c.passthrough) throw new Error(`${c.id} declares no passthrough`);
  return compileAllowlist(c.id, c.passthrough);
};
const genesys = allowlistOf(genesysCloud);
const finesse = allowlistOf(ciscoFinesse);
const cxone = allowlistOf(niceCxone);

const refusal = (list: Allowlist, target: string, method = 'GET'): RefusalCode | 'allowed' => {
  const d = list.decide(method, target);
  return d.ok ? 'allowed' : d.refusal.code;
};
const urlOf = (list: Allowlist, target: string): string => {
  const d = list.decide('GET', target);
  if (!d.ok) throw new Error(`${target}: ${d.refusal.code} ${d.refusal.message}`);
  return d.target.url;
};

describe('passthrough allowlists', () => {
  it('every connector declares one, and each compiles', () => {
    for (const connector of connectors) expect(() => allowlistOf(connector), connector.id).not.toThrow();
  });

  it('refuses a malformed declaration when it is compiled', () => {
    const segment = /^\d+$/;
    expect(() => compileAllowlist('x', { segment, allow: [{ path: 'no/slash' }] })).toThrow(/must start with/);
    expect(() => compileAllowlist('x', { segment, allow: [{ path: '/a/../b' }] })).toThrow(/malformed segment/);
    expect(() => compileAllowlist('x', { segment, allow: [{ path: '/a/{id}' }, { path: '/a/{other}' }] })).toThrow(/two entries/);
    expect(() => compileAllowlist('x', { segment, allow: [{ path: '/a', query: ['a b'] }] })).toThrow(/query parameter/);
  });

  it('lets the reads through, rebuilt from their decoded parts', () => {
    expect(urlOf(genesys, '/api/v2/users?pageSize=25&pageNumber=2&state=any')).toBe('/api/v2/users?pageSize=25&pageNumber=2&state=any');
    // The official SDK joins arrays with commas; an encoded comma decodes and is re-encoded the same way.
    expect(urlOf(genesys, '/api/v2/users?id=a,b&expand=presence%2CroutingStatus')).toBe(
      '/api/v2/users?id=a%2Cb&expand=presence%2CroutingStatus',
    );
    expect(urlOf(genesys, '/api/v2/routing/queues/5f0c6a1e-0d7b-4a55-9c3e-8f1f2e3d4c5b/members?pageSize=100')).toBe(
      '/api/v2/routing/queues/5f0c6a1e-0d7b-4a55-9c3e-8f1f2e3d4c5b/members?pageSize=100',
    );
    expect(urlOf(finesse, '/finesse/api/ReasonCodes?category=ALL&nocache=1700000000000')).toBe(
      '/finesse/api/ReasonCodes?category=ALL&nocache=1700000000000',
    );
    expect(urlOf(finesse, '/finesse/api/User/jdoe%40example.com')).toBe('/finesse/api/User/jdoe%40example.com');
    expect(urlOf(finesse, '/finesse/api/SystemInfo')).toBe('/finesse/api/SystemInfo');
    expect(
      urlOf(cxone, '/inContactAPI/services/v34.0/contacts/completed?updatedSince=2026-11-01T00:00:00Z&orderBy=lastUpdateTime+asc&top=100'),
    ).toBe('/inContactAPI/services/v34.0/contacts/completed?updatedSince=2026-11-01T00%3A00%3A00Z&orderBy=lastUpdateTime%20asc&top=100');
  });

  it('matches a literal segment before a placeholder', () => {
    expect(genesys.decide('GET', '/api/v2/authorization/divisions/home')).toMatchObject({
      ok: true,
      target: { endpoint: { path: '/api/v2/authorization/divisions/home' } },
    });
  });

  it('marks what carries customer addresses, and what is read without credentials', () => {
    const endpoint = (list: Allowlist, target: string) => {
      const d = list.decide('GET', target);
      return d.ok ? d.target.endpoint : undefined;
    };
    expect(endpoint(genesys, '/api/v2/analytics/conversations/details?id=a')?.personalData).toBe(true);
    expect(endpoint(cxone, '/inContactAPI/services/v34.0/contacts/completed')?.personalData).toBe(true);
    expect(endpoint(genesys, '/api/v2/users')?.personalData).toBeUndefined();
    expect(endpoint(finesse, '/finesse/api/SystemInfo')?.anonymous).toBe(true);
    expect(endpoint(finesse, '/finesse/api/Users')?.anonymous).toBeUndefined();
  });

  it('refuses every method but GET', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'get']) {
      expect(refusal(genesys, '/api/v2/users', method), method).toBe('passthrough_method_refused');
    }
  });

  it('refuses endpoints outside the allowlist: writes, secrets, recordings, other versions', () => {
    const outside: [Allowlist, string[]][] = [
      [
        genesys,
        [
          '/api/v2/analytics/conversations/details/query',
          '/api/v2/analytics/conversations/details/jobs/abc/results',
          '/api/v2/oauth/clients',
          '/api/v2/tokens/me',
          '/api/v2/conversations/abc/recordings',
          '/api/v2/recording/batchrequests/abc',
          '/api/v2/Users',
          '/api/v2/users/abc/roles',
          '/oauth/token',
        ],
      ],
      [
        finesse,
        [
          '/finesse/api/EnterpriseDatabaseConfig',
          '/finesse/api/SystemConfig',
          '/finesse/api/ClusterConfig',
          '/finesse/api/LayoutConfig',
          '/finesse/api/Workflows',
          '/finesse/api/Team/1/LayoutConfig',
          '/finesse/api/Team/1/Workflows',
          '/finesse/api/User/1001/Dialogs',
          '/finesse/api/PhoneBooks',
          '/cfadmin',
        ],
      ],
      [
        cxone,
        [
          '/media-playback/v1/contacts',
          '/inContactAPI/services/v33.0/agents',
          '/inContactAPI/services/v34.0/permissions',
          '/auth/token',
          '/user-management/v1/users',
        ],
      ],
    ];
    for (const [list, targets] of outside) {
      for (const target of targets) expect(refusal(list, target), target).toBe('passthrough_not_allowed');
    }
  });

  it('refuses traversal and encoding tricks in the path, before matching', () => {
    const corpus = [
      '/api/v2/users/../../oauth/clients',
      '/api/v2/users/..',
      '/api/v2/users/.',
      '/api/v2/./users',
      '/api/v2/users/%2e%2e/%2e%2e/oauth/clients',
      '/api/v2/users/%2E%2E',
      '/api/v2/users/.%2e',
      '/api/v2/users/%2e',
      '/api/v2/users/%252e%252e',
      '/api/v2/users/%25252e',
      '/api/v2/users/abc%2f..%2foauth',
      '/api/v2/users/abc%2F..',
      '/api/v2/users/abc%5c..%5coauth',
      '/api/v2/users\\..\\oauth\\clients',
      '/api/v2/users/abc\\',
      '/api/v2/users/%00',
      '/api/v2/users/abc%00.json',
      '/api/v2/users/abc\u0000',
      '/api/v2/users/abc%0d%0aX-Injected:1',
      '/api/v2/users/abc%3Fid=1',
      '/api/v2/users/abc%23frag',
      '/api/v2/users/..;/oauth/clients',
      '/api/v2/users/abc;jsessionid=1',
      '/api/v2/users/%zz',
      '/api/v2/users/%c0%ae%c0%ae',
      '/api/v2/users/%e0%80%ae',
      '//evil.example/api/v2/users',
      '/api//v2/users',
      '/api/v2/users/',
      '/api/v2/users/abc#frag',
      '/api/v2/users/ab c',
      '/api/v2/users/é',
      'http://evil.example/api/v2/users',
      'https:/evil.example/api/v2/users',
      '',
      '/',
      `/api/v2/users/${'a'.repeat(MAX_TARGET_LENGTH)}`,
    ];
    for (const target of corpus) expect(refusal(genesys, target), JSON.stringify(target)).toBe('passthrough_path_refused');
    for (const target of [
      '/finesse/api/Team/1/..%2f..%2fSystemConfig',
      '/finesse/api/User/%2e%2e/SystemConfig',
      '/finesse/api/Users/..;/SystemConfig',
    ]) {
      expect(refusal(finesse, target), target).toBe('passthrough_path_refused');
    }
  });

  it('refuses ids that are not ids, though well encoded', () => {
    for (const target of [
      '/api/v2/users/.hidden',
      '/api/v2/users/-x',
      '/api/v2/users/a@b',
      '/api/v2/users/%E2%80%A5',
      '/api/v2/users/%EF%BC%8E%EF%BC%8E',
    ]) {
      expect(refusal(genesys, target), target).toBe('passthrough_not_allowed');
    }
    expect(refusal(finesse, `/finesse/api/Team/${'1'.repeat(129)}`)).toBe('passthrough_not_allowed');
  });

  it('refuses query parameters the endpoint does not read, and values that smuggle paths or URLs', () => {
    const corpus: [Allowlist, string][] = [
      [genesys, '/api/v2/users?redirect=x'],
      [genesys, '/api/v2/users?pageSize=1&url=http://evil.example/'],
      [genesys, '/api/v2/users?expand=../../oauth/clients'],
      [genesys, '/api/v2/users?expand=%2e%2e%2foauth'],
      [genesys, '/api/v2/users?expand=/api/v2/oauth/clients'],
      [genesys, '/api/v2/users?expand=%5c%5cevil'],
      [genesys, '/api/v2/users?expand=http://evil.example'],
      [genesys, '/api/v2/users?expand=presence%252e%252e'],
      [genesys, '/api/v2/users?expand=a%00b'],
      [genesys, '/api/v2/users?expand=a%0d%0aHost:evil'],
      [genesys, '/api/v2/users?expand=%zz'],
      [genesys, '/api/v2/users?expand=a?b=c'],
      [genesys, '/api/v2/users?%2e%2e=1'],
      [finesse, '/finesse/api/ReasonCodes?category=ALL&path=/finesse/api/SystemConfig'],
      [finesse, '/finesse/api/Users?category=ALL'],
      [cxone, '/inContactAPI/services/v34.0/agents?top=10&fileUrl=https://evil.example'],
    ];
    for (const [list, target] of corpus) expect(refusal(list, target), target).toBe('passthrough_query_refused');
    for (const target of ['/api/v2/users?expand=a#b', '/api/v2/users?expand=a\\b', '/api/v2/users?expand=a b']) {
      expect(refusal(genesys, target), target).toBe('passthrough_query_refused');
    }
  });
});
