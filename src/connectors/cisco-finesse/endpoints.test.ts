import { describe, expect, it } from 'vitest';
import { InvalidSettingsError, validateSettings } from '../../connections/settings.ts';
import { finesseEndpoints, normalizeHost, normalizeTeamIds } from './endpoints.ts';
import { ciscoFinesse } from './index.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';
const base = { host: 'finesse1.example.com', username: 'sup1' };
const valid = (input: Record<string, string>) => validateSettings(ciscoFinesse, input);
const refused = (input: Record<string, string>) => expect(() => valid(input)).toThrow(InvalidSettingsError);

describe('Finesse endpoints', () => {
  it('defaults to https on 8445 at /finesse/api, with no API base URL (the node is chosen per session)', () => {
    expect(finesseEndpoints(base)).toEqual({ loginUrl: 'https://finesse1.example.com:8445/finesse/api' });
  });

  it('takes another port, and brackets an IPv6 address', () => {
    expect(finesseEndpoints({ ...base, port: '8443' }).loginUrl).toBe('https://finesse1.example.com:8443/finesse/api');
    expect(finesseEndpoints({ ...base, host: 'FD00::10' }).loginUrl).toBe('https://[fd00::10]:8445/finesse/api');
  });

  it('passes the CA bundle or the explicit insecure switch to the engine, not both', () => {
    expect(finesseEndpoints({ ...base, caCertificate: PEM }).tls).toEqual({ ca: PEM });
    expect(finesseEndpoints({ ...base, insecureTls: 'true' }).tls).toEqual({ insecure: true });
    expect(() => finesseEndpoints({ ...base, caCertificate: PEM, insecureTls: 'true' })).toThrow(/contradict/);
  });

  it('accepts plain http only when every node is a loopback address', () => {
    expect(finesseEndpoints({ ...base, host: '127.0.0.1', scheme: 'http', port: '8082' }).loginUrl).toBe(
      'http://127.0.0.1:8082/finesse/api',
    );
    expect(finesseEndpoints({ ...base, host: 'localhost', secondaryHost: '127.0.0.2', scheme: 'http' }).tls).toBeUndefined();
    expect(() => finesseEndpoints({ ...base, scheme: 'http' })).toThrow(/only accepted for loopback hosts/);
    expect(() => finesseEndpoints({ ...base, host: '127.0.0.1', secondaryHost: 'finesse2.example.com', scheme: 'http' })).toThrow(
      /loopback/,
    );
  });
});

describe('Finesse connection settings', () => {
  it('stores canonical settings with the defaults left implicit', () => {
    expect(valid({ ...base, host: ' Finesse1.Example.COM. ', mode: 'admin', teamIds: '5, 6,5' })).toEqual({
      host: 'finesse1.example.com',
      username: 'sup1',
      mode: 'admin',
      teamIds: '5,6',
    });
  });

  it('keeps a CA file whose content is PEM, and refuses one that is not', () => {
    expect(valid({ ...base, caCertificate: PEM }).caCertificate).toBe(PEM.trim());
    expect(() => valid({ ...base, caCertificate: 'not a certificate' })).toThrow(/the file does not look like a valid CA certificate/);
  });

  it('turns the connector`s cross-field refusals into InvalidSettingsError', () => {
    refused({ ...base, scheme: 'http' });
    refused({ ...base, caCertificate: PEM, insecureTls: 'true' });
    refused({ ...base, secondaryHost: 'FINESSE1.example.com' });
    refused({ ...base, port: '70000' });
  });

  it('refuses hosts that are not a host, team ids that are not numbers, and user names with a colon', () => {
    refused({ ...base, host: 'https://finesse1.example.com:8445/desktop' });
    refused({ ...base, host: 'fin esse' });
    refused({ ...base, teamIds: '5,../Users' });
    refused({ ...base, username: 'dom:user' });
    refused({ ...base, mode: 'supervisor' });
    refused({ ...base, scheme: 'ftp' });
    refused({ host: 'finesse1.example.com' });
  });

  it('normalizes hosts and team ids', () => {
    expect(normalizeHost('[::1]')).toBe('::1');
    expect(normalizeHost('10.0.0.7')).toBe('10.0.0.7');
    expect(normalizeHost('a_b.example.com')).toBeUndefined();
    expect(normalizeTeamIds('7 8,,9')).toBe('7,8,9');
    expect(normalizeTeamIds('7,x')).toBeUndefined();
  });
});
