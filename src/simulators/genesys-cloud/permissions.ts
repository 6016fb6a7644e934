// Who may call what (reference §6, §7): the per-endpoint permission table with ANY/ALL semantics, the
// permission catalogue served by /api/v2/authorization/permissions, and the evaluation of role policies
// granted per division (with "*" wildcards in entityName, actionSet and division).

export type Requirement = { mode: 'NONE' } | { mode: 'ANY' | 'ALL'; permissions: readonly string[] };

export interface PermissionPolicy {
  domain: string;
  entityName: string;
  actionSet: string[];
}

/** One role granted in one division ('*' = every division). */
export interface Grant {
  policies: readonly PermissionPolicy[];
  divisionId: string;
  /** Permissions the org does not have (a product it is not licensed for): no policy grants them. */
  absent?: ReadonlySet<string>;
}

const NONE: Requirement = { mode: 'NONE' };
const any = (...permissions: string[]): Requirement => ({ mode: 'ANY', permissions });
const all = (...permissions: string[]): Requirement => ({ mode: 'ALL', permissions });

export const CONVERSATION_DETAIL_VIEW = 'analytics:conversationDetail:view';
const ANALYTICS = any(CONVERSATION_DETAIL_VIEW, 'analytics:agentConversationDetail:view');
export const RECORDING_VIEW_ANY = [
  'recording:recording:view',
  'recording:recordingSegment:view',
  'recording:snippetRecording:view',
  'recording:screenRecording:view',
] as const;
const RECORDINGS = any(...RECORDING_VIEW_ANY);

/** Keyed by `METHOD /pattern`; the server refuses to start if a route has no entry. */
export const ENDPOINT_PERMISSIONS: Readonly<Record<string, Requirement>> = {
  'GET /api/v2/users': NONE,
  'GET /api/v2/users/me': NONE,
  'GET /api/v2/users/{userId}': NONE,
  'GET /api/v2/routing/queues': any('routing:queue:view'),
  'GET /api/v2/routing/queues/{queueId}': all('routing:queue:view'),
  'GET /api/v2/routing/queues/{queueId}/members': any(
    'routing:queue:view',
    'routing:queue:edit',
    'routing:queue:readonly',
    'routing:queueMember:manage',
  ),
  'GET /api/v2/routing/wrapupcodes': all('routing:wrapupCode:view'),
  'GET /api/v2/routing/wrapupcodes/{codeId}': all('routing:wrapupCode:view'),
  'GET /api/v2/presence/definitions': all('presence:presenceDefinition:view'),
  'GET /api/v2/presence/definitions/{definitionId}': all('presence:presenceDefinition:view'),
  'GET /api/v2/authorization/divisions': NONE,
  'GET /api/v2/authorization/divisions/home': NONE,
  'GET /api/v2/authorization/divisions/{divisionId}': NONE,
  'POST /api/v2/analytics/conversations/details/query': ANALYTICS,
  'POST /api/v2/analytics/conversations/details/jobs': ANALYTICS,
  'GET /api/v2/analytics/conversations/details/jobs/availability': any(CONVERSATION_DETAIL_VIEW),
  'GET /api/v2/analytics/conversations/details/jobs/{jobId}': ANALYTICS,
  'GET /api/v2/analytics/conversations/details/jobs/{jobId}/results': ANALYTICS,
  'DELETE /api/v2/analytics/conversations/details/jobs/{jobId}': ANALYTICS,
  'GET /api/v2/analytics/conversations/details': ANALYTICS,
  'GET /api/v2/analytics/conversations/{conversationId}/details': ANALYTICS,
  'GET /api/v2/conversations/{conversationId}/recordingmetadata': RECORDINGS,
  'GET /api/v2/conversations/{conversationId}/recordings': RECORDINGS,
  'POST /api/v2/recording/batchrequests': RECORDINGS,
  // "Only the user that submitted the job may retrieve results"; no permission listed.
  'GET /api/v2/recording/batchrequests/{jobId}': NONE,
  'GET /api/v2/tokens/me': NONE,
  'GET /api/v2/authorization/subjects/me': NONE,
  'GET /api/v2/authorization/divisionspermitted/paged/me': NONE,
  'GET /api/v2/authorization/permissions': NONE,
  'GET /api/v2/organizations/me': NONE,
};

export interface CatalogueEntry {
  domain: string;
  entityType: string;
  action: string;
  label: string;
  divisionAware: boolean;
  allowsConditions: boolean;
}

