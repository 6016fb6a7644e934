import { describe, expect, it } from 'vitest';
import { WRONG_PASSWORD, isTeamNotFound, readApiError, readError } from './errors.ts';

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const apiErrors = (inner: string) => `${DECL}<ApiErrors><ApiError>${inner}</ApiError></ApiErrors>`;

/** The VOS/Tomcat page Finesse answers a wrong password with (reference §1.4, observed). */
const HTML_401 =
  '<!-- custom Cisco error page --><html><head><title>Cisco System - Error report</title></head>' +
  '<body><h1>HTTP Status 401 - </h1><p><b>description</b> <u>This request requires HTTP authentication.</u></p></body></html>';

describe('Finesse ApiErrors bodies', () => {
  it('reads the documented order and the real one (ErrorData before ErrorMessage)', () => {
    const documented = apiErrors('<ErrorType>Not Found</ErrorType><ErrorMessage>Team not found</ErrorMessage><ErrorData>574</ErrorData>');
    const real = apiErrors('<ErrorType>Not Found</ErrorType><ErrorData>574</ErrorData><ErrorMessage>Team not found</ErrorMessage>');
    const expected = { type: 'Not Found', message: 'Team not found', data: '574' };
    expect(readApiError(documented)).toEqual(expected);
    expect(readApiError(real)).toEqual(expected);
  });

  it('reads the lower-case spelling of the XMPP payloads, and a missing or empty ErrorData', () => {
    const lower =
      '<apiErrors><apiError><errorType>Invalid State</errorType><errorMessage>CF_INVALID_AGENT_WORKMODE</errorMessage><errorData/></apiError></apiErrors>';
    expect(readApiError(lower)).toEqual({ type: 'Invalid State', message: 'CF_INVALID_AGENT_WORKMODE', data: null });
    expect(readApiError(apiErrors('<ErrorType>Unauthorized</ErrorType>'))).toEqual({ type: 'Unauthorized', message: null, data: null });
  });

  it('ignores HTML pages, empty bodies, other XML, and XML carrying a DTD', () => {
    expect(readApiError(HTML_401)).toBeUndefined();
    expect(readApiError('')).toBeUndefined();
    expect(readApiError(undefined)).toBeUndefined();
    expect(readApiError(`${DECL}<User><loginId>1</loginId></User>`)).toBeUndefined();
    const xxe = `<!DOCTYPE ApiErrors [<!ENTITY x SYSTEM "file:///etc/passwd">]><ApiErrors><ApiError><ErrorType>&x;</ErrorType></ApiError></ApiErrors>`;
    expect(readApiError(xxe)).toBeUndefined();
  });
});

describe('readError: a 401 is a role refusal only when Finesse identified the caller', () => {
  it('reads the HTML 401 page as the credentials (wrong password or locked), never as a role refusal', () => {
    const reading = readError(401, HTML_401);
    expect(reading).toEqual({ message: WRONG_PASSWORD });
    expect(reading?.missingPermissions).toBeUndefined();
    expect(readError(401, undefined)?.missingPermissions).toBeUndefined();
    expect(readError(401, '')?.message).toMatch(/locked/);
  });

  it('reads Authorization Failure as "not an administrator"', () => {
    const body = apiErrors(
      '<ErrorType>Authorization Failure</ErrorType><ErrorData>agent1</ErrorData><ErrorMessage>UNAUTHORIZED</ErrorMessage>',
    );
    expect(readError(401, body)).toEqual({
      code: 'Authorization Failure',
      message: 'this account is not an administrator; Finesse said Authorization Failure: UNAUTHORIZED (agent1)',
      missingPermissions: { mode: 'all', permissions: ['administrator'] },
    });
  });

  it('reads the /Users variant `Unauthorized` the same way', () => {
    const body = apiErrors(
      '<ErrorType>Unauthorized</ErrorType><ErrorMessage>The user is not authorized to perform this operation</ErrorMessage>',
    );
    expect(readError(401, body)?.missingPermissions).toEqual({ mode: 'all', permissions: ['administrator'] });
  });

  it("reads another user's or team's object as the team-member permission", () => {
    const other = apiErrors(
      "<ErrorType>Invalid Authorization User Specified</ErrorType><ErrorMessage>The user specified in the authentication credentials and the uri don't match</ErrorMessage><ErrorData>1002</ErrorData>",
    );
    expect(readError(401, other)?.missingPermissions).toEqual({ mode: 'all', permissions: ['team-member'] });
    expect(readError(401, apiErrors('<ErrorType>Invalid Supervisor</ErrorType>'))?.missingPermissions).toEqual({
      mode: 'all',
      permissions: ['team-member'],
    });
  });

  it('is tolerant of the case of the ErrorType value', () => {
    expect(readError(401, apiErrors('<ErrorType>AUTHORIZATION FAILURE</ErrorType>'))?.missingPermissions?.permissions).toEqual([
      'administrator',
    ]);
  });

  it('keeps another 401 ApiErrors as the platform said it, without a permission', () => {
    const reading = readError(401, apiErrors('<ErrorType>Invalid State</ErrorType><ErrorMessage>nope</ErrorMessage>'));
    expect(reading).toEqual({ code: 'Invalid State', message: 'Invalid State: nope' });
  });
});

