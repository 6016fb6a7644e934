// The Cisco Finesse reads a downstream app may make through the API's passthrough with this connection's
// account (reference/cisco-finesse-api.md §1.3, §3): the "read-only administrator" Finesse does not
// offer. GET only, and never a configuration API that carries secrets or layouts (§3.15:
// EnterpriseDatabaseConfig holds the AW database password; SystemConfig, ClusterConfig, LayoutConfig,
// Workflows), nor live calls (Dialogs). Which of these the account may read depends on its role (§1.3);
// the engine's lockout guard sends them one at a time and blocks the connection at the first 401.
import type { PassthroughDefinition } from '../connector.ts';

/** The Finesse JavaScript library adds `nocache=<ms>` to every GET (§3); the server ignores it. */
const NOCACHE = 'nocache';
/** Reason-code lists require `category`: NOT_READY, LOGOUT or ALL (§3.6). */
const CODES = ['category', NOCACHE];

export const passthrough: PassthroughDefinition = {
  // Database ids are digits; a user id is the login id, or on UCCE the login name (§3.2).
  segment: /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/,
  allow: [
    // https://developer.cisco.com/docs/finesse/systeminfo/ (read before sign-in; credentials there could
    // only count towards the serviceability lockout, §3.1)
    { path: '/finesse/api/SystemInfo', query: [NOCACHE], anonymous: true },
    // https://developer.cisco.com/docs/finesse/user-list/ (administrators)
    { path: '/finesse/api/Users', query: [NOCACHE] },
    // https://developer.cisco.com/docs/finesse/user/
    { path: '/finesse/api/User/{id}', query: [NOCACHE] },
    // https://developer.cisco.com/docs/finesse/user—get-reason-code/ (deprecated in 12.5, still served, §3.9)
    { path: '/finesse/api/User/{id}/ReasonCodes', query: CODES },
    { path: '/finesse/api/User/{id}/WrapUpReasons', query: [NOCACHE] },
    // https://developer.cisco.com/docs/finesse/team/ (§3.4, §3.5, §3.7)
    { path: '/finesse/api/Teams', query: [NOCACHE] },
    { path: '/finesse/api/Team/{id}', query: [NOCACHE] },
    { path: '/finesse/api/Team/{id}/ReasonCodes', query: CODES },
    { path: '/finesse/api/Team/{id}/WrapUpReasons', query: [NOCACHE] },
    // https://developer.cisco.com/docs/finesse/teamresource/ (12.5+, members of the team, §3.8)
    { path: '/finesse/api/TeamResource/{teamId}/ReasonCodes', query: CODES },
    { path: '/finesse/api/TeamResource/{teamId}/WrapUpReasons', query: [NOCACHE] },
    // https://developer.cisco.com/docs/finesse/reasoncode/ (§3.6)
    { path: '/finesse/api/ReasonCodes', query: CODES },
    { path: '/finesse/api/ReasonCode/{id}', query: [NOCACHE] },
    // https://developer.cisco.com/docs/finesse/wrapupreason/ (§3.10)
    { path: '/finesse/api/WrapUpReasons', query: [NOCACHE] },
    { path: '/finesse/api/WrapUpReason/{id}', query: [NOCACHE] },
  ],
};
