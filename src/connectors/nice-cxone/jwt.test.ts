import { describe, expect, it } from 'vitest';
import { businessUnitOf, decodeJwtPayload, userIdOf } from './jwt.ts';

const jwt = (payload: unknown) =>
  ['{"alg":"RS256","kid":"default"}', JSON.stringify(payload)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.c2lnbmF0dXJl';

describe('CXone token claims', () => {
  // The claims of reference §2.2's decoded access token.
  const claims = {
    role: { legacyId: 'Administrator', id: '11eb...', secondaryRoles: [] },
    sub: 'user:11eb660f-4c6d-4ad0-8733-0242ac110003',
    iss: 'https://cxone.niceincontact.com',
    aud: 'acme@acme.com',
    given_name: 'Ada',
    family_name: 'Lovelace',
    name: 'ada@acme.com',
    tenantId: '11eb660f-4c6d-34a0-8733-0242ac110002',
    tenant: 'Acme',
    icBUId: 4600123,
    icClusterId: 'B32',
    iat: 1_700_000_000,
    exp: 1_700_003_600,
  };

  it('decodes a base64url payload, characters outside base64 included', () => {
    const decoded = decodeJwtPayload(jwt({ ...claims, tenant: 'Açme ~~>>??' }));
    expect(decoded?.tenantId).toBe('11eb660f-4c6d-34a0-8733-0242ac110002');
    expect(decoded?.tenant).toBe('Açme ~~>>??');
  });

  it('answers undefined for anything that is not a JWT with an object payload', () => {
    expect(decodeJwtPayload('opaque-token')).toBeUndefined();
    expect(decodeJwtPayload('a.b')).toBeUndefined();
    expect(decodeJwtPayload(`x.${Buffer.from('not json').toString('base64url')}.y`)).toBeUndefined();
    expect(decodeJwtPayload(jwt([1, 2]))).toBeUndefined();
  });

  it('finds the employee in sub and the business unit in icBUId', () => {
    expect(userIdOf(claims)).toBe('11eb660f-4c6d-4ad0-8733-0242ac110003');
    expect(userIdOf({})).toBeUndefined();
    expect(businessUnitOf(claims)).toBe('4600123');
    expect(businessUnitOf({ icBUId: -42 })).toBe('-42');
    expect(businessUnitOf({ icBUId: ' 4600123 ' })).toBe('4600123');
    expect(businessUnitOf({ icBUId: 'B32' })).toBeUndefined();
    expect(businessUnitOf({})).toBeUndefined();
  });
});
