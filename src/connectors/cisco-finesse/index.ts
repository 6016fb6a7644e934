// Cisco Finesse connector (UCCX and UCCE/PCCE): Basic credentials of an administrator (admin mode) or,
// by default, of an agent or supervisor reading only its own teams (team mode); the primary node, or
// the secondary while the primary is out of service. Five wrong passwords lock a Finesse account out, so
// the engine's account-lockout guard runs every request of a connection one at a time and stops at the
// first rejection. Platform facts: shared/reference/cisco-finesse-api.md.
import { defineConnector } from '../connector.ts';
import { REQUESTS_PER_MINUTE } from './api.ts';
import { discoverNode, finesseAuth } from './auth.ts';
import { inspectFinesse } from './doctor.ts';
import { DEFAULT_PORT, finesseEndpoints, normalizeHost, normalizeTeamIds } from './endpoints.ts';
import { readError } from './errors.ts';
import { finesseGuide } from './guide.ts';
import { passthrough } from './passthrough.ts';
import { permissions } from './permissions.ts';
import { agents } from './streams/agents.ts';
import { reasonCodes } from './streams/reason-codes.ts';
import { teams } from './streams/teams.ts';
import { wrapUpCodes } from './streams/wrapup-codes.ts';
import { verifyFinesse } from './verify.ts';

export const ciscoFinesse = defineConnector({
  id: 'cisco-finesse',
  title: 'Cisco Finesse',
  credentials: [
    {
      name: 'host',
      flag: 'host',
      title: 'Finesse host',
      description: 'FQDN (as its certificate names it) or IP address of the primary Finesse node; on UCCX, the primary UCCX node.',
      secret: false,
      required: true,
      normalize: normalizeHost,
      example: 'finesse1.example.com',
    },
    {
      name: 'secondaryHost',
      flag: 'secondary-host',
      title: 'Secondary Finesse host',
      description: 'The other node, read from while the primary is out of service (UCCX always; UCCE in team mode only).',
      secret: false,
      required: false,
      normalize: normalizeHost,
      example: 'finesse2.example.com',
    },
    {
      name: 'port',
      flag: 'port',
      title: 'HTTPS port',
      description: `Port of the Finesse REST API (default ${DEFAULT_PORT}; 8443 before UCCE 11.0).`,
      secret: false,
      required: false,
      pattern: /^\d{1,5}$/,
      example: DEFAULT_PORT,
    },
    {
      name: 'scheme',
      flag: 'scheme',
      title: 'Scheme',
      description: 'https (default). http is accepted for loopback hosts only (the simulator): Finesse 12.5+ serves HTTPS only.',
      secret: false,
      required: false,
      choices: ['https', 'http'],
      example: 'https',
    },
    {
      name: 'username',
      flag: 'username',
      title: 'User name',
      description:
        'Team mode: a dedicated supervisor (or agent) of the teams to read. Admin mode: the Finesse administrator (UCCE: the application user; UCCX: a user with the Administrator capability).',
      secret: false,
      required: true,
      // Basic auth splits at the first colon (RFC 7617): such a name could only fail, and count a strike.
      pattern: /^[^:\s](?:[^:]{0,126}[^:\s])?$/,
      example: 'svc-switchboard',
    },
    {
      name: 'password',
      flag: 'password',
      title: 'Password',
      description:
        'Its password. Five wrong ones lock the account out of the Finesse APIs for five minutes; Switchboard never tries one twice.',
      secret: true,
      required: true,
      example: 'w0nT-b3-sh0wn-aGa1n',
      envVar: 'SWITCHBOARD_FINESSE_PASSWORD',
    },
    {
      name: 'mode',
      flag: 'mode',
      title: 'Mode',
      description:
        'team (default): only what the account reads of its own and supervised teams, least privilege. admin: everything, through the configuration APIs, with the administrator account.',
      secret: false,
      required: false,
      choices: ['team', 'admin'],
      example: 'team',
    },
    {
      name: 'teamIds',
      flag: 'team-id',
      title: 'Team IDs',
      description: 'Team mode: read only these teams (repeat the flag for several). Default: its own team and every team it supervises.',
      secret: false,
      required: false,
      multiple: true,
      normalize: normalizeTeamIds,
      // Checked per team id: they go into request paths.
      pattern: /^\d{1,10}$/,
      example: '5001',
    },
    {
      name: 'caCertificate',
      flag: 'ca-file',
      title: 'CA certificate',
      description:
        "PEM file of the CA that signed the nodes' certificates, or of their self-signed tomcat certificates (Finesse's default).",
      secret: false,
      required: false,
      kind: 'file',
      pattern: /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/,
      example: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEbX9…\n-----END CERTIFICATE-----',
    },
    {
      name: 'insecureTls',
      flag: 'insecure-tls',
      title: 'Skip TLS verification',
      description:
        "Accept any certificate (the node's self-signed one included). Prefer --ca-file: without verification the password goes to whoever answers.",
      secret: false,
      required: false,
      kind: 'switch',
      example: 'true',
    },
    {
      name: 'requestsPerMinute',
      flag: 'requests-per-minute',
      title: 'Request budget',
      description: `Requests per minute Switchboard allows itself (default ${REQUESTS_PER_MINUTE}: one a second, serial; 0 = unpaced, for the simulator).`,
      secret: false,
      required: false,
      pattern: /^\d{1,6}$/,
      example: String(REQUESTS_PER_MINUTE),
    },
  ],
  endpoints: finesseEndpoints,
  http: { requestsPerMinute: REQUESTS_PER_MINUTE, requestsPerMinuteSetting: 'requestsPerMinute', readError },
  auth: {
    provider: ({ settings, secrets }) => finesseAuth(settings, secrets),
    discoverApiBaseUrl: discoverNode,
    verify: verifyFinesse,
    accountLockout: true,
  },
  permissions,
  passthrough,
  streams: [teams, agents, reasonCodes, wrapUpCodes],
  doctor: { inspect: inspectFinesse, guide: finesseGuide },
  unavailable: {
    interaction:
      'Finesse keeps no interaction history: it only shows calls in progress (Dialogs). Call history lives in UCCX Historical Reporting (the HR/CCX database, hrdb) or in the CCE AW/HDS database.',
    recording: 'Finesse holds no recordings: they live in the recording system (e.g. MediaSense, Calabrio/WFO or another recorder).',
    queue:
      'Finesse lists no queues: GET Queue/{id} (UCCE only; UCCX answers -1) gives live statistics of a queue whose id is already known. Queues (CSQs, skill groups) are configured in UCCX Administration or CCE.',
    queueMember: 'Finesse lists no queues, so no queue membership either (see queue).',
    division: 'Finesse has no divisions.',
  },
});
