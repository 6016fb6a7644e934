// Finesse's error answers (reference/cisco-finesse-api.md §1.4, §4), read into what the engine needs.
// The one distinction that matters most: a 401 with an ApiErrors body comes from a caller Finesse
// identified (the password is right) and refused for its role or for someone else's object, while a 401
// with the Tomcat HTML error page is a wrong password or a locked account, and nothing more may be sent.
import type { ErrorReading } from '../../engine/types.ts';
import { xmlList, xmlNode } from '../../engine/xml.ts';
import { parseFinesseXml, textOf } from './api.ts';
import { ADMINISTRATOR, TEAM_MEMBER } from './permissions.ts';

export interface ApiError {
  /** `ErrorType`: `Authorization Failure`, `Not Found`, or a machine key such as `finesse.api.team…`. */
  type: string;
  message: string | null;
  data: string | null;
}

/**
 * The first `ApiError` of an `ApiErrors` document, whatever the case of its names and the order of its
 * children (§4: real bodies put ErrorData before ErrorMessage; XMPP spells them in lower case).
 * Undefined for anything else: HTML pages, empty bodies, other XML, unsafe XML.
 */
export function readApiError(body: unknown): ApiError | undefined {
  if (typeof body !== 'string' || !/<\s*apiErrors[\s>]/i.test(body)) return undefined;
  try {
    const first = xmlList(xmlNode(parseFinesseXml(body).ApiErrors)?.ApiError)[0];
    const type = first ? textOf(first.ErrorType) : null;
    return type && first ? { type, message: textOf(first.ErrorMessage), data: textOf(first.ErrorData) } : undefined;
  } catch {
    return undefined;
  }
}

/** 401 ErrorTypes of a caller Finesse identified (§1.4, §4), with what the refusal means. */
const ROLE_REFUSALS: Record<string, { permission: string; meaning: string }> = {
  'authorization failure': { permission: ADMINISTRATOR, meaning: 'this account is not an administrator' },
  unauthorized: { permission: ADMINISTRATOR, meaning: 'this account is not an administrator' },
  'invalid authorization user specified': {
    permission: TEAM_MEMBER,
    meaning: "this account may not read another user's or another team's objects",
  },
  'invalid supervisor': { permission: TEAM_MEMBER, meaning: 'this account does not supervise that team' },
};

export const WRONG_PASSWORD =
  'Finesse refused the user name or password, or the account is locked: five wrong passwords lock it out of the configuration APIs for five minutes';

const describe = (e: ApiError): string => `${e.type}${e.message ? `: ${e.message}` : ''}${e.data ? ` (${e.data})` : ''}`;

/**
 * How the engine should read a Finesse refusal. Error bodies arrive as text (XML or HTML).
 * - 401 ApiErrors with a role refusal: missingPermissions, so the engine reports a missing permission
 *   (and counts the password as proven) instead of blocking the connection.
 * - 401 anything else (the HTML page): the credentials, never read as a role refusal.
 * - 403 `Forbidden`: a configuration API on a UCCE secondary node, or a UCCX secondary refusing a write
 *   (§2); a 403 that says "administrator" (newer serviceability APIs) is the administrator permission.
 * - 503 `SERVER_OUT_OF_SERVICE`: the node is out of service (§2); the engine retries 5xx.
 */
export function readError(status: number, body: unknown): ErrorReading | undefined {
  const apiError = readApiError(body);
  if (status === 401) {
    if (!apiError) return { message: WRONG_PASSWORD };
    const refusal = ROLE_REFUSALS[apiError.type.toLowerCase()];
    const reading: ErrorReading = {
      code: apiError.type,
      message: refusal ? `${refusal.meaning}; Finesse said ${describe(apiError)}` : describe(apiError),
    };
    if (refusal) reading.missingPermissions = { mode: 'all', permissions: [refusal.permission] };
    return reading;
  }
  if (!apiError) return undefined;
  const reading: ErrorReading = { code: apiError.type, message: describe(apiError) };
  if (status === 403) {
    if (/administrator/i.test(`${apiError.message ?? ''} ${apiError.data ?? ''}`)) {
      reading.message = `this account is not an administrator; Finesse said ${describe(apiError)}`;
      reading.missingPermissions = { mode: 'all', permissions: [ADMINISTRATOR] };
    } else {
      reading.message = `${describe(apiError)}: this node refuses the call; on UCCE only the primary Finesse node serves configuration APIs`;
    }
  }
  if (status === 503 && /out_of_service/i.test(apiError.message ?? '')) {
    reading.message = `${describe(apiError)}: Finesse is out of service on this node (a service it depends on is down)`;
  }
  return reading;
}

/** 404 `TeamId Not Found` (§3.8): the team does not exist, as opposed to an API this Finesse lacks. */
export const isTeamNotFound = (e: ApiError | undefined): boolean => /teamid\s*not\s*found/i.test(`${e?.type ?? ''} ${e?.message ?? ''}`);
