// How the connector reads Finesse: XML over HTTPS, whole lists with no paging (reference/cisco-finesse-api.md
// §3), one request at a time and at most one a second (§5), through the engine's client.
import type { HttpClient, QueryValue } from '../../engine/types.ts';
import { parseXml, xmlList, xmlNode, xmlText, type XmlNode, type XmlValue } from '../../engine/xml.ts';

/**
 * No documented rate limit exists (§5, UNCONFIRMED absence); the reference's practical budget is serial
 * requests at no more than one a second per node. The engine sends them one at a time (accountLockout).
 */
export const REQUESTS_PER_MINUTE = 60;

/**
 * Lists come whole (§3: no paging). 8 MiB holds tens of thousands of users; a larger body is refused
 * instead of being held in memory, and the XML parser has the same cap.
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Names spelt one way whatever the document's case: Finesse writes `ReasonCode` in a User and
 * `reasonCode` in a Team's member summary, `ApiErrors` in REST bodies and `apiErrors` in XMPP (§3, §4).
 * Case-folding joins a root and a child list of the same name: `Teams` is both the /Teams root and a
 * User's `teams` (the teams it supervises), `Users` both the /Users root and a Team's `users`.
 */
const NAMES = [
  'SystemInfo',
  'deploymentType',
  'status',
  'statusReason',
  'systemAuthMode',
  'primaryNode',
  'secondaryNode',
  'host',
  'Users',
  'Teams',
  'ReasonCodes',
  'WrapUpReasons',
  'uri',
  'id',
  'name',
  'label',
  'code',
  'category',
  'forAll',
  'systemCode',
  'loginId',
  'loginName',
  'firstName',
  'lastName',
  'teamId',
  'teamName',
  'roles',
  'ApiErrors',
  'ErrorType',
  'ErrorMessage',
  'ErrorData',
];

/** List items: arrays even when a list holds one. */
const LIST_ITEMS = ['User', 'Team', 'ReasonCode', 'WrapUpReason', 'role', 'ApiError'];

export function parseFinesseXml(text: string): XmlNode {
  return parseXml(text, { maxBytes: MAX_BODY_BYTES, names: NAMES, arrays: LIST_ITEMS });
}

/** Trimmed text, or null when the element is absent or empty. */
export function textOf(value: XmlValue | undefined): string | null {
  const text = xmlText(value)?.trim();
  return text ? text : null;
}

/** Finesse writes `true`, older examples `True` (§3): compared without case. */
export const isTrue = (value: XmlValue | undefined): boolean => /^true$/i.test(textOf(value) ?? '');

/** The last path segment of a `uri` such as `/finesse/api/ReasonCode/27` (or without the leading slash). */
export function lastSegment(uri: string | null): string | null {
  const segment = uri?.replace(/\/+$/, '').split('/').pop();
  return segment ? decodeURIComponent(segment) : null;
}

/** An object's id: its `<id>` element, else the last segment of its `<uri>`. */
export const idOf = (item: XmlNode): string | null => textOf(item.id) ?? lastSegment(textOf(item.uri));

export const enc = encodeURIComponent;

export interface XmlAnswer {
  status: number;
  /** The parsed body of a 2xx answer; {} otherwise. */
  doc: XmlNode;
  /** The raw body of an accepted non-2xx answer (an ApiErrors document, an HTML page), for errors.ts. */
  errorBody?: string;
}

/**
 * GET an API object as text and parse it safely. `url` is relative to the session's node
 * (`/finesse/api`) or absolute; a non-2xx status the caller accepts comes back instead of being thrown.
 * https://developer.cisco.com/docs/finesse/client-requests/
 */
export async function getXml(
  http: HttpClient,
  url: string,
  opts: { query?: Record<string, QueryValue>; acceptStatuses?: readonly number[]; auth?: 'none' } = {},
): Promise<XmlAnswer> {
  const res = await http.request<string>({
    method: 'GET',
    url,
    query: opts.query,
    headers: { accept: 'application/xml' },
    responseType: 'text',
    maxBodyBytes: MAX_BODY_BYTES,
    acceptStatuses: opts.acceptStatuses,
    ...(opts.auth ? { auth: opts.auth } : {}),
  });
  const body = typeof res.body === 'string' ? res.body : '';
  if (res.status < 200 || res.status >= 300) return { status: res.status, doc: {}, errorBody: body };
  try {
    return { status: res.status, doc: parseFinesseXml(body) };
  } catch (err) {
    const path = /^https?:\/\//.test(url) ? new URL(url).pathname : `/finesse/api/${url.replace(/\?.*$/, '')}`;
    throw new Error(`GET ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** The items of a whole list: GET /finesse/api/{root}, then its `item` elements (`Teams` → `Team`). */
export async function listItems(http: HttpClient, root: string, item: string): Promise<XmlNode[]> {
  return xmlList(xmlNode((await getXml(http, root)).doc[root])?.[item]);
}
