// The CXone role permissions Switchboard's streams need (reference/nice-cxone-api.md §5.3, §7.2, §8.2).
// CXone documents no machine-readable permission keys, so each is named as NICE's help and vendors' role
// recipes name it; the label is the path an administrator follows in Admin > Security > Roles & Permissions.
import type { PermissionInfo } from '../connector.ts';

const HELP = 'https://help.nicecxone.com/content/admin/security';

export const EMPLOYEES_VIEW = 'Employees: View';
export const ACD_VIEW = 'ACD: View';
export const PLAY_ANY = 'Play Any';

export const permissions: Record<string, PermissionInfo> = {
  [EMPLOYEES_VIEW]: {
    label: 'Admin > General Permissions > Employees > View',
    description: 'List employees with an ACD agent profile (GET /agents) and read the key owner (GET /agents/{userId}).',
    source: `${HELP}/adminpermissions.htm`,
  },
  [ACD_VIEW]: {
    // The per-object ACD labels (Skills, Teams, Unavailable Codes) are not documented where we could read
    // them (§7.2, UNCONFIRMED); "ACD: View" is the grant vendors' recipes use for these reads.
    label: 'ACD > ACD > View',
    description: 'Read teams, skills and their agents, unavailable codes, dispositions and completed contacts.',
    source: `${HELP}/permissions/acdpermissions.htm`,
  },
  [PLAY_ANY]: {
    label: 'Search & Playback (Interactions Hub) > Player > Play/download recordings > Play Any',
    description: 'Read recording metadata and media of any employee through the Media Playback API.',
    source: 'https://help.nicecxone.com/content/recording/mediaplaybacksapis.htm',
  },
};
