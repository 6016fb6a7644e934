// The Genesys Cloud reads a downstream app may make through the API's passthrough with this connection's
// OAuth client (reference/genesys-cloud-api.md §6): routing, users, presence, authorization and analytics.
// GET only. The conversation details query (POST /api/v2/analytics/conversations/details/query) and the
// details jobs (created by a POST) are reads in Genesys' eyes but not through a GET-only passthrough: apps
// read synced interactions from /v1/interactions, or details by id below. Recordings are left out: they
// are served by /v1/recordings under their own scope.
import type { PassthroughDefinition } from '../connector.ts';

/** Page-number listings (§5). */
const PAGED = ['pageSize', 'pageNumber'];

export const passthrough: PassthroughDefinition = {
  // Genesys ids are UUIDs; role and division ids too. A little wider, for ids the reference does not show.
  segment: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
  allow: [
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-users
    {
      path: '/api/v2/users',
      query: [...PAGED, 'id', 'jabberId', 'sortOrder', 'expand', 'integrationPresenceSource', 'userCustomAttributeSchemaIds', 'state'],
    },
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-users--userId-
    { path: '/api/v2/users/{userId}', query: ['expand', 'integrationPresenceSource', 'userCustomAttributeSchemaIds', 'state'] },
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-users--userId--queues
    { path: '/api/v2/users/{userId}/queues', query: [...PAGED, 'joined', 'divisionId'] },
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-routing-queues
    {
      path: '/api/v2/routing/queues',
      query: [...PAGED, 'sortOrder', 'name', 'id', 'divisionId', 'peerId', 'cannedResponseLibraryId', 'hasPeer', 'expand'],
    },
    { path: '/api/v2/routing/queues/{queueId}' },
    {
      path: '/api/v2/routing/queues/{queueId}/members',
      query: [
        ...PAGED,
        'sortOrder',
        'expand',
        'name',
        'profileSkills',
        'skills',
        'languages',
        'routingStatus',
        'presence',
        'memberBy',
        'joined',
      ],
    },
    { path: '/api/v2/routing/queues/{queueId}/wrapupcodes', query: [...PAGED, 'name'] },
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-routing-wrapupcodes
    { path: '/api/v2/routing/wrapupcodes', query: [...PAGED, 'sortBy', 'sortOrder', 'name', 'id', 'divisionId'] },
    { path: '/api/v2/routing/wrapupcodes/{codeId}' },
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-presence-definitions
    { path: '/api/v2/presence/definitions', query: ['deactivated', 'divisionId', 'localeCode'] },
    { path: '/api/v2/presence/definitions/{definitionId}', query: ['localeCode'] },
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-authorization-divisions
    {
      path: '/api/v2/authorization/divisions',
      query: [...PAGED, 'sortBy', 'expand', 'nextPage', 'previousPage', 'objectCount', 'id', 'name'],
    },
    { path: '/api/v2/authorization/divisions/home' },
    { path: '/api/v2/authorization/divisions/{divisionId}', query: ['objectCount'] },
    { path: '/api/v2/authorization/subjects/me' },
    { path: '/api/v2/authorization/divisionspermitted/paged/me', query: [...PAGED, 'permission'] },
    { path: '/api/v2/authorization/permissions', query: [...PAGED, 'queryType', 'query'] },
    { path: '/api/v2/authorization/roles', query: [...PAGED, 'sortBy', 'sortOrder', 'name', 'permission', 'id', 'userCount', 'expand'] },
    { path: '/api/v2/authorization/roles/{roleId}', query: ['userCount', 'expand'] },
    // https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-analytics-conversations-details
    { path: '/api/v2/analytics/conversations/details', query: ['id'], personalData: true },
    { path: '/api/v2/analytics/conversations/{conversationId}/details', personalData: true },
    { path: '/api/v2/analytics/conversations/details/jobs/availability' },
  ],
};
