import { describe, expect, it } from 'vitest';
import { normalizeRegion, REGION_NAMES, regionEndpoints } from './regions.ts';

describe('Genesys Cloud regions', () => {
  it('knows all 18 regions of the reference, FedRAMP included', () => {
    expect(REGION_NAMES).toHaveLength(18);
    expect(REGION_NAMES).toContain('use2.us-gov-pure.cloud');
    expect(new Set(REGION_NAMES).size).toBe(18);
  });

  it.each(REGION_NAMES)('derives both hosts for %s from one table', (region) => {
    expect(regionEndpoints({ region })).toEqual({ apiBaseUrl: `https://api.${region}`, loginUrl: `https://login.${region}` });
  });

  it.each([
    ['mypurecloud.ie', 'mypurecloud.ie'],
    ['eu-west-1', 'mypurecloud.ie'],
    ['eu_west_1', 'mypurecloud.ie'],
    ['https://apps.mypurecloud.ie/directory/', 'mypurecloud.ie'],
    ['api.usw2.pure.cloud', 'usw2.pure.cloud'],
    ['US-EAST-2', 'use2.us-gov-pure.cloud'],
    ['  MyPureCloud.com.au ', 'mypurecloud.com.au'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizeRegion(input)).toBe(expected);
  });

  it.each(['', 'mypurecloud.fr', 'eu-west-9', 'example.com'])('refuses %j', (input) => {
    expect(normalizeRegion(input)).toBeUndefined();
    expect(() => regionEndpoints({ region: input })).toThrow(/unknown Genesys Cloud region/);
  });

  it('lets overrides replace the derived hosts', () => {
    const settings = { region: 'mypurecloud.de', apiUrl: 'http://127.0.0.1:9', loginUrl: 'http://127.0.0.1:8' };
    expect(regionEndpoints(settings)).toEqual({ apiBaseUrl: 'http://127.0.0.1:9', loginUrl: 'http://127.0.0.1:8' });
  });
});
