// The Genesys Cloud permissions Switchboard's streams need, in the platform's own words.
// Labels are the admin UI's "Domain > Entity > Action" spelling (reference/genesys-cloud-api.md §7);
// the doctor prefers the org's permission catalogue for display when it can read it.
import type { PermissionInfo } from '../connector.ts';

const ACCESS_CONTROL_OVERVIEW = 'https://help.mypurecloud.com/?p=187499';
const apiExplorer = (anchor: string) => `https://developer.genesys.cloud/devapps/api-explorer#${anchor}`;

export const permissions: Record<string, PermissionInfo> = {
  'analytics:conversationDetail:view': {
    label: 'Analytics > Conversation Detail > View',
    description: 'Read conversation details (POST /api/v2/analytics/conversations/details/query and jobs).',
    source: apiExplorer('post-api-v2-analytics-conversations-details-jobs'),
  },
  'analytics:agentConversationDetail:view': {
    label: 'Analytics > Agent Conversation Detail > View',
    description: 'Narrower alternative: conversation details limited to agent-visible data.',
    source: apiExplorer('post-api-v2-analytics-conversations-details-query'),
  },
  'routing:queue:view': {
    label: 'Routing > Queue > View',
    description: 'List queues and their members (GET /api/v2/routing/queues, /members).',
    source: apiExplorer('get-api-v2-routing-queues'),
  },
  'routing:wrapupCode:view': {
    label: 'Routing > Wrapup Code > View',
    description: 'List wrap-up codes (GET /api/v2/routing/wrapupcodes).',
    source: apiExplorer('get-api-v2-routing-wrapupcodes'),
  },
  'presence:presenceDefinition:view': {
    label: 'Presence > Presence Definition > View',
    description: 'List presence definitions, the reason codes (GET /api/v2/presence/definitions).',
    source: apiExplorer('get-api-v2-presence-definitions'),
  },
  'recording:recording:view': {
    label: 'Recording > Recording > View',
    description: 'Read recording metadata and download recordings through batch requests.',
    source: apiExplorer('post-api-v2-recording-batchrequests'),
  },
  'recording:recordingSegment:view': {
    label: 'Recording > Recording Segment > View',
    description: 'Alternative grant for recording reads (segments only).',
    source: ACCESS_CONTROL_OVERVIEW,
  },
  'recording:snippetRecording:view': {
    label: 'Recording > Snippet Recording > View',
    description: 'Alternative grant for recording reads (snippets only).',
    source: ACCESS_CONTROL_OVERVIEW,
  },
  'recording:screenRecording:view': {
    label: 'Recording > Screen Recording > View',
    description: 'Alternative grant for recording reads (screen recordings only).',
    source: ACCESS_CONTROL_OVERVIEW,
  },
};

/** Any one of these lets a client read conversation recordings (reference §6.6). */
export const RECORDING_VIEW_ANY = [
  'recording:recording:view',
  'recording:recordingSegment:view',
  'recording:snippetRecording:view',
  'recording:screenRecording:view',
];
