// Reading a CXone access token's claims (reference/nice-cxone-api.md §2.2). The signature is not checked:
// the claims only route (tenantId → API host) and cross-check what the operator typed (icBUId). Every
// API call is still authorised by the platform, which does check the token.

export interface CxoneClaims {
  /** Tenant UUID: the key of API host discovery. */
  tenantId?: string;
  /** Tenant name. */
  tenant?: string;
  /** Business unit number (an integer; negative in NICE's own dev tenants). */
  icBUId?: number | string;
  icClusterId?: string;
  /** `user:<userUUID>`: the employee the access key belongs to. */
  sub?: string;
  /** Login name (often an e-mail). */
  name?: string;
  given_name?: string;
  family_name?: string;
  /** The employee's role; `legacyId` is its name, e.g. "Administrator". */
  role?: { legacyId?: string; id?: string };
  iat?: number;
  exp?: number;
}

/** The payload of a JWT (base64url JSON), or undefined when the text is not a JWT with an object payload. */
export function decodeJwtPayload(token: string): CxoneClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as CxoneClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** The user UUID of `sub: "user:<uuid>"`. */
export function userIdOf(claims: CxoneClaims): string | undefined {
  const sub = claims.sub ?? '';
  const id = sub.startsWith('user:') ? sub.slice('user:'.length) : sub;
  return id || undefined;
}

/** The business unit number as text, or undefined when the token names none. */
export function businessUnitOf(claims: CxoneClaims): string | undefined {
  const bu = claims.icBUId;
  if (typeof bu === 'number' && Number.isInteger(bu)) return String(bu);
  if (typeof bu === 'string' && /^-?\d+$/.test(bu.trim())) return String(Number(bu.trim()));
  return undefined;
}
