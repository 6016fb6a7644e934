// Finesse has roles, not permissions (reference/cisco-finesse-api.md §1.2, §1.3): Agent and Supervisor
// on a User, and the administrator, a separate identity. No read-only administrator exists. The two
// ways to read are declared as the permissions Switchboard's streams need; each stream takes either.
import type { PermissionInfo } from '../connector.ts';

export const ADMINISTRATOR = 'administrator';
export const TEAM_MEMBER = 'team-member';

export const permissions: Record<string, PermissionInfo> = {
  [ADMINISTRATOR]: {
    label: 'Finesse administrator (UCCE/PCCE: the application user; UCCX: a user with the Administrator capability)',
    description:
      'The configuration APIs (--mode admin). On UCCE/PCCE the one application user created at installation, which every administrator shares; on UCCX any Unified CCX user with the Administrator capability. Reads every user, team, reason code and wrap-up reason (GET /finesse/api/Users, /Teams, /ReasonCodes?category=…, /WrapUpReasons, /Team/{id}/ReasonCodes). Five wrong passwords lock it out of them for five minutes.',
    source: 'https://developer.cisco.com/docs/finesse/cisco-finesse-configuration-apis/',
  },
  [TEAM_MEMBER]: {
    label: 'Finesse agent or supervisor of the team',
    description:
      'Team mode (--mode team): an Agent or Supervisor who belongs to the team, or a Supervisor of it. Reads its own User, the team-level reason codes and wrap-up reasons of its teams (GET /finesse/api/TeamResource/{teamId}/…, Finesse 12.5+; before 12.5 its own /User/{id}/ReasonCodes and /WrapUpReasons), and the members of supervised teams (GET /finesse/api/Team/{id}). Sees the global codes plus those of these teams only.',
    source: 'https://developer.cisco.com/docs/finesse/teamresource/',
  },
};
