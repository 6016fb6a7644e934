// NICE CXone connector: a back-end application registration plus an employee's access key, the API host
// discovered from the tenant, and the streams Switchboard syncs. Platform facts:
// shared/reference/nice-cxone-api.md.
import { defineConnector } from '../connector.ts';
import { ACD_REQUESTS_PER_MINUTE, MEDIA_PLAYBACK_FAMILY, MEDIA_PLAYBACK_REQUESTS_PER_MINUTE } from './api.ts';
import { CxoneAuth, discoverApiBaseUrl } from './auth.ts';
import { inspectCxone } from './doctor.ts';
import { ENVIRONMENT_NAMES, issuerEndpoints, normalizeEnvironment } from './environments.ts';
import { readError } from './errors.ts';
import { cxoneGuide } from './guide.ts';
import { passthrough } from './passthrough.ts';
import { permissions } from './permissions.ts';
import { agents } from './streams/agents.ts';
import { interactions } from './streams/interactions.ts';
import { reasonCodes } from './streams/reason-codes.ts';
import { recordings } from './streams/recordings.ts';
import { skills } from './streams/skills.ts';
import { teams } from './streams/teams.ts';
import { wrapUpCodes } from './streams/wrapup-codes.ts';
import { verifyAccessKey } from './verify.ts';

export const niceCxone = defineConnector({
  id: 'nice-cxone',
  title: 'NICE CXone',
  credentials: [
    {
      name: 'businessUnit',
      flag: 'business-unit',
      title: 'Business unit number',
      description: "The business unit number NICE registered your tenant under; the access key's employee must belong to it.",
      secret: false,
      required: true,
      pattern: /^-?\d{1,12}$/,
      example: '4600123',
    },
    {
      name: 'accessKeyId',
      flag: 'access-key-id',
      title: 'Access key ID',
      description: 'ID of an access key of the service employee (Employees > the employee > Access Keys).',
      secret: false,
      required: true,
      pattern: /^\S{8,200}$/,
      example: 'PUHL5C4DZ6KZZCF3VNSGXWOKNPQ2SFQD6RJ3ZQMUOCZWH2DL3FNA====',
    },
    {
      name: 'accessKeySecret',
      flag: 'access-key-secret',
      title: 'Access key secret',
      description: "The access key's secret, shown once when the key is created.",
      secret: true,
      required: true,
      example: 'SWLD2V6CZQ5YQ3SHK2YAAPKC4NGXJY3TFD5XQK7N4RFI6LZEYGPA====',
      envVar: 'SWITCHBOARD_ACCESS_KEY_SECRET',
    },
    {
      name: 'clientId',
      flag: 'client-id',
      title: 'Application client ID',
      description: 'Client ID of the back-end application registration (client_secret_basic) NICE issued.',
      secret: false,
      required: true,
      pattern: /^\S{4,200}$/,
      example: 'switchboard@acme-contact-center.com',
    },
    {
      name: 'clientSecret',
      flag: 'client-secret',
      title: 'Application client secret',
      description: "The application registration's client secret.",
      secret: true,
      required: true,
      example: 'w0nT-b3-sh0wn-aGa1n',
      envVar: 'SWITCHBOARD_CLIENT_SECRET',
    },
    {
      name: 'environment',
      flag: 'environment',
      title: 'Environment',
      description: 'The issuer the tenant lives on: production (cxone.niceincontact.com, the default) or fedramp (cxone-gov).',
      secret: false,
      required: false,
      choices: ENVIRONMENT_NAMES,
      normalize: normalizeEnvironment,
      example: 'production',
    },
    {
      name: 'requestsPerMinute',
      flag: 'requests-per-minute',
      title: 'ACD request budget',
      description: 'Requests per minute Switchboard allows itself on the ACD APIs (default 180: NICE publishes no limit).',
      secret: false,
      required: false,
      pattern: /^\d{1,6}$/,
      example: '180',
    },
    {
      name: 'mediaPlaybackPerMinute',
      flag: 'media-playback-per-minute',
      title: 'Media Playback budget',
      description: "Your tenant's Media Playback throttle per minute (default 30: 150 per 5 minutes, unless NICE raised it).",
      secret: false,
      required: false,
      pattern: /^\d{1,6}$/,
      example: '30',
    },
    {
      name: 'issuerUrl',
      flag: 'issuer-url',
      title: 'Issuer URL override',
      description: 'Replaces the environment’s issuer (simulator, sovereign cloud). The API host is always discovered.',
      secret: false,
      required: false,
      kind: 'url',
      example: 'http://127.0.0.1:8444',
    },
  ],
  endpoints: issuerEndpoints,
  http: {
    requestsPerMinute: ACD_REQUESTS_PER_MINUTE,
    requestsPerMinuteSetting: 'requestsPerMinute',
    readError,
    familyBudgets: [
      {
        name: 'media-playback',
        match: MEDIA_PLAYBACK_FAMILY,
        requestsPerMinute: MEDIA_PLAYBACK_REQUESTS_PER_MINUTE,
        setting: 'mediaPlaybackPerMinute',
      },
    ],
  },
  auth: {
    provider: (conn) => new CxoneAuth(conn),
    discoverApiBaseUrl,
    verify: verifyAccessKey,
  },
  permissions,
  passthrough,
  streams: [agents, teams, skills, reasonCodes, wrapUpCodes, interactions, recordings],
  doctor: { inspect: inspectCxone, guide: cxoneGuide },
});
