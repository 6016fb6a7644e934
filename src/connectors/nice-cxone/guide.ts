// The least-privilege setup of NICE CXone access, in NICE's words (reference §1.1, §2.1, §5.3, §7; the
// vendors' recipes in peers.md): a back-end application registration, a role with only the permissions
// the chosen features read, a dedicated employee holding only that role, and that employee's access key.
import type { GuideContext, GuideDraft } from '../connector.ts';
import { PLAY_ANY } from './permissions.ts';

export const ROLE_NAME = 'Switchboard read-only';
export const EMPLOYEE = { firstName: 'Switchboard', lastName: 'Service' } as const;

export function cxoneGuide(ctx: GuideContext): GuideDraft {
  const names = ctx.permissions.map((p) => p.name);
  const media = names.includes(PLAY_ANY);
  const families = ['the ACD Admin and Reporting APIs', ...(media ? ['Media Playback'] : [])];
  return {
    intro: [
      "Switchboard reads a NICE CXone business unit as one dedicated employee: the application registration lets it ask for tokens, and every call then runs with that employee's role. These steps give that role exactly what the chosen features read and make sure no person's account, and no administrator's, is behind the key.",
    ],
    steps: [
      {
        id: 'register-application',
        title: 'Register a back-end application with NICE',
        text: [
          'Fill in the CXone Application Registration form (NICE approves it in a few business days). Application type: Back-end (server to server). Tenancy: single tenant. Token endpoint authentication: client_secret_basic, because Switchboard always sends the client credentials in a Basic header.',
          'FedRAMP: answer yes only if your tenant lives on the FedRAMP environment (cxone-gov.niceincontact.com); the answer decides the issuer the registration belongs to, and the --environment you give Switchboard.',
          `API families: ${families.join(' and ')}. Give your business unit number on the form. NICE sends back a client ID and a client secret.`,
        ],
        values: {
          applicationType: 'back-end',
          tenancy: 'single',
          tokenEndpointAuthMethod: 'client_secret_basic',
          fedramp: 'only for a tenant on cxone-gov.niceincontact.com',
          apiFamilies: families,
        },
      },
      {
        id: 'create-role',
        title: 'Create a role with only what the features read',
        text: [
          `Admin > Security > Roles & Permissions > New Role. Name it "${ROLE_NAME}" and turn on exactly the ${names.length} permissions under "What to grant", each where its path says, and nothing else: no Edit, Create, Delete or Access Key permission.`,
          ...(media
            ? [
                'Media Playback is a billable SKU: if your tenant is not licensed for it, the doctor reports recordings as unavailable whatever the role holds.',
              ]
            : []),
        ],
        values: { roleName: ROLE_NAME, permissions: names },
      },
      {
        id: 'create-employee',
        title: 'Create a dedicated employee',
        text: [
          `Admin > Employees > New Employee, e.g. "${EMPLOYEE.firstName} ${EMPLOYEE.lastName}", with "${ROLE_NAME}" as its only role. Nobody signs in as it: a person's account ties the sync to their job, and an access key dies with the account it belongs to. The doctor flags a key whose employee signs in interactively.`,
        ],
        values: { ...EMPLOYEE, roleName: ROLE_NAME },
      },
      {
        id: 'create-access-key',
        title: "Create the employee's access key",
        text: [
          'Employees > the employee > Access Keys > Add access key (you need the Access Key permission to do this for another employee). Copy the access key ID and the secret: the secret is shown once.',
        ],
      },
      {
        id: 'business-unit',
        title: 'Have the business unit number ready',
        text: [
          "The business unit number is the one NICE quotes on your application registration and in support cases. A key of another business unit is refused by `switchboard connections test` and by the doctor, which name the key's own number.",
        ],
      },
    ],
  };
}
