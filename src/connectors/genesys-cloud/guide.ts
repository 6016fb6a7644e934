// The least-privilege setup of a Genesys Cloud OAuth client, in the admin UI's words (reference §2, §7;
// peers.md: a new role only shows in the client's role list once a user holds it). The permissions come
// from the streams' declarations; `switchboard guide genesys-cloud` renders these steps.
import type { GuideContext, GuideDraft } from '../connector.ts';

export const ROLE_NAME = 'Switchboard read-only';
/** Switchboard renews a token before it expires, so a short life costs nothing (allowed 300–172 800 s, §2). */
export const TOKEN_SECONDS = 3600;

export function genesysGuide(ctx: GuideContext): GuideDraft {
  const names = ctx.permissions.map((p) => p.name);
  const rolePermissions = names.length
    ? `On its Permissions tab add exactly the ${names.length} permissions under "What to grant" (search each by name, tick only the action listed) and nothing else: no Edit, Add, Delete or "All Permissions" toggle.`
    : 'Give it no permissions: a Client Credentials client must have a role, and the chosen features need none.';
  const sensitive = ctx.features.includes('recordings')
    ? [
        'Recordings flagged as sensitive are left out of batch downloads unless the role also holds Recording > Recording > View Sensitive Data; Switchboard does not ask for it.',
      ]
    : [];
  return {
    intro: [
      'Switchboard reads a Genesys Cloud org through an OAuth client with the Client Credentials grant. Such a client has no scopes: what it may read is the roles it is given, each in the divisions chosen for it. These steps give it exactly the permissions the chosen features read, only in the divisions that hold the data, and nothing that writes.',
    ],
    steps: [
      {
        id: 'create-role',
        title: 'Create a custom role',
        text: [`Admin > Roles/Permissions > Add Role. Name it "${ROLE_NAME}" and leave Default Role off.`, rolePermissions, ...sensitive],
        values: { roleName: ROLE_NAME, permissions: names },
      },
      {
        id: 'assign-role',
        title: 'Assign the role to yourself first',
        text: [
          `Admin > People > your own user > Roles: switch on "${ROLE_NAME}" and save. Genesys offers an OAuth client only the roles its creator holds, so a new role does not appear in the client's role list until a user has it. You may remove it from yourself once the client is saved.`,
        ],
        values: { roleName: ROLE_NAME, assignTo: 'the administrator who creates the OAuth client' },
      },
      {
        id: 'create-oauth-client',
        title: 'Create a Client Credentials OAuth client',
        text: [
          'Admin > Integrations > OAuth > Add Client. App Name "Switchboard", Grant Types: Client Credentials.',
          `Token Duration: ${TOKEN_SECONDS} seconds. Switchboard asks for a new token before one expires, so a short duration costs nothing and limits what a leaked token can do (Genesys allows 300 to 172800 seconds; the default is 86400).`,
        ],
        values: { appName: 'Switchboard', grantType: 'CLIENT-CREDENTIALS', accessTokenValiditySeconds: TOKEN_SECONDS },
      },
      {
        id: 'grant-role-divisions',
        title: 'Grant the role in the divisions that hold the data',
        text: [
          `On the client's Roles tab add "${ROLE_NAME}" and, in its Divisions column, every division that holds the queues, users, wrap-up codes and conversations to sync (Admin > Account Settings > Divisions lists them). Save.`,
          'Do not choose All Divisions: it also covers every division created later, and the doctor reports it as a wildcard. A division left out is silently missing from the data; the doctor reports it as partial, with the queues it holds.',
        ],
        values: { roleName: ROLE_NAME, divisions: 'every division that holds queues, users, wrap-up codes or conversations' },
      },
      {
        id: 'copy-credentials',
        title: 'Copy the client ID, the secret and the region',
        text: [
          'Open the saved client: copy its Client ID and Client Secret. The region is the domain in your admin UI address: apps.mypurecloud.ie is mypurecloud.ie.',
        ],
      },
    ],
  };
}
