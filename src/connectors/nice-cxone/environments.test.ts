import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_NAMES, ISSUERS, issuerEndpoints, normalizeEnvironment } from './environments.ts';

describe('NICE CXone environments', () => {
  it('knows the two issuers NICE documents, production first', () => {
    expect(ISSUERS).toEqual({ production: 'https://cxone.niceincontact.com', fedramp: 'https://cxone-gov.niceincontact.com' });
    expect(ENVIRONMENT_NAMES).toEqual(['production', 'fedramp']);
  });

  it.each([
    ['production', 'production'],
    [' FedRAMP ', 'fedramp'],
    ['https://cxone-gov.niceincontact.com/', 'fedramp'],
    ['https://cxone.niceincontact.com', 'production'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizeEnvironment(input)).toBe(expected);
  });

  it.each(['', 'eu', 'https://api-na1.niceincontact.com'])('refuses %j', (input) => {
    expect(normalizeEnvironment(input)).toBeUndefined();
  });

  it('gives the issuer only: the API host is discovered, never derived', () => {
    expect(issuerEndpoints({ environment: 'fedramp' })).toEqual({ loginUrl: 'https://cxone-gov.niceincontact.com' });
    expect(issuerEndpoints({})).toEqual({ loginUrl: 'https://cxone.niceincontact.com' });
    expect(issuerEndpoints({})).not.toHaveProperty('apiBaseUrl');
  });

  it('lets --issuer-url replace the environment (simulator, sovereign clouds)', () => {
    expect(issuerEndpoints({ environment: 'production', issuerUrl: 'http://127.0.0.1:9/' })).toEqual({ loginUrl: 'http://127.0.0.1:9' });
  });

  it('names the choices for an unknown environment', () => {
    expect(() => issuerEndpoints({ environment: 'staging' })).toThrow(
      /unknown NICE CXone environment "staging"; expected one of production, fedramp/,
    );
  });
});
