import { describe, expect, it } from 'vitest';
import { readError } from './errors.ts';

describe('CXone error bodies, per API family (reference §6.3)', () => {
  it('reads the token endpoint and ACD shape {error, error_description}', () => {
    expect(readError(400, { error: 'invalid_grant', error_description: 'The access key is inactive.' })).toEqual({
      code: 'invalid_grant',
      message: 'The access key is inactive.',
    });
  });

  it('reads the newer ACD services shape {errorCode, errorMessage, path, timestamp}', () => {
    const body = {
      errorCode: 'NotFound',
      errorMessage: 'No such code',
      path: '/inContactAPI/services/v34.0/unavailable-codes/9',
      timestamp: 'x',
    };
    expect(readError(404, body)).toEqual({ code: 'NotFound', message: 'No such code' });
  });

  it('reads Media Playback {internalCode, message} and its 429 {message, route}', () => {
    expect(readError(400, { internalCode: 1001, message: 'bad acd-call-id' })).toEqual({ code: '1001', message: 'bad acd-call-id' });
    expect(readError(429, { message: 'Rate limit exceeded', route: '/media-playback/v1/contacts' })).toEqual({
      message: 'Rate limit exceeded',
    });
  });

  it('reads security profiles {error, errorDescription} and user management {error, message, path, status}', () => {
    expect(readError(400, { error: 'BadRequest', errorDescription: 'nope' })).toEqual({ code: 'BadRequest', message: 'nope' });
    expect(readError(401, { error: 'Unauthorized', message: 'Token expired', path: '/user-management/v1/users', status: 401 })).toEqual({
      code: 'Unauthorized',
      message: 'Token expired',
    });
  });

  it('leaves empty and non-JSON bodies alone (ACD 401s may have none)', () => {
    expect(readError(401, undefined)).toBeUndefined();
    expect(readError(403, '<html>Forbidden</html>')).toBeUndefined();
    expect(readError(403, {})).toBeUndefined();
  });
});

describe('a refused read names the missing permission where the answer allows it', () => {
  it('takes a message naming a declared permission at its word', () => {
    const body = {
      error: 'Forbidden',
      error_description: 'The security profile of this user does not grant the required permission: Employees: View.',
    };
    expect(readError(403, body)?.missingPermissions).toEqual({ mode: 'all', permissions: ['Employees: View'] });
  });

  it('names Play Any for a Media Playback 403, whatever its message', () => {
    expect(readError(403, { internalCode: 'Forbidden', message: 'Access denied.' })?.missingPermissions).toEqual({
      mode: 'all',
      permissions: ['Play Any'],
    });
  });

  it('names ACD: View for a 403 of the unavailable-codes and dispositions services, by their path', () => {
    for (const path of ['/inContactAPI/services/v34.0/unavailable-codes', '/inContactAPI/services/v34.0/dispositions']) {
      const body = { errorCode: 'Forbidden', errorMessage: 'Access is denied', path, timestamp: 'x' };
      expect(readError(403, body)?.missingPermissions, path).toEqual({ mode: 'all', permissions: ['ACD: View'] });
    }
  });

  it('does not guess for an ACD 403 that names nothing (the stream names its own permission)', () => {
    expect(readError(403, { error: 'Forbidden', error_description: 'Access denied.' })?.missingPermissions).toBeUndefined();
    expect(readError(403, { error: 'Forbidden', error_description: 'Missing permission: Made Up' })?.missingPermissions).toBeUndefined();
  });

  it('reads a 401 as a missing permission only when its message says so', () => {
    expect(readError(401, { internalCode: 'Unauthorized', message: 'Token expired.' })?.missingPermissions).toBeUndefined();
    expect(
      readError(401, { internalCode: 'Unauthorized', message: 'User lacks the permission to play recordings.' })?.missingPermissions,
    ).toEqual({
      mode: 'all',
      permissions: ['Play Any'],
    });
  });

  it('does not read an unlicensed tenant as a missing permission', () => {
    const body = { internalCode: 'NotLicensed', message: 'The tenant is not licensed for the Media Playback API.' };
    expect(readError(403, body)).toEqual({ code: 'NotLicensed', message: body.message });
  });

  it('never reads a missing permission into other statuses', () => {
    expect(readError(404, { internalCode: 'NotFound', message: 'No recording' })?.missingPermissions).toBeUndefined();
  });
});