describe('readError: other statuses', () => {
  it('explains the 403 of a secondary node, without calling it a permission', () => {
    const body = apiErrors(
      '<ErrorType>Forbidden</ErrorType><ErrorMessage>Configuration APIs are available only on the primary Finesse server</ErrorMessage>',
    );
    const reading = readError(403, body);
    expect(reading?.code).toBe('Forbidden');
    expect(reading?.message).toMatch(/only the primary Finesse node serves configuration APIs/);
    expect(reading?.missingPermissions).toBeUndefined();
  });

  it('reads the serviceability 403 "Only users with administrator privilege allowed" as the administrator permission', () => {
    const body = apiErrors('<ErrorType>Forbidden</ErrorType><ErrorMessage>Only users with administrator privilege allowed</ErrorMessage>');
    expect(readError(403, body)?.missingPermissions).toEqual({ mode: 'all', permissions: ['administrator'] });
  });

  it('says what SERVER_OUT_OF_SERVICE means', () => {
    const body = apiErrors('<ErrorType>Service Unavailable</ErrorType><ErrorMessage>SERVER_OUT_OF_SERVICE</ErrorMessage>');
    expect(readError(503, body)).toEqual({
      code: 'Service Unavailable',
      message: 'Service Unavailable: SERVER_OUT_OF_SERVICE: Finesse is out of service on this node (a service it depends on is down)',
    });
  });

  it('keeps the machine key Finesse puts in ErrorType, and leaves non-XML bodies alone', () => {
    const invalidTeam = readError(
      404,
      apiErrors(
        '<ErrorType>finesse.api.team.team_assignment_invalid_team</ErrorType><ErrorData>574</ErrorData><ErrorMessage>This is not a valid team</ErrorMessage>',
      ),
    );
    expect(invalidTeam?.code).toBe('finesse.api.team.team_assignment_invalid_team');
    expect(invalidTeam?.message).toBe('finesse.api.team.team_assignment_invalid_team: This is not a valid team (574)');
    expect(invalidTeam?.missingPermissions).toBeUndefined();
    expect(readError(500, '<html>boom</html>')).toBeUndefined();
    expect(readError(404, { message: 'json' })).toBeUndefined();
  });

  it('tells a missing team from a missing API on TeamResource 404s', () => {
    expect(isTeamNotFound(readApiError(apiErrors('<ErrorType>TeamId Not Found</ErrorType><ErrorData>9</ErrorData>')))).toBe(true);
    expect(isTeamNotFound(readApiError(apiErrors('<ErrorType>Not Found</ErrorType>')))).toBe(false);
    expect(isTeamNotFound(undefined)).toBe(false);
  });
});