// [permission, action label, divisionAware, allowsConditions]
const CATALOGUE: readonly (readonly [string, string, boolean, boolean])[] = [
  ['analytics:conversationDetail:view', 'View', true, true],
  ['analytics:agentConversationDetail:view', 'View', true, false],
  ['analytics:conversationAggregate:view', 'View', true, false],
  ['analytics:userObservation:view', 'View', false, false],
  ['authorization:role:view', 'View', false, false],
  ['authorization:grant:view', 'View', false, false],
  ['authorization:division:view', 'View', false, false],
  ['conversation:communication:view', 'View', true, false],
  ['conversation:message:view', 'View', true, false],
  ['conversation:webmessaging:view', 'View', true, false],
  ['directory:user:edit', 'Edit', true, false],
  ['oauth:client:view', 'View', false, false],
  ['presence:presenceDefinition:view', 'View', true, false],
  ['presence:presenceDefinition:edit', 'Edit', true, false],
  ['recording:recording:view', 'View', true, true],
  ['recording:recording:viewSensitiveData', 'View Sensitive Data', true, false],
  ['recording:recording:delete', 'Delete', true, false],
  ['recording:recordingSegment:view', 'View', true, true],
  ['recording:snippetRecording:view', 'View', true, false],
  ['recording:screenRecording:view', 'View', true, false],
  ['recording:annotation:view', 'View', true, false],
  ['routing:queue:view', 'View', true, false],
  ['routing:queue:edit', 'Edit', true, false],
  ['routing:queue:readonly', 'Read Only', true, false],
  ['routing:queueMember:manage', 'Manage', true, false],
  ['routing:wrapupCode:view', 'View', true, false],
  ['routing:wrapupCode:edit', 'Edit', true, false],
  ['routing:wrapupCode:search', 'Search', true, false],
];

export const PERMISSION_CATALOGUE: readonly CatalogueEntry[] = CATALOGUE.map(([permission, label, divisionAware, allowsConditions]) => {
  const [domain, entityType, action] = permission.split(':') as [string, string, string];
  return { domain, entityType, action, label, divisionAware, allowsConditions };
});

/** `domain:entity:action` → its parts, or undefined when malformed. */
export function parsePermission(permission: string): PermissionPolicy | undefined {
  const parts = permission.split(':');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z*][A-Za-z0-9_*]*$/.test(p))) return undefined;
  const [domain, entityName, action] = parts as [string, string, string];
  return { domain, entityName, actionSet: [action] };
}

export function policyAllows(policy: PermissionPolicy, permission: string): boolean {
  const [domain, entity, action] = permission.split(':');
  return (
    (policy.domain === '*' || policy.domain === domain) &&
    (policy.entityName === '*' || policy.entityName === entity) &&
    policy.actionSet.some((a) => a === '*' || a === action)
  );
}

/** Divisions in which `permission` is held: '*' for all, else the set (empty = not held at all). */
export function permittedDivisions(grants: readonly Grant[], permission: string): '*' | Set<string> {
  const divisions = new Set<string>();
  for (const grant of grants) {
    if (grant.absent?.has(permission) || !grant.policies.some((p) => policyAllows(p, permission))) continue;
    if (grant.divisionId === '*') return '*';
    divisions.add(grant.divisionId);
  }
  return divisions;
}

/** Divisions in which ANY of the permissions is held. */
export function permittedDivisionsAny(grants: readonly Grant[], permissions: readonly string[]): '*' | Set<string> {
  const out = new Set<string>();
  for (const permission of permissions) {
    const held = permittedDivisions(grants, permission);
    if (held === '*') return '*';
    for (const d of held) out.add(d);
  }
  return out;
}

export function holdsAnywhere(grants: readonly Grant[], permission: string): boolean {
  const held = permittedDivisions(grants, permission);
  return held === '*' || held.size > 0;
}

/** Whether an object in `divisionId` (undefined = not division-scoped) is visible under `held`. */
export function inDivisions(held: '*' | Set<string>, divisionId: string | undefined): boolean {
  return divisionId === undefined || held === '*' || held.has(divisionId);
}

/** The permissions missing for an endpoint: ANY lists all of them, ALL lists the ones not held. */
export function missingFor(
  requirement: Requirement,
  grants: readonly Grant[],
): { mode: 'ANY' | 'ALL'; permissions: readonly string[] } | undefined {
  if (requirement.mode === 'NONE') return undefined;
  if (requirement.mode === 'ANY') {
    return requirement.permissions.some((p) => holdsAnywhere(grants, p))
      ? undefined
      : { mode: 'ANY', permissions: requirement.permissions };
  }
  const missing = requirement.permissions.filter((p) => !holdsAnywhere(grants, p));
  return missing.length > 0 ? { mode: 'ALL', permissions: missing } : undefined;
}
