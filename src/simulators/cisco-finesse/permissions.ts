// Which API family each endpoint belongs to (its lockout counter, and whether the UCCE secondary serves
// it) and who may call it at all. Object-level rules (own user, supervised team, team membership) are
// the handlers'. The reference names the families but not every endpoint's: where it is silent, the
// endpoint sits with the documented object it reads (marked INF).
import type { ApiFamily } from './auth.ts';
import { usersWrongRole, wrongRole, type FinesseError } from './errors.ts';

/** admin: the application user only; user: agents and supervisors only; any: both (handlers decide). */
export type Access = 'admin' | 'user' | 'any';

export interface Endpoint {
  family: ApiFamily;
  access: Access;
  /** Served without credentials (SystemInfo, UNCONFIRMED: reference §3.1). */
  anonymous?: boolean;
  /** The wrong-role refusal, when the endpoint documents its own. */
  refuse?: (username: string) => FinesseError;
}

const P = '/finesse/api';

export const ENDPOINTS: Record<string, Endpoint> = {
  [`GET ${P}/SystemInfo`]: { family: 'serviceability', access: 'any', anonymous: true },
  // INF: admin-only lists sit with the configuration APIs.
  [`GET ${P}/Users`]: { family: 'configuration', access: 'admin', refuse: usersWrongRole },
  [`GET ${P}/User/{id}`]: { family: 'desktop', access: 'any' },
  [`GET ${P}/User/{id}/ReasonCodes`]: { family: 'desktop', access: 'any' },
  [`GET ${P}/User/{id}/WrapUpReasons`]: { family: 'desktop', access: 'any' },
  [`GET ${P}/Teams`]: { family: 'configuration', access: 'admin' },
  // INF: the live team object is what a supervisor's desktop reads.
  [`GET ${P}/Team/{id}`]: { family: 'desktop', access: 'any' },
  [`GET ${P}/Team/{id}/ReasonCodes`]: { family: 'configuration', access: 'admin' },
  [`GET ${P}/Team/{id}/WrapUpReasons`]: { family: 'configuration', access: 'admin' },
  // Administrators are not among the documented callers (reference §3.8); INF: a desktop API.
  [`GET ${P}/TeamResource/{teamId}/ReasonCodes`]: { family: 'desktop', access: 'user' },
  [`GET ${P}/TeamResource/{teamId}/WrapUpReasons`]: { family: 'desktop', access: 'user' },
  [`GET ${P}/ReasonCodes`]: { family: 'configuration', access: 'admin' },
  // "Administrators and agents can use this API" (reference §3.6).
  [`GET ${P}/ReasonCode/{id}`]: { family: 'configuration', access: 'any' },
  [`GET ${P}/WrapUpReasons`]: { family: 'configuration', access: 'admin' },
  [`GET ${P}/WrapUpReason/{id}`]: { family: 'configuration', access: 'admin' },
};

export const refusal = (endpoint: Endpoint, username: string): FinesseError => (endpoint.refuse ?? wrongRole)(username);
