// Employee role permissions (reference §7.2) and which of them each API call checks (§8.2: Employees View
// for agents; ACD View for teams, skills, codes, dispositions and contacts; Play Any for media). CXone
// has no machine-readable permission keys in its public docs, so permissions are named by their admin-UI
// labels. The app-registration layer (§7.1) is not simulated: every app may call every API family.

const EMPLOYEES_VIEW = 'Employees: View';
const ACD_VIEW = 'ACD: View';
export const PLAY_ANY = 'Play Any';
export const VIEW_SENTIMENTS = 'View sentiments and categories';
const EXTRACT_INTERACTION_METADATA = 'Extract interaction metadata';

export interface PermissionEntry {
  name: string;
  /** Where an administrator finds it (Admin › Security › Roles & Permissions). */
  label: string;
}

export const PERMISSION_CATALOGUE: readonly PermissionEntry[] = [
  { name: EMPLOYEES_VIEW, label: 'Admin › General Permissions › Employees › View' },
  { name: 'Employees: Edit', label: 'Admin › General Permissions › Employees › Edit' },
  { name: 'Employees: Create', label: 'Admin › General Permissions › Employees › Create' },
  { name: 'Employees: Delete', label: 'Admin › General Permissions › Employees › Delete' },
  { name: 'Teams: View', label: 'Admin › General Permissions › Teams › View' },
  { name: 'Teams: Edit', label: 'Admin › General Permissions › Teams › Edit' },
  { name: 'Access Key', label: 'Admin › General Permissions › Access Key' },
  { name: 'My Access Key', label: 'Admin › General Permissions › My Access Key' },
  { name: 'Role Management', label: 'Admin › General Permissions › Role Management' },
  { name: ACD_VIEW, label: 'ACD › ACD › View' },
  { name: 'Dispositions: View', label: 'ACD › Contact Settings › Dispositions › View' },
  { name: 'Dispositions: Edit', label: 'ACD › Contact Settings › Dispositions › Edit' },
  { name: PLAY_ANY, label: 'Search & Playback › Player › Play/download recordings › Play Any' },
  { name: 'Download', label: 'Search & Playback › Player › Play/download recordings › Download' },
  { name: VIEW_SENTIMENTS, label: 'Search & Playback › View sentiments and categories' },
  { name: 'Search Interactions', label: 'Search & Playback › Search Interactions' },
  { name: EXTRACT_INTERACTION_METADATA, label: 'Search & Playback › Extract interaction metadata' },
];

export const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(PERMISSION_CATALOGUE.map((p) => p.name));

/**
 * What a least-privilege puller needs: MaestroQA's minimal role recipe (reference §7.2). Extract
 * interaction metadata only serves the optional Data Extraction API.
 */
export const LEAST_PRIVILEGE_PERMISSIONS = [EMPLOYEES_VIEW, ACD_VIEW, PLAY_ANY, EXTRACT_INTERACTION_METADATA] as const;

/**
 * `permissions`: any one of them grants the call (empty = any authenticated employee).
 * `unlessOwner`: the handler decides, because the employee may play their own contacts without it.
 */
export interface Requirement {
  permissions: readonly string[];
  unlessOwner?: boolean;
}

const NONE: Requirement = { permissions: [] };
const need = (permission: string): Requirement => ({ permissions: [permission] });
const ACD = need(ACD_VIEW);
const EMPLOYEES = need(EMPLOYEES_VIEW);
const MEDIA: Requirement = { permissions: [PLAY_ANY], unlessOwner: true };
const EXTRACT = need(EXTRACT_INTERACTION_METADATA);

export const ACD_PREFIX = '/inContactAPI/services/v34.0';

/** Keyed by `METHOD /pattern`; the server refuses to start when a route and this table disagree. */
export const ENDPOINT_PERMISSIONS: Readonly<Record<string, Requirement>> = {
  [`GET ${ACD_PREFIX}/agents`]: EMPLOYEES,
  [`GET ${ACD_PREFIX}/agents/{agentId}`]: EMPLOYEES,
  [`GET ${ACD_PREFIX}/agents/{agentId}/skills`]: ACD,
  [`GET ${ACD_PREFIX}/agents/skills`]: ACD,
  [`GET ${ACD_PREFIX}/skills/agents`]: ACD,
  [`GET ${ACD_PREFIX}/teams`]: ACD,
  [`GET ${ACD_PREFIX}/teams/agents`]: ACD,
  [`GET ${ACD_PREFIX}/teams/{teamId}`]: ACD,
  [`GET ${ACD_PREFIX}/teams/{teamId}/agents`]: ACD,
  [`GET ${ACD_PREFIX}/teams/{teamId}/unavailable-codes`]: ACD,
  [`GET ${ACD_PREFIX}/skills`]: ACD,
  [`GET ${ACD_PREFIX}/skills/{skillId}`]: ACD,
  [`GET ${ACD_PREFIX}/skills/{skillId}/dispositions`]: ACD,
  [`GET ${ACD_PREFIX}/unavailable-codes`]: ACD,
  [`GET ${ACD_PREFIX}/unavailable-codes/{codeId}`]: ACD,
  [`GET ${ACD_PREFIX}/dispositions`]: ACD,
  [`GET ${ACD_PREFIX}/dispositions/{dispositionId}`]: ACD,
  [`GET ${ACD_PREFIX}/contacts/completed`]: ACD,
  // Which permission the business-unit record needs is UNCONFIRMED; any employee may read their own BU here.
  [`GET ${ACD_PREFIX}/business-unit`]: NONE,
  // Which permission reading permissions needs is UNCONFIRMED: one's own here needs none, another
  // employee's needs Employees: View.
  [`GET ${ACD_PREFIX}/permissions`]: NONE,
  [`GET ${ACD_PREFIX}/permissions/{agentId}`]: EMPLOYEES,
  'GET /media-playback/v1/contacts': MEDIA,
  'GET /media-playback/v1/segments/{segmentId}': MEDIA,
  'GET /user-management/v1/users': EMPLOYEES,
  'POST /data-extraction/v1/jobs': EXTRACT,
  'GET /data-extraction/v1/jobs': EXTRACT,
  'GET /data-extraction/v1/jobs/{jobId}': EXTRACT,
};

/** The permission a call lacks, or undefined when the role holds one of the required ones. */
export function missingPermission(requirement: Requirement, held: ReadonlySet<string>): string | undefined {
  if (requirement.unlessOwner || requirement.permissions.length === 0) return undefined;
  return requirement.permissions.some((p) => held.has(p)) ? undefined : requirement.permissions.join(' or ');
}
