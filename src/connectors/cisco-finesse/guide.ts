// The least-privilege setup of Cisco Finesse access, in Cisco's words (reference/cisco-finesse-api.md §1.2,
// §1.5, §2, §6, §7). Finesse has roles, not permissions, and no read-only administrator, so least privilege
// is a choice of account and mode: a dedicated supervisor of the teams to read (team mode) rather than the
// administrator (admin mode). `switchboard guide cisco-finesse` renders these steps.
import type { Feature, GuideContext, GuideDraft } from '../connector.ts';
import { DEFAULT_PORT } from './endpoints.ts';

export const SERVICE_USER = { loginName: 'svc-switchboard', firstName: 'Switchboard', lastName: 'Service' } as const;

/** What team mode reads of each feature (streams/*.ts), for the features chosen. */
const TEAM_READS: Partial<Record<Feature, string>> = {
  teams: 'its own team and the teams it supervises',
  agents: 'itself and the members of each team it supervises',
  'reason-codes': 'the global not-ready and logout codes plus those assigned to its teams',
  'wrapup-codes': 'the global wrap-up reasons plus those assigned to its teams',
};

export function finesseGuide(ctx: GuideContext): GuideDraft {
  const reads = ctx.features.flatMap((f) => (TEAM_READS[f] ? [`${f}: ${TEAM_READS[f]}`] : []));
  const codes = ctx.features.includes('reason-codes') || ctx.features.includes('wrapup-codes');
  return {
    intro: [
      'Finesse has no permissions to tick and no read-only administrator: an account is an agent, a supervisor or the administrator, and what it may read follows from that. These steps set up team mode, the least privilege: a dedicated supervisor reads the teams it supervises through the same APIs its own desktop uses. Admin mode, and what each mode costs, is step 1.',
    ],
    steps: [
      {
        id: 'choose-mode',
        title: 'Choose team mode (recommended) or admin mode',
        text: [
          `Team mode (the default) reads, for the chosen features, ${reads.join('; ')}. What it costs: the supervisor must be kept on every team to read (a team created later is not read until it is added)${codes ? ", codes assigned only to other teams stay out of reach, and team codes need Finesse 12.5 or later (TeamResource; before that only its own team's are readable)" : ''}. A supervisor may also change its agents' states from the desktop: Switchboard only reads, but keep the password as safe as any supervisor's. In an SSO deployment agents and supervisors sign in through Cisco IdS, which a headless connector cannot: use a non-SSO supervisor on a HYBRID deployment, or admin mode.`,
          "Admin mode (--mode admin) reads every user, team, reason code and wrap-up reason through the configuration APIs, with the Finesse administrator. What it costs: Finesse has no read-only administrator, so Switchboard then holds an account that can change all of them; on UCCE and PCCE it is the one application user every administrator shares, and five wrong passwords, from Switchboard or from a colleague in /cfadmin, lock all of them out of the configuration APIs for five minutes. The doctor reports it as high excess wherever team mode would serve. For admin mode skip steps 2 and 3 and add --mode admin to the command of the last step, with the administrator's user name.",
        ],
        values: { mode: 'team' },
      },
      {
        id: 'create-user',
        title: 'Create a dedicated supervisor',
        text: [
          `Create a user that only Switchboard uses, e.g. "${SERVICE_USER.loginName}" (${SERVICE_USER.firstName} ${SERVICE_USER.lastName}), with a password used nowhere else, and give it the Supervisor role. UCCX: a Unified CM end user, enabled as a Unified CCX agent (resource) and given the Supervisor capability in Cisco Unified CCX Administration. UCCE and PCCE: an agent with the supervisor setting.`,
          "Do not use a person's account: on UCCX its failed logins may count towards the Unified CM or Active Directory lock of that person's corporate account, and a person's password changes with them. Switchboard never sends a refused password twice, so a wrong one costs one failed login until you change it.",
        ],
        values: { ...SERVICE_USER, role: 'supervisor' },
      },
      {
        id: 'assign-teams',
        title: 'Make it the supervisor of every team to read',
        text: [
          'Add it as a supervisor of each team whose data Switchboard should read, and make it a member of one of those teams: every agent belongs to exactly one team, and supervising is how one user reaches several. Members are listed only for teams it supervises, so its own team should be one of them.',
          'Switchboard reads every team it belongs to or supervises; --team-id limits that to the teams named. The doctor reports a team named by --team-id that the account cannot read as partial, with the agents synced from it.',
        ],
        values: { memberOf: 'one of the teams it supervises', supervises: 'every team to read' },
      },
      {
        id: 'nodes-certificate',
        title: 'Note the nodes and trust their certificate',
        text: [
          `The host is the primary Finesse node (on UCCX the primary UCCX node), by the name its certificate carries. Add --secondary-host with the other node so that reads go on while the primary is out of service. The REST API listens on ${DEFAULT_PORT} (--port 8443 before UCCE 11.0).`,
          'Finesse presents its self-signed tomcat certificate unless your PKI signed one: export it, or its CA, from Cisco Unified OS Administration > Security > Certificate Management, and add --ca-file with it to the command below. SystemInfo is read without credentials first, so a node or certificate problem costs no login.',
        ],
        values: { port: DEFAULT_PORT, certificate: 'tomcat' },
      },
    ],
  };
}
