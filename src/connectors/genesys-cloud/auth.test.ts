import { describe, expect, it } from 'vitest';
import { readError, readRateHeaders } from './auth.ts';

describe('Genesys Cloud error bodies', () => {
  it('reads the bracketed permission list of missing.any.permissions as "any one of"', () => {
    const body = {
      message:
        'Unable to perform the requested action. You must have at least one of the following permissions assigned: [routing:queue:view, routing:queue:edit]',
      code: 'missing.any.permissions',
      status: 403,
    };
    expect(readError(403, body)?.missingPermissions).toEqual({ mode: 'any', permissions: ['routing:queue:view', 'routing:queue:edit'] });
  });

  it('reads missing.permissions as "all of"', () => {
    const body = {
      message: 'Unable to perform the requested action. You are missing the following permission(s): [routing:wrapupCode:view]',
      code: 'missing.permissions',
    };
    expect(readError(403, body)?.missingPermissions).toEqual({ mode: 'all', permissions: ['routing:wrapupCode:view'] });
  });

  it('does not invent permissions from other 403s or bodies', () => {
    expect(readError(403, { message: 'You are not authorized [x]', code: 'not.authorized' })?.missingPermissions).toBeUndefined();
    expect(readError(403, '<html>')).toBeUndefined();
    expect(readError(400, { message: 'bad', code: 'bad.request' })).toEqual({ message: 'bad', code: 'bad.request' });
  });
});

describe('inin-ratelimit headers', () => {
  it('reads the bucket, the count used and the reset', () => {
    expect(readRateHeaders({ 'inin-ratelimit-allowed': '180', 'inin-ratelimit-count': '3', 'inin-ratelimit-reset': '61' })).toEqual({
      limit: 180,
      used: 3,
      resetSeconds: 61,
    });
  });
  it('ignores responses without them', () => {
    expect(readRateHeaders({})).toBeUndefined();
  });
});
