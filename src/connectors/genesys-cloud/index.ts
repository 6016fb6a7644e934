// Genesys Cloud connector: OAuth client credentials, region-derived hosts, and the streams Switchboard
// syncs. Platform facts: shared/reference/genesys-cloud-api.md.
import { defineConnector } from '../connector.ts';
import { clientCredentialsProvider, readError, readRateHeaders, verifyClientCredentials } from './auth.ts';
import { inspectGenesys } from './doctor.ts';
import { genesysGuide } from './guide.ts';
import { passthrough } from './passthrough.ts';
import { permissions } from './permissions.ts';
import { REGION_NAMES, normalizeRegion, regionEndpoints } from './regions.ts';
import { agents } from './streams/agents.ts';
import { divisions } from './streams/divisions.ts';
import { interactions } from './streams/interactions.ts';
import { queues } from './streams/queues.ts';
import { reasonCodes } from './streams/reason-codes.ts';
import { recordings } from './streams/recordings.ts';
import { wrapUpCodes } from './streams/wrapup-codes.ts';

export const genesysCloud = defineConnector({
  id: 'genesys-cloud',
  title: 'Genesys Cloud',
  credentials: [
    {
      name: 'region',
      flag: 'region',
      title: 'Region',
      description: "The org's environment domain, as in the address of its admin UI (apps.<region>).",
      secret: false,
      required: true,
      choices: REGION_NAMES,
      normalize: normalizeRegion,
      example: 'mypurecloud.ie',
    },
    {
      name: 'clientId',
      flag: 'client-id',
      title: 'OAuth client ID',
      description: 'Client ID of a Client Credentials OAuth client (Admin > Integrations > OAuth).',
      secret: false,
      required: true,
      pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      example: '7de3af06-c0b3-4f9b-af45-72f4a1403797',
    },
    {
      name: 'clientSecret',
      flag: 'client-secret',
      title: 'OAuth client secret',
      description: "The client's secret, shown once when the client is created.",
      secret: true,
      required: true,
      example: 'w0nT-b3-sh0wn-aGa1n',
      envVar: 'SWITCHBOARD_CLIENT_SECRET',
    },
    {
      name: 'apiUrl',
      flag: 'api-url',
      title: 'API base URL override',
      description: 'Replaces https://api.<region> (simulator, proxy or unusual deployment).',
      secret: false,
      required: false,
      kind: 'url',
      example: 'http://127.0.0.1:8443',
    },
    {
      name: 'loginUrl',
      flag: 'login-url',
      title: 'Login URL override',
      description: 'Replaces https://login.<region> for the token request.',
      secret: false,
      required: false,
      kind: 'url',
      example: 'http://127.0.0.1:8443',
    },
  ],
  endpoints: regionEndpoints,
  http: { requestsPerMinute: 300, readRateHeaders, readError },
  auth: {
    provider: ({ tokenHttp, endpoints, secrets, settings }) => clientCredentialsProvider(tokenHttp, endpoints.loginUrl, secrets, settings),
    verify: verifyClientCredentials,
  },
  permissions,
  passthrough,
  streams: [divisions, agents, queues, wrapUpCodes, reasonCodes, interactions, recordings],
  doctor: { inspect: inspectGenesys, guide: genesysGuide },
});
