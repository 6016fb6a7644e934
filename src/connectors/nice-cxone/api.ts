// Where NICE CXone's API families live under the discovered `api_endpoint` (reference/nice-cxone-api.md
// §1.3, §4.0, §5.1), and the one ACD API version the connector is pinned to.

/**
 * Field names change between ACD versions (v21 `contactStart`, v34 `contactStartDate`), so exactly one
 * version is spoken: v34.0, the current one on the developer portal (§4.0).
 */
export const ACD_API_VERSION = 'v34.0';

/** ACD Admin/Reporting resources: `{api_endpoint}/inContactAPI/services/v34.0/...`. */
export const acdPath = (resource: string): string => `/inContactAPI/services/${ACD_API_VERSION}/${resource.replace(/^\/+/, '')}`;

/** Media Playback resources: `{api_endpoint}/media-playback/v1/...`. */
export const mediaPlaybackPath = (resource: string): string => `/media-playback/v1/${resource.replace(/^\/+/, '')}`;

/** Requests to the media-playback family, which has a throttle of its own (§5.3, §6.2). */
export const MEDIA_PLAYBACK_FAMILY = /\/media-playback\/v1\//i;

/**
 * Media Playback allows 150 requests per 5 minutes by default (§5.3, HELP): 30 a minute, paced on top of
 * the token's own budget.
 */
export const MEDIA_PLAYBACK_REQUESTS_PER_MINUTE = 30;

/**
 * No ACD rate limit is published (§6.2, UNCONFIRMED). 180 a minute (3 a second) is a guess on the safe
 * side; 429s and 503s are still retried with backoff, honouring `Retry-After` when it comes.
 */
export const ACD_REQUESTS_PER_MINUTE = 180;

/** Admin lists: one client reports a maximum `top` of 100 (§6.1, UNCONFIRMED), so no more is asked. */
export const ADMIN_PAGE_SIZE = 100;

/** Completed contacts: at most 10,000 records per response (§4.6, OBSERVED). */
export const CONTACTS_PAGE_SIZE = 10_000;

/**
 * Completed contacts asked per request (a sync's `maxPageSize` may lower it). A response of 10 000
 * is ~14 MB of JSON, parsed into ~50 MB of objects, and the sync holds one page while writing another: at
 * 10 000 its peak RSS grew from 351 to 411 MB between 50 000 and 200 000 contacts, at 2 000 it stayed at
 * 212–229 MB and synced faster (docs/benchmarks.md §3). Five times the requests of the maximum: 100 for
 * 200 000 contacts, half a minute of the 180-a-minute budget.
 */
export const CONTACTS_REQUEST_SIZE = 2_000;
